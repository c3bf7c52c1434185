/**
 * PETRARCH2-style event coding over the parse: each verb's lemma selects its CAMEO verb block(s);
 * the block's patterns are matched against the verb's dependents (objects, particles, prepositional
 * phrases, subject-side words); the most specific match gives a CAMEO code (its passive side in the
 * passive voice), mapped to a PLOVER category and mode through the crosswalk. Actor = subject (passive:
 * the by-agent), target = object or a "with/against/to/on X" phrase (passive: the subject), each
 * resolved to a document entity or, when the text names no one, to a typed agent from the Phoenix
 * agents dictionary ("police" → COP) with the country of the clause.
 */
import type { LocalEvent, LocalMention, Sentence, Token } from "../../model/pipeline.js";
import type { EventMode, PloverType } from "../../model/records.js";
import { LIMITS, entityName, entityOf, isActorMention, lowerBound, mentionsIn, squash, type DocView } from "../text.js";
import { cameoDictionary, ploverOf, type LoadedDictionary, type PatternElement, type VerbEntry } from "./dictionary.js";
import { verbFrames, type TokenRange, type VerbFrame } from "./frames.js";
import { LIGHT_VERBS, byAgent, nounFrames } from "./nouns.js";

/** One coded event before it becomes a {@link LocalEvent}. */
export interface CodedEvent {
  cameo: string;
  type: PloverType;
  mode: string | null;
  modes: EventMode[];
  /** Verb token index. */
  verb: number;
  actors: string[];
  targets: string[];
  /** Typed agents standing for unnamed actors/targets ("Nigeria police"). */
  actorAgents: string[];
  targetAgents: string[];
  location: string | null;
  /** Character span of the verb and its object side (for summaries). */
  phrase: { start: number; end: number };
  /** A passive verb with no by-agent ("three journalists were arrested"): the text names no actor. */
  agentless: boolean;
}

/** A match score ("6-3", "2-1"): the clause reports a game. */
const SCORE = /\b\d{1,2}[-–]\d{1,2}\b(?![-–/]\d)/u;
/** Words that name the recipient in a prepositional phrase. */
const TARGET_PREPS = new Set(["with", "against", "to", "on", "at", "into", "upon", "toward", "towards", "from", "for"]);
const LOCATION_PREPS = new Set(["in", "at", "near", "outside", "inside", "across", "throughout"]);
const NEGATORS = new Set(["not", "n't", "never", "no"]);
const MODALS_HYPOTHETICAL = new Set(["could", "might", "may", "would", "should"]);
const MODALS_FUTURE = new Set(["will", "shall", "'ll", "’ll"]);
/**
 * Material acts a passive may report without naming who did them ("three journalists were arrested",
 * "two aid workers were kidnapped"): the event keeps its target and no actor. Verbal acts
 * ("Russia has been accused of …") with no speaker stay uncoded: they are reports, not acts.
 */
const AGENTLESS_TYPES = new Set<PloverType>(["COERCE", "ASSAULT", "RETREAT", "AID", "SANCTION", "CONCEDE"]);
/** Verbs of saying: an event noun after them is their audience or topic ("told a news conference"). */
const SAYING_VERBS = new Set(["say", "tell", "add", "write", "address", "brief"]);
/** Weapons and attacks as subjects of force verbs: "a car bomb killed 12 people". */
const ATTACK_NOUNS = new Set([
  "bomb",
  "blast",
  "explosion",
  "attack",
  "strike",
  "airstrike",
  "shell",
  "shelling",
  "missile",
  "rocket",
  "drone",
  "mine",
  "grenade",
  "gunfire",
  "bombing",
  "barrage",
]);

/** Is the frame's subject a weapon or an attack, with no one named behind it? */
function instrumentSubject(tokens: Token[], f: VerbFrame): boolean {
  if (f.passive || f.subjects.length !== 1) return false;
  const head = tokens[f.subjects[0]!.end - 1]!;
  return ATTACK_NOUNS.has((head.lemma || head.text).toLowerCase());
}

/** Categories of acts between two parties: their event nouns must name the other party. */
const RELATIONAL_NOUN_TYPES = new Set<PloverType>([
  "AGREE",
  "SUPPORT",
  "AID",
  "REQUEST",
  "ACCUSE",
  "REJECT",
  "THREATEN",
  "SANCTION",
  "COOPERATE",
]);
/** Categories of acts one stages, launches or holds: the light-verb reading of an event noun. */
const STAGED_TYPES = new Set<string>(["PROTEST", "CONSULT", "MOBILIZE", "COOPERATE", "ASSAULT"]);
/** Verbs of intent: "agreed to", "pledged to". */
const INTENT_VERBS = new Set(["agree", "pledge", "promise", "vow", "offer", "commit", "undertake", "consent"]);
/** Verbs of signing an agreement. */
const SIGNING_VERBS = new Set(["sign", "ratify", "initial", "conclude"]);
/** Verbs whose infinitive complement did not happen ("refused to send tanks": no tanks were sent). */
const REFUSAL_VERBS = new Set(["refuse", "decline", "fail", "reject", "resist"]);
/** Verbs whose infinitive complement is a plan, not an act ("plans to visit"). */
const PLAN_VERBS = new Set([
  "plan",
  "intend",
  "prepare",
  "aim",
  "expect",
  "hope",
  "want",
  "seek",
  "decide",
  "schedule",
  "set",
  "propose",
  "mean",
  "wish",
]);

interface TokenView {
  lemma: string;
  text: string;
  pos: string;
  /** False for a noun that modifies the next noun ("aid" in "aid worker"): bare pattern words match heads only. */
  head: boolean;
  /** A preposition followed by a noun group (not the "to" of an infinitive). */
  prepOk: boolean;
}

function lowerTok(t: Token, next: Token | undefined, next2: Token | undefined): TokenView {
  const noun = t.pos === "NOUN" || t.pos === "PROPN";
  const head = !noun || !next || !(next.pos === "NOUN" || next.pos === "PROPN");
  const after = next?.pos === "DET" ? next2 : next;
  const prepOk = !!after && after.pos !== "VERB" && after.pos !== "AUX" && after.pos !== "PUNCT";
  return { lemma: (t.lemma || t.text).toLowerCase(), text: t.text.toLowerCase(), pos: t.pos, head, prepOk };
}

/** Does the word element match the token (lemma, surface, or a synonym set member)? */
function wordMatches(dict: LoadedDictionary, el: string, t: TokenView, bare = false): boolean {
  if (bare && !t.head) return false;
  if (el.startsWith("&")) {
    const set = dict.setWords.get(el.slice(1));
    return !!set && (set.has(t.lemma) || set.has(t.text));
  }
  return t.lemma === el || t.text === el;
}

/**
 * Match pattern elements in order against a token sequence (gaps allowed, bounded). Returns the
 * number of words matched (the pattern's specificity) or -1 when an element cannot be matched.
 */
/** Position (in the sequence) where the last {@link matchSide} call matched its first element. */
let lastFirstAt = 0;

function matchSide(dict: LoadedDictionary, elements: PatternElement[], seq: TokenView[]): number {
  let at = 0;
  let score = 0;
  let firstAt = -1;
  for (const el of elements) {
    let found = -1;
    let gained = 0;
    for (let i = at; i < seq.length && found < 0; i++) {
      if (typeof el === "string") {
        if (wordMatches(dict, el, seq[i]!, true)) {
          found = i + 1;
          gained = 1;
        } else if (el.startsWith("&")) {
          for (const ph of dict.setPhrases.get(el.slice(1)) ?? []) {
            if (ph.every((w, k) => i + k < seq.length && (seq[i + k]!.lemma === w || seq[i + k]!.text === w))) {
              found = i + ph.length;
              gained = ph.length;
              break;
            }
          }
        }
      } else if ("phrase" in el) {
        // Consecutive words; the phrase's last word is its head noun.
        let k = i;
        let ok = true;
        for (const w of el.phrase) {
          if (k >= seq.length) {
            ok = false;
            break;
          }
          if (wordMatches(dict, w, seq[k]!)) k++;
          else if (
            w.startsWith("&") &&
            (dict.setPhrases.get(w.slice(1)) ?? []).some((ph) =>
              ph.every((x, q) => k + q < seq.length && (seq[k + q]!.lemma === x || seq[k + q]!.text === x)),
            )
          ) {
            k += (dict.setPhrases.get(w.slice(1)) ?? []).find((ph) =>
              ph.every((x, q) => k + q < seq.length && (seq[k + q]!.lemma === x || seq[k + q]!.text === x)),
            )!.length;
          } else {
            ok = false;
            break;
          }
        }
        if (ok) {
          found = k;
          gained = el.phrase.length;
        }
      } else {
        const prepWords = el.prep.split(" ");
        if (
          prepWords.every((w, k) => i + k < seq.length && seq[i + k]!.text === w) &&
          seq[i + prepWords.length - 1]!.prepOk
        ) {
          const after = i + prepWords.length;
          if (el.inner.length === 0) {
            found = after;
            gained = 1;
          } else {
            // The prepositional object lies within a few words of its preposition.
            const inner = matchSide(dict, el.inner, seq.slice(after, Math.min(seq.length, after + 6)));
            if (inner >= 0) {
              found = after + innerEnd(dict, el.inner, seq.slice(after, Math.min(seq.length, after + 6)));
              gained = 1 + inner;
            }
          }
        }
      }
    }
    if (found < 0) return -1;
    if (firstAt < 0) firstAt = found - 1;
    at = found;
    score += gained;
  }
  lastFirstAt = Math.max(0, firstAt);
  return score;
}

/** End index (within seq) of the last element matched by {@link matchSide}. */
function innerEnd(dict: LoadedDictionary, elements: PatternElement[], seq: TokenView[]): number {
  for (let n = 1; n <= seq.length; n++) if (matchSide(dict, elements, seq.slice(0, n)) >= 0) return n;
  return seq.length;
}

/** Are all literal words (not synonym sets) of the elements in the word set? */
function literalsPresent(elements: PatternElement[], words: Set<string>): boolean {
  for (const el of elements) {
    if (typeof el === "string") {
      if (!el.startsWith("&") && !words.has(el)) return false;
    } else if ("phrase" in el) {
      for (const w of el.phrase) if (!w.startsWith("&") && !words.has(w)) return false;
    } else {
      for (const w of el.prep.split(" ")) if (!words.has(w)) return false;
      if (!literalsPresent(el.inner, words)) return false;
    }
  }
  return true;
}

/** True when the last {@link codeFrame} call took its code from a pattern (not a verb or block default). */
let lastCodeFromPattern = false;
/** True when the last {@link codeFrame} call fell back to its verb block's default code. */
let lastCodeFromBlock = false;

/** The CAMEO code of a frame, or null when the dictionary codes no event for it. */
export function codeFrame(dict: LoadedDictionary, tokens: Token[], frame: VerbFrame): string | null {
  const entries = dict.verbs[frame.base];
  if (!entries || entries.length === 0) return null;
  // In the passive the verb's object is its subject ("humanitarian aid was sent …"): patterns read it first.
  const objectSide = frame.passive
    ? [...frame.subjects.flatMap((r) => Array.from({ length: r.end - r.start }, (_, k) => r.start + k)), ...frame.post]
    : frame.post;
  const post = objectSide.map((i) => lowerTok(tokens[i]!, tokens[i + 1], tokens[i + 2]));
  const pre = frame.pre.map((i) => lowerTok(tokens[i]!, tokens[i + 1], tokens[i + 2]));
  // Multi-word verbs: their particles must follow ("ask for") or their words precede ("wire tap").
  const applicable: VerbEntry[] = entries.filter((e) => {
    if (e.after.length > 0 && !e.after.every((w, k) => tokens[frame.post[k] ?? -1]?.text.toLowerCase() === w))
      return false;
    if (e.before.length > 0 && !e.before.every((w, k) => pre[pre.length - e.before.length + k]?.text === w))
      return false;
    return true;
  });
  if (applicable.length === 0) return null;
  let best: { score: number; code: string | null; block: number; at: number } | null = null;
  // Cheap screen: every literal word of a pattern must occur somewhere on its side.
  const postWords = new Set(post.flatMap((t) => [t.lemma, t.text]));
  const preWords = new Set(pre.flatMap((t) => [t.lemma, t.text]));
  const seenBlocks = new Set<number>();
  for (const e of applicable) {
    if (seenBlocks.has(e.block)) continue;
    seenBlocks.add(e.block);
    for (const [before, after, active, passive] of dict.blocks[e.block]!.patterns) {
      if (!literalsPresent(after, postWords) || !literalsPresent(before, preWords)) continue;
      const code = frame.passive ? passive : active;
      const a = matchSide(dict, after, post);
      if (a < 0) continue;
      const at = lastFirstAt;
      const b = before.length > 0 ? matchSide(dict, before, pre) : 0;
      if (b < 0) continue;
      const score = a + b;
      if (score === 0) continue;
      // Equal specificity: the supplement's reading (written for current news wording) wins.
      // Equal specificity: the words nearest the verb (its object before later phrases) decide, then the
      // supplement's reading (written for current news wording) wins over an upstream one.
      const better =
        !best ||
        score > best.score ||
        (score === best.score &&
          (at < best.at || (at === best.at && e.block >= dict.supplementFrom && best.block < dict.supplementFrom)));
      if (better) best = { score, code, block: e.block, at };
    }
  }
  lastCodeFromPattern = best !== null;
  lastCodeFromBlock = false;
  if (best) return best.code;
  // No pattern: the multi-word verb's own code, the verb's code, then the block's default.
  const fromSupplement = (e: VerbEntry): number => (e.block >= dict.supplementFrom ? 1 : 0);
  const sorted = [...applicable].sort(
    (x, y) =>
      y.after.length + y.before.length - (x.after.length + x.before.length) || fromSupplement(y) - fromSupplement(x),
  );
  // The most frequent verbs of general English ("go", "want", "use", "find") take no block default:
  // "goes on sale" is no consultation. They code through a pattern or their own code only.
  for (const e of sorted) {
    const block = dict.blocks[e.block]!;
    const c = e.code ?? (dict.general.has(frame.base) && e.block < dict.supplementFrom ? null : block.code);
    if (c) {
      // The block's own head verb ("threaten" in THREATEN) carries its code; the other members of a
      // block are looser synonyms ("hint" in SUGGEST, "give" in GRANT) whose default needs support.
      lastCodeFromBlock = e.code === null && block.name.split("_")[0] !== frame.base && e.block < dict.supplementFrom;
      return c;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// participants

interface Participant {
  keys: string[];
  agents: string[];
  /** Place entity named inside the phrase ("police in Lagos"). */
  place: string | null;
}

/** Country entity key for an affiliation (ISO code or name), matched against the document's entities. */
function countryKey(view: DocView, affiliation: string | null | undefined): string | null {
  if (!affiliation) return null;
  const a = affiliation.toLowerCase();
  for (const e of view.entities.values()) {
    if (e.type !== "country") continue;
    if (
      e.name.toLowerCase() === a ||
      e.affiliation?.toLowerCase() === a ||
      e.gazetteer_id?.toLowerCase().endsWith(a) ||
      e.aliases.some((x) => x.toLowerCase() === a)
    )
      return e.key;
  }
  return null;
}

function countryLabel(view: DocView, affiliation: string | null | undefined): string | null {
  if (!affiliation) return null;
  const key = countryKey(view, affiliation);
  return key ? entityName(view, key) : affiliation.length === 3 ? affiliation.toUpperCase() : affiliation;
}

/** The agent phrase (longest first) among tokens `[start, end)`, as [code, words]. */
export function agentIn(
  dict: LoadedDictionary,
  tokens: Token[],
  start: number,
  end: number,
): { code: string; words: string; at: number } | null {
  // The head of "pilots at the national airline" is before its preposition: look there first.
  const prep = tokens.slice(start + 1, end).findIndex((t) => t.pos === "ADP" && !/^['’]s?$/u.test(t.text));
  if (prep >= 0) {
    const head = agentIn(dict, tokens, start, start + 1 + prep);
    if (head) return head;
  }
  let best: { code: string; words: string; at: number } | null = null;
  for (let i = start; i < end; i++) {
    if (tokens[i]!.pos !== "NOUN" && tokens[i]!.pos !== "PROPN" && tokens[i]!.pos !== "ADJ") continue;
    for (let n = Math.min(dict.agentMaxWords, end - i); n >= 1; n--) {
      const surface = tokens
        .slice(i, i + n)
        .map((t) => t.text.toLowerCase())
        .join(" ");
      const code = dict.agents[surface];
      if (!code) continue;
      // The head of the phrase is its last noun: prefer the right-most agent ("opposition lawmakers"),
      // keeping an agent word right before it in the label ("opposition supporters").
      if (!best || i + n >= best.at)
        best = { code, words: best && best.at === i ? `${best.words} ${surface}` : surface, at: i + n };
      break;
    }
  }
  return best;
}

/** Resolve a token range to entities, or to a typed agent with a country. */
function participantOf(
  view: DocView,
  dict: LoadedDictionary,
  tokens: Token[],
  range: TokenRange,
  clause: TokenRange,
  allowNames = false,
): Participant {
  const from = tokens[range.start]!.start;
  const to = tokens[range.end - 1]!.end;
  const keys: string[] = [];
  let place: string | null = null;
  let country: string | null = null;
  for (const m of mentionsIn(view, from, to)) {
    const e = entityOf(view, m);
    if (!e) continue;
    const before = view.text.slice(Math.max(from, m.start - 12), m.start);
    const modifier = /\b(?:in|at|near|from|of|outside|across)\s+(?:the\s+)?$/iu.test(before);
    if (e.type === "place" || (modifier && e.type === "country")) {
      place ??= m.entity;
      if (e.type === "country") country ??= m.entity;
      else country ??= countryKey(view, e.affiliation);
      continue;
    }
    if (!isActorMention(view, m) || modifier || e.type === "other") continue;
    if (m.via === "demonym" || (e.type === "country" && /^\s+[\p{Ll}]/u.test(view.text.slice(m.end, m.end + 2))))
      country ??= m.entity;
    if (!keys.includes(m.entity)) keys.push(m.entity);
  }
  const agents: string[] = [];
  const agent = agentIn(dict, tokens, range.start, range.end);
  // An agent noun after a country ("Nigerian police") or with a place ("police in Lagos") is typed;
  // a named person or organisation in the phrase is the actor itself.
  const namedNonCountry = keys.some((k) => view.entities.get(k)?.type !== "country");
  if (agent && !namedNonCountry) {
    const countryName = country
      ? entityName(view, country)
      : place
        ? countryLabel(view, view.entities.get(place)?.affiliation)
        : null;
    agents.push(`${countryName ? `${countryName} ` : ""}${agent.words} (${agent.code})`);
  }
  void clause;
  if (allowNames && keys.length === 0 && agents.length === 0 && !place) {
    // A name the recogniser did not link ("Zelensky"): kept as written, never expanded or guessed.
    const names: string[] = [];
    let run: string[] = [];
    for (let i = range.start; i <= range.end; i++) {
      const t = i < range.end ? tokens[i]! : null;
      if (t && t.pos === "PROPN" && /^[\p{Lu}]/u.test(t.text)) run.push(t.text);
      else {
        if (run.length > 0) names.push(run.join(" "));
        run = [];
        if (t && /^(?:in|at|near|from)$/iu.test(t.text)) break;
      }
    }
    if (names.length > 0) agents.push(names[0]!);
  }
  return { keys: keys.slice(0, LIMITS.maxActorsPerEvent), agents, place };
}

/** The first noun group in `post` that is not inside a prepositional phrase (the direct object). */
function directObject(tokens: Token[], post: number[]): TokenRange | null {
  for (let k = 0; k < post.length; k++) {
    const t = tokens[post[k]!]!;
    if (t.pos === "VERB" && t.dep === "amod") continue;
    if (t.pos === "ADP" || t.pos === "SCONJ" || t.pos === "VERB" || t.text === ",") return null;
    if (t.pos === "NOUN" || t.pos === "PROPN" || t.pos === "PRON" || t.pos === "NUM") return groupFrom(tokens, post, k);
  }
  return null;
}

/** The noun group starting at post[k] (following nouns, "of" phrases, coordinated nouns). */
function groupFrom(tokens: Token[], post: number[], k: number): TokenRange {
  let e = k;
  const inner = (i: number): boolean => {
    const t = tokens[post[i]!]!;
    return (
      t.pos === "NOUN" ||
      t.pos === "PROPN" ||
      t.pos === "ADJ" ||
      t.pos === "NUM" ||
      t.pos === "DET" ||
      /^['’]s?$|^-$/u.test(t.text)
    );
  };
  while (e + 1 < post.length && post[e + 1] === post[e]! + 1 && inner(e + 1)) e++;
  // "leaders of the opposition", "X and Y"
  while (
    e + 2 < post.length &&
    post[e + 2] === post[e]! + 2 &&
    /^(?:of|and|&)$/iu.test(tokens[post[e + 1]!]!.text) &&
    inner(e + 2)
  ) {
    e += 2;
    while (e + 1 < post.length && post[e + 1] === post[e]! + 1 && inner(e + 1)) e++;
  }
  return { start: post[k]!, end: post[e]! + 1 };
}

/** Prepositional phrases of the object side: preposition text → noun group. */
function prepositionalPhrases(tokens: Token[], post: number[]): Array<{ prep: string; range: TokenRange }> {
  const out: Array<{ prep: string; range: TokenRange }> = [];
  for (let k = 0; k < post.length; k++) {
    const t = tokens[post[k]!]!;
    if (t.pos !== "ADP" && !/^(?:to|with|against)$/iu.test(t.text)) continue;
    let q = k + 1;
    // Determiners and participles used as adjectives ("to displaced families") open the noun group.
    while (
      q < post.length &&
      (tokens[post[q]!]!.pos === "DET" || (tokens[post[q]!]!.pos === "VERB" && tokens[post[q]!]!.dep === "amod"))
    )
      q++;
    if (q < post.length && ["NOUN", "PROPN", "PRON", "ADJ", "NUM"].includes(tokens[post[q]!]!.pos)) {
      // "of" attaches to the noun before it, not to the verb.
      const prep = t.text.toLowerCase();
      const r = groupFrom(tokens, post, q);
      out.push({ prep, range: { start: post[k + 1]!, end: r.end } });
    }
  }
  return out;
}

/** The first "with/against/to/on… X" phrase that names a participant, as a one-element list. */
function prepositionalTarget(
  view: DocView,
  dict: LoadedDictionary,
  tokens: Token[],
  preps: Array<{ prep: string; range: TokenRange }>,
  clause: TokenRange,
  recipientPlace = false,
): Participant[] {
  for (const p of preps) {
    if (!TARGET_PREPS.has(p.prep)) continue;
    // A recipient may be a name the recogniser did not link ("to the Gaza Strip"): kept as written.
    const part = participantOf(view, dict, tokens, p.range, clause, recipientPlace && p.prep === "to");
    if (part.keys.length > 0 || part.agents.length > 0) return [part];
    // A place that receives something stands for its people or authority ("delivered aid to Gaza").
    if (recipientPlace && p.prep === "to" && part.place) return [{ ...part, keys: [part.place] }];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// modes

function modesOf(
  view: DocView,
  tokens: Token[],
  frame: VerbFrame,
  sentence: Sentence,
  governorBase: string | null,
): EventMode[] {
  const modes: EventMode[] = [];
  const aux = frame.auxiliaries.map((i) => tokens[i]!.text.toLowerCase());
  // Negation: "not", "n't", "never" among the verb's auxiliaries, or just before it.
  const near = [];
  for (let i = frame.verb - 1; i >= Math.max(frame.clause.start, frame.verb - 4); i--)
    near.push(tokens[i]!.text.toLowerCase());
  if (
    aux.some((a) => NEGATORS.has(a)) ||
    near.some((a) => NEGATORS.has(a)) ||
    (governorBase !== null && REFUSAL_VERBS.has(governorBase))
  )
    modes.push("negated");
  const clauseText = view.text.slice(tokens[frame.clause.start]!.start, tokens[frame.verb]!.start).toLowerCase();
  const sentenceHead = view.text.slice(sentence.start, tokens[frame.verb]!.start).toLowerCase();
  if (
    aux.some((a) => MODALS_HYPOTHETICAL.has(a)) ||
    near.some((a) => MODALS_HYPOTHETICAL.has(a) && a !== "may") ||
    /\b(?:if|unless|whether)\b/u.test(clauseText) ||
    /^\s*(?:if|unless)\b/u.test(sentenceHead)
  )
    modes.push("hypothetical");
  if (
    aux.some((a) => MODALS_FUTURE.has(a)) ||
    near.some((a) => MODALS_FUTURE.has(a)) ||
    /\b(?:going|set|due|expected|scheduled|poised)\s+to\s+$/u.test(clauseText) ||
    (governorBase !== null && PLAN_VERBS.has(governorBase))
  ) {
    if (!modes.includes("hypothetical")) modes.push("future");
  }
  return modes;
}

/** Verbs of winning a contest: in a game or an election they report a result, not force. */
const CONTEST_VERBS = new Set([
  "beat",
  "defeat",
  "crush",
  "thrash",
  "hammer",
  "rout",
  "edge",
  "down",
  "overcome",
  "outlast",
  "sweep",
  "trounce",
  "stun",
  "upset",
  "overpower",
  "outplay",
  "dominate",
  "knock",
  "eliminate",
  "rally",
  "defend",
]);
/**
 * Verbs of force that sports writing borrows ("attacked the net", "fought back from two sets down"):
 * read as a game only in a game, never because an election or a vote is mentioned beside a real attack.
 */
const FORCE_VERBS_IN_GAMES = new Set([
  "topple",
  "oust",
  "fight",
  "battle",
  "attack",
  "struggle",
  "contend",
  "face",
  "strike",
]);
/** Words of a game or an election in the sentence. */
const CONTEST_WORDS =
  /\b(?:game|match|final|semi-?final|quarter-?final|season|league|cup|title|tournament|championship|play-?offs?|sets?|points?|goals?|touchdowns?|innings|race|round|opponents?|rivals?|teams?|coach|striker|quarterback|election|vote|polls?|primary|challenger|incumbent|seat|ballot|kick-?off|fixture|rematch|champions?|championship)\b/iu;
/** Words only a game has: a force verb beside them is play, not violence. */
const GAME_WORDS =
  /\b(?:match|league|cup|tournament|championship|play-?offs?|touchdowns?|innings|quarterback|striker|goalkeeper|kick-?off|fixture|\d{1,3}[-–]\d{1,3})\b/iu;
/** Quantities of business and the economy as objects: "cut its forecast", "raised prices". */
const METRIC_OBJECTS = new Set([
  "price",
  "forecast",
  "estimate",
  "outlook",
  "guidance",
  "rate",
  "stake",
  "output",
  "production",
  "profit",
  "revenue",
  "sale",
  "dividend",
  "share",
  "cost",
  "fare",
  "valuation",
  "margin",
  "spending",
  "budget",
  "salary",
  "wage",
  "horsepower",
  "torque",
  "range",
  "capacity",
  "speed",
  "glimpse",
  "view",
  "comment",
]);
/** Score lines ("6-4", "121-98") per document: a document full of them reports games. */
const SPORTS_REGISTER = new WeakMap<DocView, boolean>();

function sportsRegister(view: DocView): boolean {
  let hit = SPORTS_REGISTER.get(view);
  if (hit === undefined) {
    const scores = view.text.match(/\b\d{1,3}[-–]\d{1,3}\b/gu)?.length ?? 0;
    const words =
      view.text.match(
        /\b(?:season|league|quarterback|touchdowns?|innings|tournament|semi-?final|quarter-?final|play-?offs?|coach|kick-?off|goalkeeper|striker)\b/giu,
      )?.length ?? 0;
    hit = scores >= 2 || words >= 3;
    SPORTS_REGISTER.set(view, hit);
  }
  return hit;
}

/**
 * A non-political sense of a coded verb, by phenomenon: a contest verb in a game or election
 * ("Arsenal beat Tottenham", "the senator beat her challenger", any contest verb in a sports report),
 * or a business quantity as the object of an act ("cut its profit forecast", "raised prices"; a demand for
 * higher prices stays a request).
 */
/** Pronouns that make a warning's complement the warner's own act ("warned that it would retaliate"). */
const SELF_PRONOUNS = new Set(["it", "they", "we", "i", "he", "she"]);
const MODAL_WORDS = new Set(["could", "would", "will", "may", "might", "can", "should", "'ll", "’ll"]);
/** Verbs of saying after "declined/refused to": a refusal to comment is no rejection of anything. */
const SAYING = new Set([
  "say",
  "comment",
  "name",
  "confirm",
  "disclose",
  "discuss",
  "elaborate",
  "specify",
  "reveal",
  "answer",
  "speculate",
  "identify",
]);

/**
 * A verb used in a non-event sense, by phenomenon: a warning whose complement is someone else's
 * prospect ("warned that aftershocks could bring down buildings": a forecast, where "warned that it would
 * strike back" is a threat); declining to comment; asking a question ("asked why …", "asked about …").
 */
function statementSense(tokens: Token[], f: VerbFrame): boolean {
  const next = tokens[f.verb + 1]?.text.toLowerCase() ?? "";
  if (f.base === "warn" || f.base === "caution") {
    if (next === "of" || next === "against") return false;
    const after = next === "that" ? f.verb + 2 : f.verb + 1;
    const modalAt = f.post.find((i) => i >= after && MODAL_WORDS.has(tokens[i]!.text.toLowerCase()));
    if (next !== "that" && modalAt === undefined) return false;
    const subject = tokens[after]?.text.toLowerCase() ?? "";
    return !SELF_PRONOUNS.has(subject);
  }
  if ((f.base === "decline" || f.base === "refuse") && next === "to")
    return SAYING.has((tokens[f.verb + 2]?.lemma || tokens[f.verb + 2]?.text || "").toLowerCase());
  if (f.base === "ask") return /^(?:why|what|whether|how|when|where|who|if|about)$/u.test(next);
  return false;
}

function nonPoliticalSense(
  view: DocView,
  tokens: Token[],
  f: VerbFrame,
  sentence: Sentence,
  type: PloverType,
): boolean {
  if (statementSense(tokens, f)) return true;
  const sentenceText = view.text.slice(sentence.start, sentence.end);
  if (CONTEST_VERBS.has(f.base) && (sportsRegister(view) || CONTEST_WORDS.test(sentenceText))) return true;
  if (FORCE_VERBS_IN_GAMES.has(f.base) && (sportsRegister(view) || GAME_WORDS.test(sentenceText))) return true;
  const object = type === "REQUEST" ? null : directObject(tokens, f.post);
  if (object) {
    const head = tokens[object.end - 1]!;
    if (METRIC_OBJECTS.has((head.lemma || head.text).toLowerCase())) return true;
  }
  return false;
}

/**
 * Token indices of the sentence inside a recognised name of a country, person or organisation that
 * starts with a capital: the tagger may call such a word a verb ("Kuwait sent …", "Chad closed …").
 */
export function nameTokens(view: DocView, tokens: Token[], range: TokenRange): Set<number> {
  const out = new Set<number>();
  if (range.end <= range.start) return out;
  const from = tokens[range.start]!.start;
  const to = tokens[range.end - 1]!.end;
  for (const m of mentionsIn(view, from, to)) {
    const e = entityOf(view, m);
    if (!e || !(e.type === "country" || e.type === "person" || e.type === "organization")) continue;
    for (let i = lowerBound(tokens, m.start); i < range.end && tokens[i]!.start < m.end; i++)
      if (/^[\p{Lu}]/u.test(tokens[i]!.text)) out.add(i);
  }
  return out;
}

/**
 * Actor and target phrases of a coded frame: subject and object (or to/with/against… phrase) in the
 * active; by-agent and subject in the passive (a mobilised force is its own actor); a transfer's
 * recipient is its to-phrase or first object, never the thing given.
 */
function eventParticipants(
  view: DocView,
  dict: LoadedDictionary,
  f: VerbFrame,
  type: PloverType,
  subjectParts: Participant[],
  preps: Array<{ prep: string; range: TokenRange }>,
  objectRange: TokenRange | null,
): { actorP: Participant[]; targetP: Participant[] } {
  const tokens = view.nlp.tokens;
  let actorP: Participant[] = subjectParts;
  let targetP: Participant[] = [];
  if (f.passive) {
    targetP = subjectParts;
    const by = preps.find((p) => p.prep === "by");
    actorP = by ? [participantOf(view, dict, tokens, by.range, f.clause)] : [];
    // "Troops were deployed", "Police were put on alert": a mobilised force is the actor of its mobilisation.
    if (!by && type === "MOBILIZE") [actorP, targetP] = [subjectParts, []];
    // "Generators were donated to Ukraine by Japan": the passive subject is the thing, the recipient follows.
    if (!targetP.some((p) => p.keys.length > 0 || p.agents.length > 0))
      targetP = prepositionalTarget(
        view,
        dict,
        tokens,
        preps.filter((p) => p !== by),
        f.clause,
        type === "AID",
      );
  } else {
    // A transfer's direct object is the thing given ("delivered artillery shells to Ukraine's army"):
    // its recipient is the "to" phrase, else the first of two objects ("handed Syria 300 tonnes").
    const recipient =
      type === "AID"
        ? prepositionalTarget(
            view,
            dict,
            tokens,
            preps.filter((p) => p.prep === "to"),
            f.clause,
            true,
          )
        : [];
    const obj = objectRange ? participantOf(view, dict, tokens, objectRange, f.clause) : null;
    if (recipient.length > 0) targetP = recipient;
    else if (obj && (obj.keys.length > 0 || obj.agents.length > 0)) targetP = [obj];
    else targetP = prepositionalTarget(view, dict, tokens, preps, f.clause);
  }
  return { actorP, targetP };
}

/**
 * Code every verb of one sentence.
 * @param view the indexed document (tokens come from its analysis)
 * @param sentence the sentence
 * @param tokenRange token indices `[start, end)` of the sentence
 */
export function codeSentence(view: DocView, sentence: Sentence, tokenRange: TokenRange): CodedEvent[] {
  const dict = cameoDictionary();
  const tokens = view.nlp.tokens;
  const frames = verbFrames(
    tokens,
    tokenRange.start,
    tokenRange.end,
    dict.forms,
    dict.verbs,
    nameTokens(view, tokens, tokenRange),
  );
  const coded = new Map<number, string | null>();
  const specific = new Set<number>();
  const backedOff = new Set<number>();
  for (const f of frames) {
    coded.set(f.verb, codeFrame(dict, tokens, f));
    if (lastCodeFromPattern) specific.add(f.verb);
    if (lastCodeFromBlock) backedOff.add(f.verb);
  }
  for (const f of codedNounFrames(dict, tokens, tokenRange, frames, coded)) {
    frames.push(f.frame);
    coded.set(f.frame.verb, f.code);
    if (f.backedOff) backedOff.add(f.frame.verb);
  }
  const out: CodedEvent[] = [];
  for (const f of frames) {
    let cameo = coded.get(f.verb) ?? null;
    if (!cameo) continue;
    const governorBase = f.governor >= 0 ? (frames.find((g) => g.verb === f.governor)?.base ?? null) : null;
    // A complement verb ("agreed to withdraw", "accused … of shelling") is part of its governor's
    // event when the governor codes one; it stands alone only under a plan verb or an uncoded governor.
    if (f.complement && f.governor >= 0 && coded.get(f.governor)) continue;
    // "agreed/pledged/promised/vowed/offered to …": an expression of intent (CAMEO 03x, PLOVER AGREE),
    // as PETRARCH2 codes a verb of intent over its complement.
    const nextWord = tokens[f.verb + 1]?.text.toLowerCase();
    // "preparing to cut jobs", "decided to move": a plan or decision is no act of its own; its
    // complement verb carries the event (in the future mode) when that codes one.
    if (PLAN_VERBS.has(f.base) && nextWord === "to" && !specific.has(f.verb)) continue;
    if (INTENT_VERBS.has(f.base) && nextWord === "to" && !/^0[38]/u.test(cameo)) cameo = "030";
    let plover = ploverOf(dict, cameo);
    if (!plover) continue;
    // PLOVER manual 3.3: signing or ratifying an agreement is SUPPORT, whatever it is about.
    if (SIGNING_VERBS.has(f.base) && plover.type === "AGREE") plover = { type: "SUPPORT", mode: null };
    let { type, mode } = plover;
    const modes = modesOf(view, tokens, f, sentence, governorBase);
    // PLOVER: future retreats are concessions; promised aid or cooperation is agreement.
    if (modes.includes("future") || modes.includes("hypothetical")) {
      if (type === "RETREAT") [type, mode] = ["CONCEDE", null];
      else if (type === "AID" || type === "COOPERATE") [type, mode] = ["AGREE", null];
    }
    // Participants.
    const objectRange = directObject(tokens, f.post);
    const preps = prepositionalPhrases(tokens, f.post);
    // A sports result ("beat Croatia 6-3, 7-6") is no political event.
    if (type === "ASSAULT" && SCORE.test(view.text.slice(tokens[f.clause.start]!.start, tokens[f.clause.end - 1]!.end)))
      continue;
    if (nonPoliticalSense(view, tokens, f, sentence, type)) continue;
    const allowNames = specific.has(f.verb) || !backedOff.has(f.verb);
    const subjectParts = f.subjects.map((r) => participantOf(view, dict, tokens, r, f.clause, allowNames));
    const { actorP, targetP } = eventParticipants(view, dict, f, type, subjectParts, preps, objectRange);
    // PLOVER 3.13: a court's detention or jailing is a judicial sanction ("a court jailed the mayor").
    if (type === "COERCE" && /^17[23]/u.test(cameo) && actorP.some((p) => p.agents.some((a) => a.endsWith("(JUD)"))))
      [type, mode] = ["SANCTION", "convict"];
    // CAMEO 173 "charge with legal action": a charge brought by prosecutors or police is a legal act, not a
    // verbal accusation ("prosecutors charged the mayor with fraud").
    if (
      type === "ACCUSE" &&
      f.base === "charge" &&
      actorP.some((p) => p.agents.some((a) => /\((?:JUD|COP)\)$/u.test(a)))
    )
      [cameo, type, mode] = ["173", "COERCE", "arrest"];
    const actors = [...new Set(actorP.flatMap((p) => p.keys))];
    const targets = [...new Set(targetP.flatMap((p) => p.keys))].filter((k) => !actors.includes(k));
    const actorAgents = actorP.flatMap((p) => p.agents);
    const targetAgents = targetP.flatMap((p) => p.agents);
    if (actors.length === 0 && actorAgents.length === 0 && targets.length === 0 && targetAgents.length === 0) continue;
    // A verb read only through its block's default (no pattern, no code of its own) is an event between
    // two parties, as in PETRARCH, where an event needs a coded source and target: "Volkswagen is giving
    // us a glimpse" or "the bond weakened" name no recipient and code nothing.
    if (backedOff.has(f.verb) && targets.length === 0 && targetAgents.length === 0) continue;
    // A noun of a relation between parties names its other party, or it is generic talk: "a request
    // for comment", "the search for life", "support for impeachment", "its offerings".
    if (
      tokens[f.verb]!.pos === "NOUN" &&
      RELATIONAL_NOUN_TYPES.has(type) &&
      targets.length === 0 &&
      targetAgents.length === 0
    )
      continue;
    // Location: a place in the clause after in/at/near, else a place inside the subject phrase.
    let location: string | null = null;
    for (const p of preps) {
      if (!LOCATION_PREPS.has(p.prep) && !(p.prep === "to" && type === "CONSULT")) continue;
      for (const m of mentionsIn(view, tokens[p.range.start]!.start, tokens[p.range.end - 1]!.end)) {
        const e = entityOf(view, m);
        if (e && (e.type === "place" || e.type === "country")) {
          location = m.entity;
          break;
        }
      }
      if (location) break;
    }
    location ??= subjectParts.find((p) => p.place)?.place ?? null;
    const lastPost = f.post.length > 0 ? f.post[f.post.length - 1]! : f.verb;
    out.push({
      cameo,
      type,
      mode,
      modes,
      verb: f.verb,
      actors,
      targets,
      actorAgents,
      targetAgents,
      location,
      phrase: { start: tokens[f.verb]!.start, end: tokens[Math.max(f.verb, Math.min(lastPost, f.verb + 12))]!.end },
      // Only a plain report of the act, done to someone the text identifies ("should not be punished",
      // "his shop on Rue … was raided" are not).
      agentless:
        (type === "ASSAULT" &&
          instrumentSubject(tokens, f) &&
          modes.length === 0 &&
          actors.length + actorAgents.length === 0) ||
        (f.passive &&
          f.auxiliaries.length > 0 &&
          actors.length === 0 &&
          actorAgents.length === 0 &&
          !backedOff.has(f.verb) &&
          AGENTLESS_TYPES.has(type) &&
          modes.length === 0 &&
          (targets.length > 0 || targetAgents.some((a) => /\([A-Z]{3}\)$/u.test(a)))),
    });
    cameo = null;
  }
  return out;
}

/**
 * Noun events of a sentence (see ./nouns.ts) with their codes: first the light-verb reading of the
 * noun and its compound modifiers ("stage a hunger strike", "launch an air strike"), through a
 * pattern only; else the CAMEO verb the noun derives from. Nouns inside a coded verb's object side
 * belong to that verb's event.
 */
function codedNounFrames(
  dict: LoadedDictionary,
  tokens: Token[],
  range: TokenRange,
  frames: VerbFrame[],
  coded: Map<number, string | null>,
): Array<{ frame: VerbFrame; code: string; backedOff: boolean }> {
  const covered = new Set<number>();
  for (const f of frames) if (coded.get(f.verb)) for (const i of f.post) covered.add(i);
  const inherited = (i: number): TokenRange[] => {
    for (const f of frames) {
      // "told a news conference": the noun after a verb of saying is the audience, not the speaker's act.
      if (coded.get(f.verb) || SAYING_VERBS.has(f.base)) continue;
      // The noun must be the verb's object ("announced new sanctions"), not inside a phrase ("told … after the talks").
      if (
        !f.passive &&
        f.post.includes(i) &&
        !f.post.some((k) => k < i && (tokens[k]!.pos === "ADP" || tokens[k]!.pos === "SCONJ"))
      )
        return f.subjects;
      if (f.passive && f.subjects.some((s) => i >= s.start && i < s.end)) return byAgent(tokens, f);
    }
    // A noun predicate keeps its own subject: "the activist has been on hunger strike", "workers are on strike".
    for (let k = range.start; k < range.end; k++) {
      if (tokens[k]!.head !== i || !/^nsubj/u.test(tokens[k]!.dep ?? "")) continue;
      let s = k;
      while (s > range.start && ["DET", "ADJ", "NOUN", "PROPN", "NUM"].includes(tokens[s - 1]!.pos)) s--;
      return [{ start: s, end: k + 1 }];
    }
    return [];
  };
  const out: Array<{ frame: VerbFrame; code: string; backedOff: boolean }> = [];
  for (const nf of nounFrames(dict, tokens, range, covered, inherited)) {
    let compound = nf.verb;
    while (compound > range.start && tokens[compound - 1]!.pos === "NOUN") compound--;
    const lightPost = [...Array.from({ length: nf.verb - compound + 1 }, (_, k) => compound + k), ...nf.post];
    let code: string | null = null;
    for (const light of LIGHT_VERBS) {
      code = codeFrame(dict, tokens, { ...nf, base: light, post: lightPost });
      if (code && lastCodeFromPattern && STAGED_TYPES.has(ploverOf(dict, code)?.type ?? "")) break;
      code = null;
    }
    let backed = false;
    if (!code) {
      code = codeFrame(dict, tokens, nf);
      backed = lastCodeFromBlock;
    }
    if (code) out.push({ frame: nf, code, backedOff: backed });
  }
  return out;
}

/** Token index range of a sentence. */
export function sentenceTokens(tokens: Token[], sentence: { start: number; end: number }): TokenRange {
  const start = lowerBound(tokens, sentence.start);
  let end = start;
  while (end < tokens.length && tokens[end]!.start < sentence.end) end++;
  return { start, end };
}

/** One-line summary: "Nigeria police arrested dozens of protesters". */
export function summaryOf(view: DocView, ev: CodedEvent): string {
  const actor = [
    ...ev.actors.map((k) => entityName(view, k)),
    ...ev.actorAgents.map((a) => a.replace(/\s*\([A-Z]{3}\)$/u, "")),
  ].join(" and ");
  const rest = squash(view.text.slice(ev.phrase.start, ev.phrase.end)).replace(/[,;:]+$/u, "");
  const flags = ev.modes.filter((m) => m !== "historical");
  return squash(`${actor || "(unnamed)"} ${rest}${flags.length > 0 ? ` (${flags.join(", ")})` : ""}`).slice(0, 200);
}

/** Mentions helper re-exported for the event extractor. */
export type { LocalMention, LocalEvent };
