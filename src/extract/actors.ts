/**
 * Finding who does or says something: the named subject before a verb (skipping appositives,
 * prepositional objects and possessives), pronouns resolved to the last person named, and
 * nominals ("the Russian top diplomat") resolved through the roles the language layer recorded.
 */
import type { LocalEntity, LocalMention } from "../model/pipeline.js";
import { ROLE_SYNONYMS } from "./lexicon.js";
import { LIMITS, entityOf, isActorMention, mentionAt, mentionsIn, paragraphIndexAt, type DocView } from "./text.js";

/** A resolved actor: the entity key (or null when only the words are known) and the words as written. */
export interface ActorRef {
  key: string | null;
  text: string;
  start: number;
  end: number;
}

const PREPOSITION_BEFORE =
  /\b(?:of|for|to|with|in|at|from|by|on|about|against|between|into|towards?|than|over|under|across|through|via|within|without|among|amid|like|as\s+a|during|after|before|since|until|following|despite|near|around|behind|beyond|inside|outside|upon|onto|toward|regarding|concerning)\s+(?:the\s+)?$/iu;
/** A preposition followed by title words: "by the Russian leader Vladimir Putin". */
const PREPOSITION_TITLES_RE = /\b(?:of|for|to|with|by|from|against|between)\s+(?:the\s+)?((?:\S+\s+){1,3})$/iu;
const PREPOSITION_TITLES = {
  test: (before: string): boolean => {
    const m = PREPOSITION_TITLES_RE.exec(before);
    return (
      !!m &&
      m[1]!
        .trim()
        .split(/\s+/)
        .every((w) => TITLE_WORD.test(w))
    );
  },
};
/** Plural nouns after a demonym that name people who do not speak for the state. */
const NON_STATE_NOUNS =
  /^\s+(?:analysts?|experts?|scholars?|media|observers?|commentators?|researchers?|journalists?|newspapers?|press|bloggers?|users?|citizens?|people|students?|workers?)\b/iu;
const POSSESSIVE_AFTER = /^['’]s?\b|^['’](?=\s)/u;
const PRONOUN = /^(?:he|she|they|we|it)$/iu;

/** Spans of appositives following person mentions: "X, a senior fellow at Y," → the part after X. */
export function appositiveSpans(view: DocView, start: number, end: number): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  for (const m of mentionsIn(view, start, end)) {
    const e = entityOf(view, m);
    if (e?.type !== "person") continue;
    const after = view.text.slice(m.end, Math.min(end, m.end + 220));
    const open =
      /^\s*,\s*(?!(?:as|and|but|or|nor|while|whereas|because|although|though|since|when|if|so|yet|after|before|according|said|says|told|tells|adding|noting|which|where|then|in|on|at|with)\b)(?=(?:a|an|the|who|whose|[\p{Ll}]|(?:former|deputy|senior|chief|acting|vice|associate|assistant)\b))/u.exec(
        after,
      );
    if (open) {
      const rest = after.slice(open[0].length);
      const close = rest.search(/,|\)|—|–|:|;/u);
      if (close > 0) spans.push({ start: m.end, end: m.end + open[0].length + close });
      continue;
    }
    const paren = /^\s*\(/u.exec(after);
    if (paren) {
      const close = after.indexOf(")");
      if (close > 0) spans.push({ start: m.end, end: m.end + close + 1 });
    }
  }
  return spans;
}

function inside(spans: Array<{ start: number; end: number }>, m: { start: number; end: number }): boolean {
  return spans.some((s) => m.start >= s.start && m.end <= s.end);
}

/**
 * Candidate subject mentions in `[windowStart, pivot)`: actor mentions that are not inside an
 * appositive, not the object of a preposition and not a possessive ("Russia’s goals").
 */
export function subjectCandidates(view: DocView, windowStart: number, pivot: number): LocalMention[] {
  const apps = appositiveSpans(view, windowStart, pivot);
  const out: LocalMention[] = [];
  let skippedEnd = -1;
  for (const m of mentionsIn(view, windowStart, pivot)) {
    if (!isActorMention(view, m) && m.via !== "pronoun") continue;
    if (out.includes(m)) continue;
    // "A Kenyan trade mission headed by Minister Grace Otieno arrived": the named leader acts.
    const leader = m.via === "demonym" ? ledBy(view, m, pivot) : null;
    if (leader) {
      if (!out.includes(leader)) out.push(leader);
      continue;
    }
    // "Otieno is the first Kenyan minister to fly": a demonym in a predicate noun is no subject.
    if (m.via === "demonym" && PREDICATE_BEFORE.test(view.text.slice(Math.max(windowStart, m.start - 40), m.start)))
      continue;
    if (inside(apps, m)) continue;
    const before = view.text.slice(Math.max(windowStart, m.start - 48), m.start);
    // "of Japan, South Korea, and the US": the whole coordinated object of a preposition is skipped.
    if (
      PREPOSITION_BEFORE.test(before) ||
      PREPOSITION_TITLES.test(before) ||
      (skippedEnd >= 0 && /^\s*(?:,|,?\s*and|,?\s*or)\s*(?:the\s+)?$/iu.test(view.text.slice(skippedEnd, m.start)))
    ) {
      skippedEnd = m.end;
      continue;
    }
    if (/[-–]$/u.test(view.text.slice(Math.max(0, m.start - 1), m.start))) continue; // "Russian-North Korean": a compound modifier
    if (m.via === "demonym" && NON_STATE_NOUNS.test(view.text.slice(m.end, m.end + 30))) continue; // "Chinese analysts" are not China
    if (
      /\bbetween\s+(?:the\s+)?[\p{L}\p{M}\s'’-]{1,40}\s+and\s+(?:the\s+)?$/iu.test(
        view.text.slice(Math.max(windowStart, m.start - 60), m.start),
      )
    )
      continue;
    if (POSSESSIVE_AFTER.test(view.text.slice(m.end, m.end + 3))) continue;
    if (/^\s*(?:\([^)]{0,40}\)\s*)?[—–]\s/u.test(view.text.slice(m.end, m.end + 50))) continue; // dateline "WASHINGTON (AP) —"
    if (
      /\([^)]{0,40}$/u.test(view.text.slice(Math.max(0, m.start - 40), m.start)) &&
      /^[^(]{0,40}\)/u.test(view.text.slice(m.end, m.end + 40))
    )
      continue; // "(CNN)"
    if (m.via === "demonym" && headAfterModifier(view, m, pivot)) continue; // "Russian Foreign Minister Lavrov": Lavrov is the subject
    if (objectOfVerb(view, m)) continue; // "soldiers who routed the garrison and freed…"
    out.push(m);
  }
  return out;
}

const PREDICATE_BEFORE =
  /\b(?:is|was|are|were|be|been|becomes?|became|remains?|remained)\s+(?:the|a|an)\s+(?:[\p{Ll}-]+\s+){0,2}$/u;

/**
 * A demonym opening a group noun led by a named person ("a Kenyan trade mission headed by
 * Minister Grace Otieno"): that person; else null.
 */
export function ledBy(view: DocView, m: LocalMention, limit: number): LocalMention | null {
  const after = view.text.slice(m.end, Math.min(limit, m.end + 80));
  const lead = /^\s+(?:[\p{Ll}-]+\s+){1,3}(?:led|headed|accompanied)\s+by\s+(?:the\s+)?((?:\S+\s+){0,3})/u.exec(after);
  if (!lead) return null;
  for (const next of mentionsIn(
    view,
    m.end + lead[0].length - lead[1]!.length,
    Math.min(limit, m.end + lead[0].length + 40),
  )) {
    const e = entityOf(view, next);
    if (e?.type !== "person" || next.via === "pronoun") return null;
    const words = view.text.slice(m.end + lead[0].length - lead[1]!.length, next.start).trim();
    return words === "" || words.split(/\s+/).every((w) => TITLE_WORD.test(w)) ? next : null;
  }
  return null;
}

/**
 * When `m` is a modifier (a demonym such as "North Korean") followed by title words and a person or
 * organisation ("North Korean leader Kim Jong-un"), the mention it modifies; else null.
 */
export function headAfterModifier(view: DocView, m: LocalMention, limit: number): LocalMention | null {
  for (const next of mentionsIn(view, m.end, Math.min(limit, m.end + 60))) {
    if (next.via === "pronoun") return null;
    const e = entityOf(view, next);
    if (!e || (e.type !== "person" && e.type !== "organization")) return null;
    const words = view.text.slice(m.end, next.start).trim();
    if (words === "" || words.split(/\s+/).every((w) => TITLE_WORD.test(w) || /^[\p{Ll}-]+$/u.test(w))) {
      return words.split(/\s+/).length <= 4 ? next : null;
    }
    return null;
  }
  return null;
}

/** True when the word before `m` (past determiners and adjectives) is a main verb: `m` is its object. */
function objectOfVerb(view: DocView, m: LocalMention): boolean {
  const tokens = view.nlp.tokens;
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < m.start) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1, seen = 0; i >= 0 && seen < 3; i--, seen++) {
    const t = tokens[i]!;
    if (t.pos === "DET" || t.pos === "ADJ" || t.pos === "NUM") continue;
    return t.pos === "VERB" && !/^(?:said|says|told|according|including)$/iu.test(t.text) && /^[\p{Ll}]/u.test(t.text);
  }
  return false;
}

/**
 * The subject of a verb at `pivot`: the last candidate before it in the window, extended over
 * coordination ("Putin and Kim"). Persons and organisations are preferred when `preferSpeakers`.
 * Returns every coordinated subject, first to last.
 */
export function subjectBefore(
  view: DocView,
  windowStart: number,
  pivot: number,
  preferSpeakers = false,
): LocalMention[] {
  const cands = subjectCandidates(view, windowStart, pivot);
  if (cands.length === 0) return [];
  let pickIdx = cands.length - 1;
  if (preferSpeakers) {
    for (let i = cands.length - 1; i >= 0; i--) {
      const e = entityOf(view, cands[i]!);
      if (cands[i]!.via === "pronoun" || (e && (e.type === "person" || e.type === "organization"))) {
        pickIdx = i;
        break;
      }
    }
  }
  const picked: LocalMention[] = [cands[pickIdx]!];
  // Coordination: "Moscow and Pyongyang", "Putin, Xi and Kim", "Putin and North Korean leader Kim".
  for (let i = pickIdx - 1; i >= 0; i--) {
    if (isCoordinated(view.text.slice(cands[i]!.end, picked[0]!.start))) picked.unshift(cands[i]!);
    else break;
  }
  return picked;
}

const TITLE_WORD =
  /^(?:[\p{Lu}][\p{L}\p{M}.-]*|the|his|her|their|its|leader|president|minister|counterpart|foreign|defen[cs]e|prime|chairman|chief|head|top|diplomat|deputy|state|supreme|general|secretary|spokes\w+|envoy|ambassador|commander|official)$/u;

/** True when the text between two mentions coordinates them: ", ", " and ", " and North Korean leader ". */
export function isCoordinated(gap: string): boolean {
  const m = /^\s*(?:,|and|&|,\s*and|as\s+well\s+as)\s*((?:\S+\s+){0,4})$/iu.exec(gap);
  if (!m) return false;
  const words = m[1]!.trim() ? m[1]!.trim().split(/\s+/) : [];
  return words.every((w) => TITLE_WORD.test(w));
}

/** The last person mentioned (not by pronoun) before `offset`, within this paragraph or the one before. */
export function lastPersonBefore(view: DocView, offset: number): LocalMention | null {
  const para = paragraphIndexAt(view, offset);
  const floor = Math.max(view.paragraphs[Math.max(0, para - 1)]?.start ?? 0, offset - LIMITS.maxLookback);
  for (const m of mentionsIn(view, floor, offset).reverse()) {
    if (m.via === "pronoun") continue;
    if (entityOf(view, m)?.type === "person") return m;
  }
  return null;
}

/** The last actor of any kind (not a pronoun) before `offset`, within this paragraph or the one before. */
export function lastActorBefore(
  view: DocView,
  offset: number,
  types: ReadonlyArray<LocalEntity["type"]>,
): LocalMention | null {
  const para = paragraphIndexAt(view, offset);
  const floor = Math.max(view.paragraphs[Math.max(0, para - 1)]?.start ?? 0, offset - LIMITS.maxLookback);
  for (const m of mentionsIn(view, floor, offset).reverse()) {
    if (m.via === "pronoun") continue;
    const e = entityOf(view, m);
    if (e && types.includes(e.type)) return m;
  }
  return null;
}

const NATIONALITY_WORDS =
  /\b(russian|north\s+korean|south\s+korean|korean|chinese|american|us|u\.s\.|japanese|ukrainian|british|french|german|european|iranian|indian)\b/iu;

/**
 * Resolve a nominal ("the Russian minister", "the expert", "the Russian top diplomat") to the most
 * recently mentioned person whose recorded roles match its head noun (and nationality when given).
 */
export function resolveNominal(view: DocView, phrase: string, offset: number): string | null {
  const words = phrase
    .toLowerCase()
    .replace(/[^\p{L}\s.-]/gu, " ")
    .trim()
    .split(/\s+/);
  const head = words[words.length - 1];
  if (!head) return null;
  const wanted = ROLE_SYNONYMS[head] ?? [head];
  const nat = NATIONALITY_WORDS.exec(phrase)?.[1]?.toLowerCase().replace(/\s+/g, " ") ?? null;
  const seen = new Set<string>();
  // Roles are looked up among people named in the last few paragraphs (bounded, most recent first).
  for (const m of mentionsIn(view, Math.max(0, offset - 4 * LIMITS.maxLookback), offset).reverse()) {
    if (seen.has(m.entity)) continue;
    seen.add(m.entity);
    const e = entityOf(view, m);
    if (e?.type !== "person") continue;
    const roles = e.roles.map((r) => r.toLowerCase());
    if (!roles.some((r) => wanted.some((w) => r.includes(w)))) continue;
    if (nat) {
      const natRoot = nat.replace(/n$/, "").replace(/ese$/, "");
      const affiliation = (e.affiliation ?? "").toLowerCase();
      const natOk =
        roles.some((r) => r.includes(nat)) || (affiliation !== "" && affiliation.startsWith(natRoot.slice(0, 4)));
      if (!natOk && (roles.length > 0 || affiliation !== "")) continue;
    }
    return e.key;
  }
  return null;
}

/**
 * Resolve the words naming a speaker or actor at `[start, end)`: a mention covering it, else a
 * pronoun (he/she → last person; they → last actor), else a nominal via roles.
 */
export function resolvePhrase(view: DocView, start: number, end: number): ActorRef | null {
  const text = view.text.slice(start, end).trim();
  if (!text) return null;
  const lead = view.text.slice(start, end).length - view.text.slice(start, end).trimStart().length;
  const s = start + lead;
  const e = s + text.length;
  const m = mentionAt(view, s, e);
  if (m && m.via !== "pronoun" && isActorMention(view, m)) return { key: m.entity, text, start: s, end: e };
  if (m && m.via === "pronoun") return { key: m.entity, text, start: s, end: e };
  if (PRONOUN.test(text)) {
    const lower = text.toLowerCase();
    const ref =
      lower === "he" || lower === "she"
        ? lastPersonBefore(view, s)
        : lower === "it"
          ? null
          : lastActorBefore(view, s, ["country", "organization", "person"]);
    return { key: ref?.entity ?? null, text, start: s, end: e };
  }
  if (/^(?:the|this|that|our)\s/iu.test(text)) {
    return { key: resolveNominal(view, text, s), text, start: s, end: e };
  }
  return { key: null, text, start: s, end: e };
}
