/**
 * Open-ended claims: any proposition someone reports (the complement of a reporting verb, "according
 * to X", "X alleged/accused/denied/warned that …") becomes a claim with its source, its stance and
 * its evidence span. The proposition is normalised through the event coder — its verb's CAMEO code
 * gives a PLOVER category, its subject and object (or the reporter, for "X denied supplying Y") give
 * the parties, its object's head gives the thing (weapons, loans, troops…) through the dictionary's
 * synonym sets — so "X denies supplying Y with arms" and "Y received weapons from X" share one key,
 * `AID|x|y|weapon`, across documents. Propositions the dictionary does not code keep a key of
 * lemmas and entity ids (`P|lemma|subject|object`).
 */
import type { LocalClaim, Sentence, Token } from "../../model/pipeline.js";
import type { Stance } from "../../model/records.js";
import { participantCode } from "../participants.js";
import { entityOf, evidenceOf, mentionsIn, normaliseWording, type DocView } from "../text.js";
import { agentIn, codeFrame, sentenceTokens } from "./coder.js";
import { cameoDictionary, ploverOf, type LoadedDictionary } from "./dictionary.js";
import { claimObjects } from "./objects.js";
import { verbFrames, type VerbFrame } from "./frames.js";

/** Reporting verbs (base form) and the stance their subject takes towards the complement. */
const REPORTING: ReadonlyMap<string, Stance> = new Map<string, Stance>([
  ...[
    "say",
    "tell",
    "claim",
    "allege",
    "insist",
    "assert",
    "confirm",
    "maintain",
    "argue",
    "state",
    "declare",
    "announce",
    "add",
    "accuse",
    "charge",
    "admit",
    "acknowledge",
    "write",
    "stress",
    "note",
    "report",
    "contend",
    "testify",
  ].map((v) => [v, "assert"] as [string, Stance]),
  ...["warn", "suggest", "believe", "suspect", "fear", "speculate"].map((v) => [v, "report"] as [string, Stance]),
  ...["deny", "reject", "dismiss", "refute", "rebuff", "disput"].map((v) => [v, "deny"] as [string, Stance]),
]);
/** Verbs whose subject is the recipient of what the "from" phrase names ("Y received arms from X"). */
const RECIPIENT_VERBS = new Set(["receive", "obtain", "acquire", "get", "buy", "import", "purchase", "accept"]);
/** States of mind: "X was concerned that P" reports P, and X is no party to it. */
const FEELING = new Set(["concern", "worry", "alarm", "fear", "hope", "trouble", "disturb"]);
const FEELING_WORDS = /\b(?:concerned|worried|alarmed|troubled|disturbed)\s+(?:that|about|by)\b/iu;
const CONDITION = /\b(?:if|unless|whether)\b/iu;
/** A noun phrase pointing back at what was said: "these reports", "the allegations", "such claims". */
const ANAPHORIC =
  /\b(?:these|those|such|the|this|that|them|it)\s+(?:\w+\s+)?(?:claims?|reports?|allegations?|accusations?|statements?|rumou?rs?|assertions?|charges?|stories|story)\b|\b(?:them|it)\s+as\b/iu;
/** Words that call a statement false. */
const FALSITY =
  /\b(?:lies?|false|falsehoods?|fake|baseless|groundless|unfounded|fabricat\w*|nonsense|propaganda|rumou?rs?|speculation|absurd)\b/iu;
const HEDGES = /\b(?:allegedly|reportedly|purportedly|supposedly|apparently|possibly|perhaps)\b/iu;
const CONDITIONAL = /\b(?:would|could|might|may|if|unless)\b/iu;
const NEGATED_DENIAL = /\b(?:not|never|n['’]t)\s+(?:\w+\s+)?$/iu;
const NON_ANSWER = /\b(?:declined|refused)\s+to\s+comment\b/iu;

/** Stable id of an entity across documents: gazetteer id, else country code, else its normalised name. */
function globalId(view: DocView, key: string): string {
  const e = view.entities.get(key);
  if (!e) return key;
  // Country codes first: the same code the claim objects' templates use ("prk", "rus").
  const code = e.type === "country" ? participantCode(e.name) : null;
  if (code) return code;
  if (e.gazetteer_id) return e.gazetteer_id.toLowerCase();
  return participantCode(e.name) ?? normaliseWording(e.name);
}

interface Party {
  keys: string[];
}

function partiesIn(view: DocView, tokens: Token[], start: number, end: number, agents = false): Party {
  if (end <= start) return { keys: [] };
  const keys: string[] = [];
  for (const m of mentionsIn(view, tokens[start]!.start, tokens[end - 1]!.end)) {
    const e = entityOf(view, m);
    if (!e || e.type === "place" || e.type === "other") continue;
    if (!keys.includes(m.entity)) keys.push(m.entity);
  }
  if (keys.length === 0 && agents) {
    // No name given: the typed agent ("police", "the government") stands for the party in the key.
    const agent = agentIn(cameoDictionary(), tokens, start, Math.min(end, start + 8));
    if (agent) keys.push(`${AGENT_PREFIX}${agent.code}:${agent.words}`);
  }
  return { keys };
}

/** Prefix of the pseudo keys of unnamed agents inside proposition keys (never a claim's source). */
const AGENT_PREFIX = "agent:";

/** The thing a proposition is about: the synonym set of its object's head noun, else the head's lemma. */
function objectClass(dict: LoadedDictionary, tokens: Token[], post: number[]): string {
  for (const i of post) {
    const t = tokens[i]!;
    if (t.pos !== "NOUN" || QUANTITY.test(t.text)) continue;
    // A party is no thing: "attacked civilians" is about whom, not what.
    if (dict.agents[t.text.toLowerCase()]) return "";
    const lemma = (t.lemma || t.text).toLowerCase();
    for (const [name, words] of dict.setWords) if (words.has(lemma) || words.has(t.text.toLowerCase())) return name;
    return lemma;
  }
  return "";
}

const QUANTITY =
  /^(?:dozens?|hundreds?|thousands?|millions?|number|numbers|group|groups|some|several|percent|per\s*cent)$/iu;

interface Proposition {
  key: string;
  text: string;
}

/**
 * Normalise the proposition in tokens `[from, to)`: the first verb the dictionary codes (else the
 * first verb) with its parties. `reporter` stands in for a missing subject ("denied supplying…").
 */
function propositionOf(
  view: DocView,
  dict: LoadedDictionary,
  tokens: Token[],
  frames: VerbFrame[],
  from: number,
  to: number,
  reporter: string[],
  reportingVerb: number,
  accused: string[],
): Proposition | null {
  const inside = frames.filter(
    (f) => f.verb >= from && f.verb < to && f.verb !== reportingVerb && !REPORTING.has(f.base) && !FEELING.has(f.base),
  );
  if (inside.length === 0) return null;
  let chosen: { frame: VerbFrame; type: string } | null = null;
  for (const f of inside) {
    const code = codeFrame(dict, tokens, f);
    const plover = code ? ploverOf(dict, code) : null;
    if (plover) {
      chosen = { frame: f, type: plover.type };
      break;
    }
  }
  const frame = chosen?.frame ?? inside[0]!;
  const post = frame.post.filter((i) => i < to);
  let subject = frame.subjects.flatMap((r) => partiesIn(view, tokens, Math.max(r.start, from), r.end, true).keys);
  // "X denied that its troops …": a possessive pronoun names the reporter's side.
  if (
    frame.subjects.length > 0 &&
    /^(?:its|their)$/iu.test(tokens[frame.subjects[0]!.start]!.text) &&
    reporter.length > 0
  )
    subject = reporter;
  if (subject.length === 0) subject = accused.length > 0 ? accused : reporter;
  let object: string[] = [];
  let fromParty: string[] = [];
  for (let k = 0; k < post.length; k++) {
    const t = tokens[post[k]!]!;
    if (t.text.toLowerCase() === "from") {
      fromParty = partiesIn(view, tokens, post[k]! + 1, Math.min(to, post[k]! + 6)).keys;
    }
  }
  object = partiesIn(view, tokens, post[0] ?? to, post.length > 0 ? post[post.length - 1]! + 1 : to, true).keys.filter(
    (k) => !subject.includes(k) && !fromParty.includes(k),
  );
  let type = chosen?.type ?? null;
  let actor = subject;
  let target = object;
  if (RECIPIENT_VERBS.has(frame.base) && fromParty.length > 0) {
    // "Y received weapons from X": X gives, Y receives.
    actor = fromParty;
    target = subject;
    type = "AID";
  } else if (type === "AID" || type === null) {
    target = [...object, ...fromParty.filter((k) => !object.includes(k))];
  }
  const thing = objectClass(dict, tokens, post);
  if (actor.length === 0 && target.length === 0) return null;
  const ids = (keys: string[]): string => [...new Set(keys.map((k) => globalId(view, k)))].sort().join("+");
  const name = (keys: string[]): string =>
    keys.map((k) => view.entities.get(k)?.name ?? k.replace(/^agent:[A-Z]{3}:/u, "")).join(" and ");
  // A transfer of a transferable thing (arms, aircraft, troops…) is keyed like the claim objects:
  // category, both parties undirected, the object's label — so it meets the same claim worded any way.
  const propositionWords = tokens
    .slice(from, to)
    .map((t) => t.text)
    .join(" ");
  const transferable = type === "AID" ? claimObjects().find((o) => o.pattern.test(propositionWords)) : undefined;
  if (transferable) {
    const parties = [...actor, ...target];
    return {
      key: `AID|${ids(parties)}|${transferable.object}`,
      text: `${name(actor) || "someone"} supplies ${transferable.object}${target.length > 0 ? ` to ${name(target)}` : ""}`,
    };
  }
  const predicate = type ?? `P:${frame.base}`;
  const key = `${predicate}|${ids(actor)}|${ids(target)}|${thing}`;
  const verbWord = type ? type.toLowerCase() : frame.base;
  const text = `${name(actor) || "someone"} ${verbWord}${target.length > 0 ? ` ${name(target)}` : ""}${thing ? ` (${thing})` : ""}`;
  return { key, text };
}

/**
 * Claims from reporting frames in every sentence of a document.
 * @returns one claim per (proposition, source, stance) occurrence, each with its sentence as evidence
 */
export function extractOpenClaims(view: DocView): LocalClaim[] {
  const dict = cameoDictionary();
  const tokens = view.nlp.tokens;
  const { text } = view;
  const claims: LocalClaim[] = [];
  if (!Array.isArray(tokens) || tokens.length === 0) return claims;
  // The last proposition stated, for denials that point back at it ("rejected these reports").
  const memory: { last: { proposition: Proposition; paragraph: number } | null } = { last: null };
  for (const sentence of view.sentences) {
    const s = text.slice(sentence.start, sentence.end);
    if (
      !/\b(?:sa(?:y|id|ys)|call|lie|baseless|groundless|fals|fabricat|nonsense|propaganda|rumou?r|told|claim|alleg|insist|assert|confirm|maintain|argu|state|declar|announc|add|accus|charg|admit|acknowledg|wr[oi]te|stress|not|report|contend|testif|warn|suggest|believ|suspect|fear|specul|den[iy]|reject|dismiss|refut|rebuff|disput|according)/iu.test(
        s,
      )
    )
      continue;
    if (NON_ANSWER.test(s)) continue;
    const range = sentenceTokens(tokens, sentence);
    const frames = verbFrames(tokens, range.start, range.end, dict.forms, dict.verbs);
    const evidence = evidenceOf(text, sentence.start, sentence.end);
    const seen = new Set<string>();
    const emit = (p: Proposition | null, stance: Stance, actor: string | null): void => {
      if (!p) return;
      const k = `${p.key}|${stance}|${actor}`;
      if (seen.has(k)) return;
      seen.add(k);
      claims.push({ text: p.text, key: p.key, stance, actor, evidence });
      if (stance !== "deny") memory.last = { proposition: p, paragraph: sentence.paragraph };
    };
    const hedged = HEDGES.test(s);
    // "according to X, P" / "P, according to X": X is the source the outlet relays.
    const according = /\baccording\s+to\s+/iu.exec(s);
    if (according) {
      const at = sentence.start + according.index + according[0].length;
      const source = mentionsIn(view, at, Math.min(sentence.end, at + 60)).find(
        (m) => entityOf(view, m)?.type !== "place",
      );
      const cut = text.indexOf(",", at);
      const before = according.index > 3;
      const from = before ? range.start : tokenAt(tokens, range, cut + 1);
      const to = before ? tokenAt(tokens, range, sentence.start + according.index) : range.end;
      emit(propositionOf(view, dict, tokens, frames, from, to, [], -1, []), "report", source?.entity ?? null);
    }
    for (const f of frames) {
      const base = f.base;
      let stance = REPORTING.get(base);
      // "X called the reports lies", "dismissed them as baseless": naming a statement false denies it.
      const naming =
        !stance &&
        (base === "call" || base === "describe" || base === "brand" || base === "label") &&
        FALSITY.test(text.slice(tokens[f.verb]!.start, sentence.end)) &&
        ANAPHORIC.test(text.slice(tokens[f.verb]!.start, sentence.end));
      if (naming) stance = "deny";
      if (!stance) continue;
      const verbAt = tokens[f.verb]!.start;
      const head = text.slice(sentence.start, verbAt);
      if (stance === "deny" && NEGATED_DENIAL.test(head)) continue; // "did not deny" is no denial
      const reporter = f.subjects.flatMap((r) => partiesIn(view, tokens, r.start, r.end).keys);
      // The proposition: after the verb ("said that P", "denied supplying…", "accused Y of P"), or
      // before it when the verb closes the sentence ("P, X said").
      let from = f.verb + 1;
      let to = Math.min(range.end, Math.max(f.clause.end, f.verb + 40), f.verb + 40);
      let source = reporter;
      const inverted = f.post.length <= 4 && /,\s*["”»’]?\s*(?:\S+\s+){0,4}$/u.test(head) && f.verb > range.start + 3;
      if (inverted) {
        const comma = head.lastIndexOf(",");
        from = range.start;
        to = tokenAt(tokens, range, sentence.start + comma);
        // "…, said Lavrov": the speaker after the verb.
        if (source.length === 0) source = partiesIn(view, tokens, f.verb + 1, Math.min(range.end, f.verb + 5)).keys;
        if (source.length === 0) source = partiesIn(view, tokens, to, f.verb).keys;
      }
      while (from < to && /^(?:that|,)$/iu.test(tokens[from]!.text)) from++;
      let accused: string[] = [];
      if (base === "accuse" || base === "charge") {
        // "X accused Y of P": Y is the party P is about; X asserts it.
        const of = f.post.find(
          (i) => tokens[i]!.text.toLowerCase() === "of" || tokens[i]!.text.toLowerCase() === "with",
        );
        if (of !== undefined) accused = partiesIn(view, tokens, f.verb + 1, of, true).keys;
      }
      let proposition = naming
        ? null
        : propositionOf(
            view,
            dict,
            tokens,
            frames,
            from,
            to,
            stance === "deny" || base === "admit" ? reporter : [],
            f.verb,
            accused,
          );
      const last = memory.last;
      if (
        !proposition &&
        stance === "deny" &&
        last &&
        last.paragraph >= sentence.paragraph - 1 &&
        ANAPHORIC.test(text.slice(verbAt, sentence.end))
      ) {
        // "X rejected these reports": the denial answers the proposition just reported.
        proposition = last.proposition;
      }
      if (!proposition) continue;
      const propositionText = text.slice(tokens[from]?.start ?? verbAt, tokens[Math.max(from, to - 1)]?.end ?? verbAt);
      // A condition ("would act if P") asserts nothing about P.
      if (CONDITION.test(propositionText)) continue;
      if (stance === "assert" && (hedged || CONDITIONAL.test(propositionText) || FEELING_WORDS.test(propositionText)))
        stance = "report";
      if (source.length === 0) emit(proposition, stance === "deny" ? "deny" : "report", null);
      for (const who of source) emit(proposition, stance, who);
    }
  }
  return claims;
}

function tokenAt(tokens: Token[], range: { start: number; end: number }, offset: number): number {
  let i = range.start;
  while (i < range.end && tokens[i]!.start < offset) i++;
  return i;
}

export type { Sentence };
