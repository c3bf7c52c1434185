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
import { extractOpenClaims } from "./coding/claims.js";
import { claimObjects } from "./coding/objects.js";
import { resolvePhrase, subjectBefore } from "./actors.js";
import { ALLEGATION_MARKERS, ASSERT_CUES, DENY_CUES, NON_ANSWER, NOT_A_DENIAL, TRANSFER_WORDS } from "./lexicon.js";
import { mentionCode, participantCode, participantName, participantsIn } from "./participants.js";
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
const ACCUSATION =
  /\b(accused|accuses|accuse|accusing|blamed|blames|blame|blaming)\s+((?:[^\s,.;]+\s+){0,6}?)(?:of|for)\s/iu;
const PASSIVE_BEFORE =
  /\b(?:is|are|was|were|be|been|being)\s+(?:[\p{Ll}]+ly\s+|also\s+|now\s+|widely\s+|repeatedly\s+)*$/iu;

/** Names of the countries or groups a passive accusation's subject names. */
function accusedNamesFrom(view: DocView, from: number, to: number): string {
  const subjects = subjectBefore(view, from, to);
  return subjects.map((m) => view.entities.get(m.entity)?.name ?? m.text).join(" and ");
}

/** A key word set for an accusation's gist: content words, lower-cased, sorted, at most four. */
function gistKey(gist: string): string {
  const stop = new Set([
    "the",
    "a",
    "an",
    "of",
    "to",
    "and",
    "or",
    "in",
    "on",
    "for",
    "with",
    "its",
    "their",
    "his",
    "her",
    "being",
    "having",
    "that",
    "this",
    "by",
    "as",
    "at",
    "from",
    "be",
    "is",
    "was",
    "were",
  ]);
  const words = gist
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, " ")
    .split(/\s+/)
    .filter((w) => w.length > 2 && !stop.has(w));
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
  if (p.direction && p.type === "AID")
    return `${participantName(p.direction.from)} supplies ${p.object} to ${participantName(p.direction.to)}`;
  if (p.type === "SANCTION") return names.length > 0 ? `sanctions involving ${names.join(" and ")}` : "sanctions";
  if (p.type === "COOPERATE" && /cooperation/.test(p.object))
    return `${p.object}${names.length >= 2 ? ` between ${names.join(" and ")}` : names.length === 1 ? ` involving ${names[0]}` : ""}`;
  const between =
    names.length >= 2 ? ` between ${names.join(" and ")}` : names.length === 1 ? ` involving ${names[0]}` : "";
  return `${verb[p.type] ?? p.type.toLowerCase()} ${p.object}${between}`;
}

/** Context of a proposition: who speaks (never a party) and who is the likely supplier when the clause has no subject. */
interface PropositionContext {
  /** Codes of the subject of the reporting verb ("the White House said", "US officials said"). */
  speakers?: Set<string>;
  /** Code of the subject that performs an unsubjected transfer ("Pyongyang denies sending", "accused North Korea of shipping"). */
  agent?: string | null;
}

const TRANSFER_GLOBAL = new RegExp(TRANSFER_WORDS.source, "giu");
/** Object words used as a modifier of a place ("an ammunition depot"): no transfer of arms. */
const OBJECT_AS_MODIFIER =
  /^\s+(?:depots?|factor(?:y|ies)|plants?|dumps?|stores?|storage|production|warehouses?|lines?)\b/iu;
const BY_BEFORE = /\bby\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,3}(?:and\s+(?:the\s+)?)?$/iu;

/**
 * Supplier → recipient of an arms-transfer proposition, read from the proposition itself: "from X to Y",
 * "X supplying/shipping/sending … to Y", "X supplying Y with …", "X's/North Korean ammunition sales".
 * Countries elsewhere in the sentence (speakers, the war's theatre) are not parties.
 */
function transferDirection(
  view: DocView,
  start: number,
  end: number,
  at: number,
  length: number,
  ctx: PropositionContext,
): { from: string; to: string } | null {
  const slice = view.text.slice(start, end);
  const pool = participantsIn(view, start, end).filter(
    (p) => !BY_BEFORE.test(view.text.slice(Math.max(0, p.start - 40), p.start)),
  );
  const codeIn = (phrase: string): string | undefined =>
    pool.find((p) => phrase.includes(p.text))?.code ?? participantCode(phrase) ?? undefined;
  const fromTo =
    /\bfrom\s+(?:the\s+)?([\p{Lu}][\p{L}-]+(?:\s+[\p{Lu}][\p{L}-]+)?)\s+to\s+(?:the\s+)?([\p{Lu}][\p{L}-]+(?:\s+[\p{Lu}][\p{L}-]+)?)/u.exec(
      slice,
    );
  if (fromTo) {
    const from = codeIn(fromTo[1]!);
    const to = codeIn(fromTo[2]!);
    if (from && to && from !== to) return { from, to };
  }
  // The transfer verb of the object: the nearest one before it in the same clause, else right after it.
  let verb: { start: number; end: number } | null = null;
  TRANSFER_GLOBAL.lastIndex = 0;
  for (let m = TRANSFER_GLOBAL.exec(slice); m; m = TRANSFER_GLOBAL.exec(slice)) {
    const vs = start + m.index;
    const ve = vs + m[0].length;
    if (ve <= at && !/[;:]|\s[–—]\s/u.test(view.text.slice(ve, at))) verb = { start: vs, end: ve };
    else if (vs >= at + length && vs - (at + length) <= 40 && !verb) {
      verb = { start: vs, end: ve };
      break;
    } else if (vs >= at + length) break;
  }
  const afterFrom = Math.max(at + length, verb && verb.start > at ? verb.end : at + length);
  let to: string | undefined;
  // "supplying Russia with shells": the recipient sits between the verb and "with".
  if (verb && verb.end <= at) {
    const between = view.text.slice(verb.end, at);
    const w = /^\s+(?:the\s+)?([\p{Lu}][\p{L}-]+(?:\s+[\p{Lu}][\p{L}-]+)?)\s+with\b/u.exec(between);
    if (w) to = codeIn(w[1]!);
  }
  if (!to) {
    const tail = view.text.slice(afterFrom, Math.min(end, afterFrom + 70)).split(/[,;:]|\s[–—]\s/u)[0]!;
    const t = /\bto\s+(?:the\s+)?([\p{Lu}][\p{L}-]+(?:\s+[\p{Lu}][\p{L}-]+)?)/u.exec(tail);
    if (t) to = codeIn(t[1]!);
  }
  // Supplier: the nearest party before the verb (or before the object: "North Korean ammunition sales").
  const pivot = verb && verb.end <= at ? verb.start : at;
  const before = participantsIn(view, Math.max(0, pivot - 90), pivot)
    .filter((p) => !ctx.speakers?.has(p.code) && p.code !== to)
    .filter((p) => !/[.;:]/u.test(view.text.slice(p.end, pivot)) || p.end === pivot);
  let from: string | undefined = before.length > 0 ? before[before.length - 1]!.code : undefined;
  if (from && pivot - before[before.length - 1]!.end > 60) from = undefined;
  if (!from && ctx.agent && ctx.agent !== to) from = ctx.agent;
  return from && to && from !== to ? { from, to } : null;
}

/** Words after a name that make it the source of an allegation, not a party: "U.S. claims", "Western reports". */
const SOURCE_NOUN_AFTER = /^\s*(?:['’]s\s+)?(?:claims?|reports?|allegations?|accusations?|assertions?|charges)\b/iu;

/** A participant that spreads or reports the allegation: "… put about by the ministry", "similar U.S. claims". */
function reportsIt(view: DocView, p: { start: number; end: number }): boolean {
  return (
    /\bby\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,3}(?:and\s+(?:the\s+)?)?$/iu.test(
      view.text.slice(Math.max(0, p.start - 40), p.start),
    ) || SOURCE_NOUN_AFTER.test(view.text.slice(p.end, p.end + 16))
  );
}

function propositionIn(
  view: DocView,
  start: number,
  end: number,
  sentence: Sentence,
  ctx: PropositionContext = {},
): Proposition | null {
  const slice = view.text.slice(start, end);
  let hit: { object: string; type: PloverType; index: number; length: number } | null = null;
  for (const o of claimObjects()) {
    const m = o.pattern.exec(slice);
    if (!m) continue;
    if (o.type === "AID" && !TRANSFER_WORDS.test(slice)) continue; // "nuclear weapons" alone is no transfer
    if (OBJECT_AS_MODIFIER.test(slice.slice(m.index + m[0].length))) continue; // "an ammunition depot"
    // "… if Lima sold rifles": a condition, not a proposition anyone asserts.
    if (/\b(?:if|unless|whether)\b[^,;.]*$/iu.test(slice.slice(0, m.index))) return null;
    hit = { object: o.object, type: o.type, index: m.index, length: m[0].length };
    break;
  }
  if (!hit) return null;
  const at = start + hit.index;
  // Participants near the object keyword (same clause), else in the proposition, else the sentence.
  const near = participantsIn(view, Math.max(start, at - 70), Math.min(end, at + hit.length + 50));
  const pool =
    near.length > 0
      ? near
      : participantsIn(view, start, end).length > 0
        ? participantsIn(view, start, end)
        : participantsIn(view, sentence.start, sentence.end);
  // Whoever spreads or reports the allegation is not a party to it: "stories put about by the ministry",
  // "similar U.S. claims".
  const parties = pool.filter((p) => !reportsIt(view, p));
  let codes = [...new Set(parties.filter((p) => !ctx.speakers?.has(p.code)).map((p) => p.code))].slice(0, 4).sort();
  if (codes.length < 2) {
    // One party named near the object ("Russia’s goal of obtaining ammunition … with North Korea"): take the sentence's.
    const wide = participantsIn(view, start, sentence.end).filter(
      (p) => !ctx.speakers?.has(p.code) && !reportsIt(view, p),
    );
    const wideCodes = [...new Set(wide.map((p) => p.code))];
    if (wideCodes.length >= 2 && wideCodes.length <= 3) codes = wideCodes.sort();
  }
  if (codes.length === 0) return null; // a proposition about nobody named cannot be corroborated or denied
  if (hit.type === "AID") {
    // Arms transfers are (supplier, recipient) pairs read from the proposition itself.
    const direction = transferDirection(view, start, end, at, hit.length, ctx);
    if (direction)
      return { type: hit.type, object: hit.object, participants: [direction.from, direction.to].sort(), direction };
  }
  const direction: Proposition["direction"] = null;
  // An arms object with no supplier and recipient read from the proposition, and not exactly two parties
  // ("containers were moved … to a depot near the border").
  if (hit.type === "AID" && codes.length !== 2) return null;
  return { type: hit.type, object: hit.object, participants: codes, direction };
}

/** Literal screens (no Unicode classes) that rule sentences out before the full patterns run. */
const DENY_HINT =
  /deni|deny|dismiss|reject|refut|rebuff|rumou?r|baseless|groundless|unfounded|no such|fabricat|nonsense|speculat|lies|fake|false/i;
const STANCE_SCREEN =
  /deni|deny|dismiss|reject|refut|rebuff|rumou?r|baseless|groundless|unfounded|no such|fabricat|nonsense|speculat|lies|fake|false|say|said|claim|insist|assert|alleg|accus|charged|blame|confirm|maintain|argu|believ|declar|warn|report|purport|suppos|according|comment|respond/i;

function actorsOf(view: DocView, sentence: Sentence, cueAt: number): Array<string | null> {
  const subjects: LocalMention[] = subjectBefore(view, sentence.start, cueAt, false);
  if (subjects.length > 0) return [...new Set(subjects.map((m) => m.entity))];
  const before = view.text.slice(sentence.start, cueAt);
  // "Officials in Nairobi stated", "envoys from Lima argued": the place speaks for its state.
  const officials =
    /\b(?:[Oo]fficials?|[Aa]uthorities|[Dd]iplomats?|[Ss]pokes(?:man|woman|person|people)|[Ss]ources?|[Ll]awmakers|[Gg]overnment)\s+(?:in|from|of|at)\s+(?:the\s+)?((?:[\p{Lu}][\p{L}-]+\s+){0,3}?[\p{Lu}][\p{L}-]+)\s+(?:(?:also|then|later|further|has|have|had|both|all|long|repeatedly|previously)\s+)*(?:[\p{Ll}]+ly\s+)?$/u.exec(
      before,
    );
  if (officials) {
    const at = sentence.start + officials.index + officials[0].indexOf(officials[1]!);
    const m = view.mentions.find((x) => x.start >= at && x.end <= at + officials[1]!.length);
    if (m) return [m.entity];
  }
  const np =
    /((?:the|this|that)\s+(?:[\p{L}-]+\s+){0,4}[\p{L}-]+|\b(?:he|she|they|we))\s+(?:(?:also|then|later|further|has|have|had|both|all)\s+)*$/iu.exec(
      before,
    );
  if (np) {
    const at = sentence.start + np.index;
    const ref = resolvePhrase(view, at, at + np[1]!.length);
    if (ref?.key) return [ref.key];
  }
  return [null];
}

/** Participant code of a local entity (countries, organisations with an affiliation); null for people. */
function entityCode(view: DocView, key: string | null): string | null {
  if (!key) return null;
  const e = view.entities.get(key);
  if (!e || e.type === "person") return null;
  return participantCode(e.name) ?? (e.affiliation ? participantCode(e.affiliation) : null);
}

/** Warnings and hypotheticals: the speaker does not assert the proposition ("warned that … would be a mistake"). */
const WARN_CUE = /^warn/iu;
const HYPOTHETICAL = /\b(?:would|could|might)\b/iu;
/** Concern is no assertion: "X was deeply worried that …" (group 1: who is concerned). */
const CONCERN =
  /([\p{Lu}][\p{L}-]+(?:\s+[\p{Lu}][\p{L}-]+)?)\s+(?:was|is|were|are|remains?|remained)\s+(?:[\p{Ll}]+ly\s+)?(?:concerned|worried|alarmed)\s+(?:that|about|by)\b/u;

/**
 * A denial inside a relative clause or an apposition of the reporting sentence: "…, the White House
 * said, … an arms pipeline that Moscow and Pyongyang have denied", "…, a claim Moscow denies". The
 * reporting verb's subject asserts; the relative clause's subject denies.
 */
const RELATIVE_DENIAL =
  /(?:\b(?:that|which)\s+|,\s+(?:a|an|the)\s+(?:claim|charge|allegation|accusation|assertion|report)s?\s+(?:that\s+)?)(?:[^,;.]{0,80}?)$/iu;

/** What may stand between a reporting verb and its complement "that": "said (on Friday) that X denied" reports a denial. */
const COMPLEMENT_GAP =
  /^\s*(?:(?:on|last|this|early|late)\s+[\p{L}]+|[\p{L}]+day|yesterday|today|in\s+a\s+statement|to\s+reporters|again|also)?\s*$/iu;

/** One sentence under scan: its (capped) text, end, whether it is no denial, and the claim sink. */
interface SentenceScan {
  view: DocView;
  sentence: Sentence;
  /** The sentence text, capped at LIMITS.maxSentenceChars. */
  s: string;
  sEnd: number;
  notDenial: boolean;
  emit: (p: Proposition, stance: Stance, actor: string | null) => void;
}

/** The last proposition claimed, for anaphoric denials ("Lavrov called these statements rumours"). */
type LastProposition = { proposition: Proposition; paragraph: number } | null;

/** Claims of a denial sentence: deniers deny, reporters of a relative denial assert; returns the proposition, if any. */
function denialClaims(scan: SentenceScan, deny: RegExpExecArray, lastProposition: LastProposition): Proposition | null {
  const { view, sentence, s, sEnd, emit } = scan;
  const cueAt = sentence.start + deny.index;
  const deniers = actorsOf(view, sentence, cueAt);
  const ctx: PropositionContext = { agent: entityCode(view, deniers[0] ?? null) };
  // A reporting verb before a relative denial: its subject asserts what the relative clause's subject denies.
  const reporting = ASSERT_CUES.exec(s.slice(0, deny.index));
  const relative =
    reporting &&
    RELATIVE_DENIAL.test(s.slice(reporting.index + reporting[0].length, deny.index)) &&
    !COMPLEMENT_GAP.test(s.slice(reporting.index + reporting[0].length, deny.index).replace(RELATIVE_DENIAL, ""));
  const reporters = relative
    ? actorsOf(view, sentence, sentence.start + reporting!.index).filter((a): a is string => a !== null)
    : [];
  if (reporters.length > 0) {
    ctx.speakers = new Set(reporters.map((r) => entityCode(view, r)).filter((c): c is string => c !== null));
    ctx.agent = null;
  }
  const own =
    propositionIn(view, cueAt, sEnd, sentence, ctx) ?? propositionIn(view, sentence.start, sEnd, sentence, ctx);
  // "Lavrov called these statements rumours": the proposition is the previous claim's.
  const anaphoric =
    /\b(?:these|those|the|such|this|that)\s+(?:statements?|claims?|reports?|allegations?|accusations?|rumou?rs?|assertions?)\b/iu.test(
      s,
    );
  const proposition: Proposition | null =
    own ??
    (anaphoric && lastProposition && lastProposition.paragraph >= sentence.paragraph - 1
      ? lastProposition.proposition
      : null);
  if (proposition) {
    for (const actor of deniers) emit(proposition, "deny", actor);
    for (const actor of reporters) emit(proposition, "assert", actor);
    // The allegation being denied is itself reported: "rejecting stories put about by the ministry".
    const spreadBy = /\b(?:spread|made|voiced|circulated|levelled|leveled)\s+by\s+/iu.exec(s);
    if (spreadBy && own) {
      const from = sentence.start + spreadBy.index + spreadBy[0].length;
      const source = subjectAfter(view, from, sEnd);
      if (source) emit(proposition, "assert", source);
    }
  }
  return proposition;
}

/**
 * Claims of an accusation ("X accused Y of Z", passive "Y was accused (by X) of Z"); returns the
 * proposition when claims were emitted, null when the sentence falls through to the assertion reading.
 */
function accusationClaims(scan: SentenceScan, accusation: RegExpExecArray): Proposition | null {
  const { view, sentence, sEnd, emit } = scan;
  const { text } = view;
  const cueAt = sentence.start + accusation.index;
  const segmentAt = cueAt + accusation[0].indexOf(accusation[2]!, accusation[1]!.length);
  const ofAt = sentence.start + accusation.index + accusation[0].length;
  const passive = PASSIVE_BEFORE.test(text.slice(Math.max(sentence.start, cueAt - 30), cueAt));
  let accused: string[];
  let actors: Array<string | null>;
  if (passive) {
    accused = subjectBefore(view, sentence.start, cueAt)
      .map((m) => mentionCode(view, m))
      .filter((c): c is string => c !== null);
    const by = /\bby\s+/iu.exec(accusation[2]!);
    const agent = by ? subjectAfter(view, segmentAt + by.index + by[0].length, ofAt) : null;
    actors = [agent];
  } else {
    accused = participantsIn(view, segmentAt, ofAt).map((p) => p.code);
    actors = accusation[2]!.trim() ? actorsOf(view, sentence, cueAt) : [];
  }
  const gist = squash(text.slice(ofAt, sEnd).split(/[,;.:]|\s[–—]\s/u)[0]!)
    .split(" ")
    .slice(0, 10)
    .join(" ");
  const own = propositionIn(view, ofAt, sEnd, sentence, {
    agent: accused.length === 1 ? accused[0]! : null,
    speakers: new Set(actors.map((a) => entityCode(view, a)).filter((c): c is string => c !== null)),
  });
  const namedAccused = passive ? accusedNamesFrom(view, sentence.start, cueAt) : accusedNames(view, segmentAt, ofAt);
  const proposition: Proposition | null =
    own ??
    (gist
      ? {
          type: "ACCUSE",
          object: gistKey(gist),
          participants: [...new Set(accused)].sort(),
          direction: null,
          gist: `${namedAccused} ${gist}`.trim(),
        }
      : null);
  // An accusation with neither a named accuser nor a named accused tells the analyst nothing.
  if (proposition && actors.length > 0 && (accused.length > 0 || actors.some((a) => a !== null))) {
    for (const actor of actors) emit(proposition, actor ? "assert" : "report", actor);
    return proposition;
  }
  return null;
}

/**
 * Claims of a reported proposition: asserted by a named speaker, relayed when hedged, alleged or
 * unattributed; returns the proposition when claims were emitted.
 */
function assertionClaims(scan: SentenceScan, assertCue: RegExpExecArray | null): Proposition | null {
  const { view, sentence, s, sEnd, notDenial, emit } = scan;
  // The proposition follows the speaker's verb ("the White House said North Korea shipped…").
  const speakerKeys = assertCue
    ? actorsOf(view, sentence, sentence.start + assertCue.index).filter((a): a is string => a !== null)
    : [];
  const speakerCodes = new Set(speakerKeys.map((a) => entityCode(view, a)).filter((c): c is string => c !== null));
  // "said Chile was deeply worried that Lima …": the concerned party speaks, it is no party.
  const concern = CONCERN.exec(s);
  if (concern) {
    const code = participantCode(concern[1]!);
    if (code) speakerCodes.add(code);
  }
  const pctx: PropositionContext = { speakers: speakerCodes, agent: [...speakerCodes][0] ?? null };
  const proposition =
    (assertCue
      ? propositionIn(view, sentence.start + assertCue.index + assertCue[0].length, sEnd, sentence, pctx)
      : null) ?? propositionIn(view, sentence.start, sEnd, sentence, pctx);
  if (!proposition) return null;
  if (notDenial) {
    emit(proposition, "report", null);
    return proposition;
  }
  const assert = assertCue;
  const alleged = ALLEGATION_MARKERS.test(s);
  if (assert) {
    const actors = speakerKeys;
    // "Ruto cautioned that selling rifles … would be an error", "any military aid … would matter":
    // the speaker relays a warning or a hypothetical, not an assertion of the proposition.
    const hedged = WARN_CUE.test(assert[0]) || HYPOTHETICAL.test(s.slice(assert.index)) || concern !== null;
    if (actors.length > 0) {
      for (const actor of actors) emit(proposition, hedged ? "report" : "assert", actor);
      return proposition;
    }
  }
  if (alleged || assert) {
    // Relayed by the text: "allegedly", or a speaker the text does not name.
    emit(proposition, "report", null);
    return proposition;
  }
  return null;
}

/**
 * Extract claims with stance from a document.
 * @returns one LocalClaim per proposition occurrence and stance-taker
 */
export function extractClaims(view: DocView): LocalClaim[] {
  const { text } = view;
  const claims: LocalClaim[] = [];
  let lastProposition: LastProposition = null;
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
    const scan: SentenceScan = { view, sentence, s, sEnd, notDenial, emit };
    if (deny && !notDenial) {
      const proposition = denialClaims(scan, deny, lastProposition);
      if (proposition) lastProposition = { proposition, paragraph: sentence.paragraph };
      continue;
    }
    const assertCue = ASSERT_CUES.exec(s);
    if (!assertCue && !notDenial && !ALLEGATION_MARKERS.test(s)) continue;
    // "X accused Y of Z": X asserts Z about Y (a later "Y rejected these accusations" denies it);
    // passive "Y was accused (by X) of Z" likewise, with X often unnamed (then the text reports it).
    const accusation = ACCUSATION.exec(s);
    if (accusation && !notDenial && !/\b(?:if|unless|whether)\b/iu.test(s.slice(0, accusation.index))) {
      const proposition = accusationClaims(scan, accusation);
      if (proposition) {
        lastProposition = { proposition, paragraph: sentence.paragraph };
        continue;
      }
    }
    const proposition = assertionClaims(scan, assertCue);
    if (proposition) lastProposition = { proposition, paragraph: sentence.paragraph };
  }
  // Open-ended claims (any reported proposition, keyed by the coder): kept where the story templates
  // above said nothing about the same sentence with the same stance and source.
  const taken = new Set(claims.map((c) => `${c.evidence.start}|${c.stance}|${c.actor}`));
  for (const c of extractOpenClaims(view)) if (!taken.has(`${c.evidence.start}|${c.stance}|${c.actor}`)) claims.push(c);
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
