/**
 * Claims and stance. A claim is a proposition (ideally an event template: type, participants,
 * object) that actors assert, deny, or that the text relays as alleged. Each occurrence becomes
 * one {@link LocalClaim} with a template key, so "X says North Korea supplies shells to Russia" and
 * "Y denies shell deliveries to Russia" merge across documents by template, not by wording.
 *
 * Stance: deny (denied, dismissed as rumours, "baseless", called … rumours), assert (an actor says,
 * claims, accuses), report (the text relays: "allegedly", "reportedly", "according to"). Double
 * negation ("did not deny") and non-answers ("declined to comment") are never denials.
 */
import type { LocalClaim, LocalMention, Sentence } from "../model/pipeline.js";
import type { PloverType, Stance } from "../model/records.js";
import { resolvePhrase, subjectBefore } from "./actors.js";
import { ALLEGATION_MARKERS, ASSERT_CUES, CLAIM_OBJECTS, DENY_CUES, NON_ANSWER, NOT_A_DENIAL, TRANSFER_WORDS } from "./lexicon.js";
import { mentionCode, participantName, participantsIn } from "./participants.js";
import { LIMITS, entityOf, evidenceOf, squash, type DocView } from "./text.js";

interface Proposition {
  type: PloverType;
  object: string;
  /** Participant codes, sorted (the key treats the relation as unordered). */
  participants: string[];
  /** Source → recipient when the text says it ("from X to Y", "X supplies … to Y"). */
  direction: { from: string; to: string } | null;
  /** Wording of a proposition that fits no template (accusations): shown as the claim text. */
  gist?: string;
}

/** "accused Y of", "blamed Y for", passive "accused (by X) of": up to six words between. */
const ACCUSATION = /\b(accused|accuses|accuse|accusing|blamed|blames|blame|blaming)\s+((?:[^\s,.;]+\s+){0,6}?)(?:of|for)\s/iu;
const PASSIVE_BEFORE = /\b(?:is|are|was|were|be|been|being)\s+(?:[\p{Ll}]+ly\s+|also\s+|now\s+|widely\s+|repeatedly\s+)*$/iu;

/** Names of the countries or groups a passive accusation's subject names. */
function accusedNamesFrom(view: DocView, from: number, to: number): string {
  const subjects = subjectBefore(view, from, to);
  return subjects.map((m) => view.entities.get(m.entity)?.name ?? m.text).join(" and ");
}

/** A key word set for an accusation's gist: content words, lower-cased, sorted, at most four. */
function gistKey(gist: string): string {
  const stop = new Set(["the", "a", "an", "of", "to", "and", "or", "in", "on", "for", "with", "its", "their", "his", "her", "being", "having", "that", "this", "by", "as", "at", "from", "be", "is", "was", "were"]);
  const words = gist.toLowerCase().replace(/[^\p{L}\p{N}\s-]/gu, " ").split(/\s+/).filter((w) => w.length > 2 && !stop.has(w));
  return [...new Set(words.slice(0, 4))].sort().join(" ");
}

function accusedNames(view: DocView, from: number, to: number): string {
  const names = participantsIn(view, from, to).map((p) => participantName(p.code));
  return [...new Set(names)].join(" and ");
}

/** Template key of a proposition: `TYPE|code+code|object`. */
export function claimKey(p: Proposition): string {
  return `${p.type}|${p.participants.join("+")}|${p.object}`;
}

/** Readable normalised proposition for a template. */
export function claimText(p: Proposition): string {
  if (p.gist) return p.gist;
  const names = p.participants.map(participantName);
  const verb: Record<string, string> = { AID: "transfer of", COOPERATE: "cooperation on", SANCTION: "sanctions" };
  if (p.direction && p.type === "AID") return `${participantName(p.direction.from)} supplies ${p.object} to ${participantName(p.direction.to)}`;
  if (p.type === "SANCTION") return names.length > 0 ? `sanctions involving ${names.join(" and ")}` : "sanctions";
  if (p.type === "COOPERATE" && /cooperation/.test(p.object)) return `${p.object}${names.length >= 2 ? ` between ${names.join(" and ")}` : names.length === 1 ? ` involving ${names[0]}` : ""}`;
  const between = names.length >= 2 ? ` between ${names.join(" and ")}` : names.length === 1 ? ` involving ${names[0]}` : "";
  return `${verb[p.type] ?? p.type.toLowerCase()} ${p.object}${between}`;
}

const MAIN_PAIR = new WeakMap<DocView, [string, string] | null>();

/** The two participants the document names most (countries, capitals, demonyms), if the second is named at least twice. */
function mainPair(view: DocView): [string, string] | null {
  if (MAIN_PAIR.has(view)) return MAIN_PAIR.get(view)!;
  const counts = new Map<string, number>();
  for (const p of participantsIn(view, 0, view.text.length)) counts.set(p.code, (counts.get(p.code) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const pair: [string, string] | null = top.length >= 2 && top[1]![1] >= 2 ? [top[0]![0], top[1]![0]] : null;
  MAIN_PAIR.set(view, pair);
  return pair;
}

function propositionIn(view: DocView, start: number, end: number, sentence: Sentence): Proposition | null {
  const slice = view.text.slice(start, end);
  let hit: { object: string; type: PloverType; index: number; length: number } | null = null;
  for (const o of CLAIM_OBJECTS) {
    const m = o.pattern.exec(slice);
    if (!m) continue;
    if (o.type === "AID" && !TRANSFER_WORDS.test(slice)) continue; // "nuclear weapons" alone is no transfer
    // "… if Pyongyang provided weapons": a condition, not a proposition anyone asserts.
    if (/\b(?:if|unless|whether)\b[^,;.]*$/iu.test(slice.slice(0, m.index))) return null;
    hit = { object: o.object, type: o.type, index: m.index, length: m[0].length };
    break;
  }
  if (!hit) return null;
  const at = start + hit.index;
  // Participants near the object keyword (same clause), else in the proposition, else the sentence.
  const near = participantsIn(view, Math.max(start, at - 70), Math.min(end, at + hit.length + 50));
  const pool = near.length > 0 ? near : participantsIn(view, start, end).length > 0 ? participantsIn(view, start, end) : participantsIn(view, sentence.start, sentence.end);
  // Whoever spreads or reports the allegation is not a party to it: "rumours spread by the White House".
  const parties = pool.filter((p) => !/\bby\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,3}(?:and\s+(?:the\s+)?)?$/iu.test(view.text.slice(Math.max(0, p.start - 40), p.start)));
  let codes = [...new Set(parties.map((p) => p.code))].slice(0, 4).sort();
  if (codes.length < 2) {
    // One party named near the object ("Russia’s goal of obtaining ammunition … with North Korea"): take the sentence's.
    const wide = participantsIn(view, start, sentence.end).filter((p) => !/\bby\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,3}(?:and\s+(?:the\s+)?)?$/iu.test(view.text.slice(Math.max(0, p.start - 40), p.start)));
    const wideCodes = [...new Set(wide.map((p) => p.code))];
    if (wideCodes.length >= 2 && wideCodes.length <= 3) codes = wideCodes.sort();
  }
  if (codes.length === 0) return null; // a proposition about nobody named cannot be corroborated or denied
  // Templates name the two parties of the story: one named party is completed from the document's
  // main pair ("Pyongyang denies sending weapons" in an article on North Korea and Russia), and a
  // crowd of parties is narrowed to that pair when both are in it.
  const main = mainPair(view);
  if (main && codes.length === 1 && main.includes(codes[0]!)) codes = [...main].sort();
  else if (main && codes.length > 2 && main.every((c) => codes.includes(c))) codes = [...main].sort();
  let direction: Proposition["direction"] = null;
  const fromTo = /\bfrom\s+(?:the\s+)?([\p{Lu}][\p{L}\s-]{1,30}?)\s+to\s+(?:the\s+)?([\p{Lu}][\p{L}-]+(?:\s+[\p{Lu}][\p{L}-]+)?)/u.exec(slice);
  if (fromTo) {
    const from = pool.find((p) => fromTo[1]!.includes(p.text))?.code;
    const to = pool.find((p) => fromTo[2]!.includes(p.text))?.code;
    if (from && to && from !== to) direction = { from, to };
  }
  if (!direction && hit.type === "AID") {
    const to = /\bto\s+(?:the\s+)?([\p{Lu}][\p{L}-]+(?:\s+[\p{Lu}][\p{L}-]+)?)/u.exec(view.text.slice(at, Math.min(end, at + hit.length + 40)));
    const toCode = to ? pool.find((p) => to[1]!.includes(p.text))?.code : undefined;
    const others = codes.filter((c) => c !== toCode);
    if (toCode && others.length === 1) direction = { from: others[0]!, to: toCode };
  }
  return { type: hit.type, object: hit.object, participants: codes, direction };
}

/** Literal screens (no Unicode classes) that rule sentences out before the full patterns run. */
const DENY_HINT = /deni|deny|dismiss|reject|refut|rebuff|rumou?r|baseless|groundless|unfounded|no such|fabricat|nonsense|speculat|lies|fake|false/i;
const STANCE_SCREEN = /deni|deny|dismiss|reject|refut|rebuff|rumou?r|baseless|groundless|unfounded|no such|fabricat|nonsense|speculat|lies|fake|false|say|said|claim|insist|assert|alleg|accus|charged|blame|confirm|maintain|argu|believ|declar|warn|report|purport|suppos|according|comment|respond/i;

function actorsOf(view: DocView, sentence: Sentence, cueAt: number): Array<string | null> {
  const subjects: LocalMention[] = subjectBefore(view, sentence.start, cueAt, false);
  if (subjects.length > 0) return [...new Set(subjects.map((m) => m.entity))];
  const before = view.text.slice(sentence.start, cueAt);
  const np = /((?:the|this|that)\s+(?:[\p{L}-]+\s+){0,4}[\p{L}-]+|\b(?:he|she|they|we))\s+(?:(?:also|then|later|further|has|have|had|both|all)\s+)*$/iu.exec(before);
  if (np) {
    const at = sentence.start + np.index;
    const ref = resolvePhrase(view, at, at + np[1]!.length);
    if (ref?.key) return [ref.key];
  }
  return [null];
}

/**
 * Extract claims with stance from a document.
 * @returns one LocalClaim per proposition occurrence and stance-taker
 */
export function extractClaims(view: DocView): LocalClaim[] {
  const { text } = view;
  const claims: LocalClaim[] = [];
  let lastProposition: { proposition: Proposition; paragraph: number } | null = null;
  for (const sentence of view.sentences) {
    const sEnd = Math.min(sentence.end, sentence.start + LIMITS.maxSentenceChars);
    const s = text.slice(sentence.start, sEnd);
    // Cheap literal screen first: most sentences carry no stance cue at all.
    if (!STANCE_SCREEN.test(s)) continue;
    const evidence = evidenceOf(text, sentence.start, sentence.end);
    const deny = DENY_HINT.test(s) ? DENY_CUES.exec(s) : null;
    const notDenial = NOT_A_DENIAL.test(s) || NON_ANSWER.test(s);
    const emit = (p: Proposition, stance: Stance, actor: string | null): void => {
      claims.push({ text: claimText(p), key: claimKey(p), stance, actor, evidence });
    };
    if (deny && !notDenial) {
      const cueAt = sentence.start + deny.index;
      const own = propositionIn(view, cueAt, sEnd, sentence) ?? propositionIn(view, sentence.start, sEnd, sentence);
      // "Lavrov called these statements rumours": the proposition is the previous claim's.
      const anaphoric = /\b(?:these|those|the|such|this|that)\s+(?:statements?|claims?|reports?|allegations?|accusations?|rumou?rs?|assertions?)\b/iu.test(s);
      const proposition: Proposition | null = own ?? (anaphoric && lastProposition && lastProposition.paragraph >= sentence.paragraph - 1 ? lastProposition.proposition : null);
      if (proposition) {
        for (const actor of actorsOf(view, sentence, cueAt)) emit(proposition, "deny", actor);
        // The allegation being denied is itself reported: "dismissing rumours spread by the White House".
        const spreadBy = /\b(?:spread|made|voiced|circulated|levelled|leveled)\s+by\s+/iu.exec(s);
        if (spreadBy && own) {
          const from = sentence.start + spreadBy.index + spreadBy[0].length;
          const source = subjectAfter(view, from, sEnd);
          if (source) emit(proposition, "assert", source);
        }
        lastProposition = { proposition, paragraph: sentence.paragraph };
      }
      continue;
    }
    const assertCue = ASSERT_CUES.exec(s);
    if (!assertCue && !notDenial && !ALLEGATION_MARKERS.test(s)) continue;
    // "X accused Y of Z": X asserts Z about Y (a later "Y rejected these accusations" denies it);
    // passive "Y was accused (by X) of Z" likewise, with X often unnamed (then the text reports it).
    const accusation = ACCUSATION.exec(s);
    if (accusation && !notDenial && !/\b(?:if|unless|whether)\b/iu.test(s.slice(0, accusation.index))) {
      const cueAt = sentence.start + accusation.index;
      const segmentAt = cueAt + accusation[0].indexOf(accusation[2]!, accusation[1]!.length);
      const ofAt = sentence.start + accusation.index + accusation[0].length;
      const passive = PASSIVE_BEFORE.test(text.slice(Math.max(sentence.start, cueAt - 30), cueAt));
      let accused: string[];
      let actors: Array<string | null>;
      if (passive) {
        accused = subjectBefore(view, sentence.start, cueAt).map((m) => mentionCode(view, m)).filter((c): c is string => c !== null);
        const by = /\bby\s+/iu.exec(accusation[2]!);
        const agent = by ? subjectAfter(view, segmentAt + by.index + by[0].length, ofAt) : null;
        actors = [agent];
      } else {
        accused = participantsIn(view, segmentAt, ofAt).map((p) => p.code);
        actors = accusation[2]!.trim() ? actorsOf(view, sentence, cueAt) : [];
      }
      const gist = squash(text.slice(ofAt, sEnd).split(/[,;.:]|\s[–—]\s/u)[0]!).split(" ").slice(0, 10).join(" ");
      const own = propositionIn(view, ofAt, sEnd, sentence);
      const namedAccused = passive ? accusedNamesFrom(view, sentence.start, cueAt) : accusedNames(view, segmentAt, ofAt);
      const proposition: Proposition | null = own ?? (gist ? { type: "ACCUSE", object: gistKey(gist), participants: [...new Set(accused)].sort(), direction: null, gist: `${namedAccused} ${gist}`.trim() } : null);
      // An accusation with neither a named accuser nor a named accused tells the analyst nothing.
      if (proposition && actors.length > 0 && (accused.length > 0 || actors.some((a) => a !== null))) {
        for (const actor of actors) emit(proposition, actor ? "assert" : "report", actor);
        lastProposition = { proposition, paragraph: sentence.paragraph };
        continue;
      }
    }
    // The proposition follows the speaker's verb ("the White House said North Korea shipped…").
    const proposition = (assertCue ? propositionIn(view, sentence.start + assertCue.index + assertCue[0].length, sEnd, sentence) : null) ?? propositionIn(view, sentence.start, sEnd, sentence);
    if (!proposition) continue;
    if (notDenial) {
      emit(proposition, "report", null);
      lastProposition = { proposition, paragraph: sentence.paragraph };
      continue;
    }
    const assert = assertCue;
    const alleged = ALLEGATION_MARKERS.test(s);
    if (assert) {
      const cueAt = sentence.start + assert.index;
      const actors = actorsOf(view, sentence, cueAt).filter((a): a is string => a !== null);
      if (actors.length > 0) {
        for (const actor of actors) emit(proposition, "assert", actor);
        lastProposition = { proposition, paragraph: sentence.paragraph };
        continue;
      }
    }
    if (alleged || assert) {
      // Relayed by the text: "allegedly", or a speaker the text does not name.
      emit(proposition, "report", null);
      lastProposition = { proposition, paragraph: sentence.paragraph };
    }
  }
  return claims;
}

function subjectAfter(view: DocView, from: number, to: number): string | null {
  const window = Math.min(to, from + 60);
  const ments = view.mentions.filter((m) => m.start >= from && m.end <= window);
  const m = ments.find((x) => {
    const e = entityOf(view, x);
    return e && (e.type === "organization" || e.type === "country" || e.type === "person");
  });
  return m ? m.entity : null;
}
