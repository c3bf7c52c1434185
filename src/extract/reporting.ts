/**
 * Reporting frames: who reports what. The reporting-verb lexicon (data/nlp/reporting-verbs.json,
 * derived from WordNet's communication verbs and UD clausal complements by
 * scripts/build-reporting-verbs.ts), the subject of a reporting verb — from the dependency parse
 * when the language layer filled `Token.head`/`Token.dep` (nsubj through conjunctions, relative
 * clauses, appositions and inversions), else from the word order — and pronoun speakers resolved by
 * gender, number, recency and salience.
 */
import { readFileSync } from "node:fs";
import { getGender } from "gender-detection-from-name";
import type { LocalEntity, LocalMention, Token } from "../model/pipeline.js";
import { dataPath } from "../util/paths.js";
import { resolveNominal, subjectCandidates, type ActorRef } from "./actors.js";
import { entityOf, isActorMention, mentionAt, mentionsIn, paragraphIndexAt, type DocView } from "./text.js";

interface LexiconFile {
  verbs: Array<{ lemma: string }>;
}

let lexicon: Set<string> | null = null;

/** Lemmas of English reporting verbs (say, tell, warn, deny, insist…). */
export function reportingLemmas(): ReadonlySet<string> {
  if (!lexicon) {
    const file = JSON.parse(readFileSync(dataPath("nlp", "reporting-verbs.json"), "utf8")) as LexiconFile;
    lexicon = new Set(file.verbs.map((v) => v.lemma));
  }
  return lexicon;
}

/** Verbs that take the person spoken to as object before the reported clause ("told reporters that"). */
const ADDRESSEE_VERBS = new Set(["tell", "inform", "assure", "reassure", "remind", "notify", "warn", "advise", "promise", "ask", "brief", "caution", "urge"]);

/** True when the verb takes an addressee object ("told the jury"). */
export function takesAddressee(lemma: string): boolean {
  return ADDRESSEE_VERBS.has(lemma);
}

/**
 * True when token `i` is a reporting verb: a verb whose lemma is in the lexicon, or a past
 * participle the tagger took for an adjective ("X, a professor, informed Y: …") when no noun
 * follows it (so "the stated aim" is no cue).
 */
export function isReportingVerb(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (!t || !/^[\p{L}]+$/u.test(t.text)) return false;
  const lexicon = reportingLemmas();
  if (t.pos === "VERB") return lexicon.has(t.lemma.toLowerCase());
  if (t.pos !== "ADJ" || !/ed$/iu.test(t.text)) return false;
  const next = tokens[i + 1];
  if (next && /^(?:NOUN|PROPN|ADJ)$/.test(next.pos) && !/^[\p{Lu}]/u.test(next.text)) return false;
  const w = t.text.toLowerCase();
  return [w.slice(0, -1), w.slice(0, -2), w.replace(/ied$/u, "y")].some((stem) => lexicon.has(stem));
}

/** Per-document token helpers: lookup by offset and dependency children. */
export interface TokenIndex {
  tokens: Token[];
  /** True when the language layer filled `head`/`dep` for this document. */
  parsed: boolean;
  children(i: number): number[];
  /** Index of the first token starting at or after `offset`. */
  at(offset: number): number;
}

const indexes = new WeakMap<DocView, TokenIndex>();

/** The token index of a document view (built once). */
export function tokenIndex(view: DocView): TokenIndex {
  let idx = indexes.get(view);
  if (idx) return idx;
  const tokens = view.nlp.tokens;
  const parsed = tokens.length > 0 && tokens.some((t) => typeof t.head === "number" && typeof t.dep === "string");
  let kids: number[][] | null = null;
  idx = {
    tokens,
    parsed,
    children(i: number): number[] {
      if (!kids) {
        kids = tokens.map(() => []);
        tokens.forEach((t, j) => {
          if (typeof t.head === "number" && t.head >= 0 && t.head < tokens.length && t.head !== j) kids![t.head]!.push(j);
        });
      }
      return kids[i] ?? [];
    },
    at(offset: number): number {
      let lo = 0;
      let hi = tokens.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (tokens[mid]!.start < offset) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    },
  };
  indexes.set(view, idx);
  return idx;
}

// ---------------------------------------------------------------------------------------------
// gender and pronouns

const MALE_TITLES = /^(?:mr|sir|lord|king|prince|father|brother|monsieur|herr|señor|senhor)\.?$/iu;
const FEMALE_TITLES = /^(?:mrs|ms|miss|madam|madame|dame|lady|queen|princess|sister|mother|frau|señora|senhora|mme)\.?$/iu;
const HONORIFICS = /^(?:dr|prof|professor|president|premier|prime|minister|senator|sen|rep|gov|governor|judge|justice|gen|general|col|colonel|lt|capt|captain|sgt|coach|chief|mayor|ambassador|commissioner|secretary|chancellor|detective|inspector|officer|rev|saint|st|the)\.?$/iu;

type Gender = "male" | "female" | null;
const genderCache = new WeakMap<LocalEntity, Gender>();

function foldAccents(s: string): string {
  return s.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
}

/**
 * The gender a text would use pronouns for, from a title (Mr, Mrs…), else from the first name
 * (open first-name lists of the `gender-detection-from-name` package), else from pronouns the
 * language layer already linked to the entity; null when unknown.
 */
export function genderOf(view: DocView, e: LocalEntity): Gender {
  if (genderCache.has(e)) return genderCache.get(e)!;
  let g: Gender = null;
  if (e.type === "person") {
    for (const name of [e.name, ...e.aliases]) {
      const words = name.split(/\s+/).filter(Boolean);
      if (words.some((w) => MALE_TITLES.test(w))) g = "male";
      else if (words.some((w) => FEMALE_TITLES.test(w))) g = "female";
      if (g) break;
    }
    if (!g) {
      const words = e.name.split(/\s+/).filter((w) => !HONORIFICS.test(w) && !MALE_TITLES.test(w) && !FEMALE_TITLES.test(w));
      if (words.length >= 2) {
        const first = words[0]!.replace(/[.,]/g, "");
        const guess = getGender(first);
        const folded = guess === "unknown" ? getGender(foldAccents(first)) : guess;
        if (folded === "male" || folded === "female") g = folded;
      }
    }
    if (!g) {
      let he = 0;
      let she = 0;
      for (const m of view.mentions) {
        if (m.entity !== e.key || m.via !== "pronoun") continue;
        if (/^(?:he|him|his)$/iu.test(m.text)) he++;
        else if (/^(?:she|her|hers)$/iu.test(m.text)) she++;
      }
      g = he > she ? "male" : she > he ? "female" : null;
    }
  }
  genderCache.set(e, g);
  return g;
}

/** A span of the text that is not narrative (a direct quote): mentions inside it never antecede a speaker pronoun. */
export interface Span {
  start: number;
  end: number;
}

function insideAny(spans: readonly Span[], m: { start: number; end: number }): boolean {
  return spans.some((s) => m.start >= s.start && m.end <= s.end);
}

/**
 * Resolve a speaker pronoun at `at` ("he said", "she told"): the most recent gender-compatible
 * person that is a subject in this paragraph before `before` (mentions inside quotes excluded),
 * else the running speaker when compatible, else the most recent compatible person of the two
 * previous paragraphs. "he"/"she" never resolve to an organisation, country or outlet;
 * "they"/"it" resolve to an organisation or country named as a subject.
 * @param before where the search window ends (the pronoun, or the opening quote mark of the
 *   quote it attributes, so that names inside the quote are not candidates)
 * @param running the speaker of the previous quote in this or the previous paragraph, if any
 * @param quoted direct-quote spans of the document
 */
export function resolveSpeakerPronoun(view: DocView, pronoun: string, before: number, running: string | null, quoted: readonly Span[]): string | null {
  const lower = pronoun.toLowerCase();
  const para = paragraphIndexAt(view, before);
  const paraStart = view.paragraphs[para]?.start ?? 0;
  const personal = lower === "he" || lower === "she";
  const wanted: Gender = lower === "he" ? "male" : lower === "she" ? "female" : null;
  const fits = (key: string): boolean => {
    const e = view.entities.get(key);
    if (!e) return false;
    if (personal) {
      if (e.type !== "person") return false;
      const g = genderOf(view, e);
      return g === null || g === wanted;
    }
    return e.type === "organization" || e.type === "country";
  };
  const named = (from: number, to: number, subjectsOnly: boolean): LocalMention[] => {
    const pool = subjectsOnly ? subjectCandidates(view, from, to) : mentionsIn(view, from, to);
    return pool.filter((m) => m.via !== "pronoun" && !insideAny(quoted, m) && isActorMention(view, m) && fits(m.entity));
  };
  // Prefer a gender-known candidate over an unknown one at similar distance.
  const pick = (cands: LocalMention[]): string | null => {
    if (cands.length === 0) return null;
    const last = cands[cands.length - 1]!;
    if (!wanted) return last.entity;
    const known = [...cands].reverse().find((m) => genderOf(view, view.entities.get(m.entity)!) === wanted);
    const lastGender = genderOf(view, view.entities.get(last.entity)!);
    return lastGender === null && known ? known.entity : last.entity;
  };
  const here = pick(named(paraStart, before, true));
  if (here) return here;
  if (running && fits(running)) return running;
  for (let p = para - 1; p >= Math.max(0, para - 2); p--) {
    const span = view.paragraphs[p]!;
    const found = pick(named(span.start, span.end, true)) ?? pick(named(span.start, span.end, false));
    if (found) return found;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// the subject of a reporting verb

/** Nouns that speak for the organisation named with them ("a spokeswoman for Maersk", "the union's spokesman"). */
const VOICE_NOUNS = /^(?:spokes(?:man|woman|person|people|men|women)|representatives?|statement|officials?|source|sources|lawyers?|attorneys?|press|office)$/iu;
/** Nominal heads that refer to the organisation last named ("the company said"). */
const ORG_NOMINALS = /^(?:company|firm|group|carrier|airline|bank|union|agency|authority|ministry|department|court|party|commission|council|institute|network|board|club|team|federation|association|organi[sz]ation|chamber|office|government|regulator|manufacturer|maker|lender|insurer|retailer|operator|developer|studio|startup|start-up|charity)$/iu;
const PERSONAL_PRONOUNS = /^(?:he|she|they|it|we|i)$/iu;
const RELATIVE = /^(?:who|which|that)$/iu;

function mentionOfToken(view: DocView, t: Token): LocalMention | null {
  const m = mentionAt(view, t.start, t.end);
  return m && m.start <= t.start && m.end >= t.end ? m : null;
}

/** The most recent organisation (or country) subject before `offset`, in this or the two previous paragraphs. */
function lastOrganisation(view: DocView, offset: number, quoted: readonly Span[]): string | null {
  const para = paragraphIndexAt(view, offset);
  const from = view.paragraphs[Math.max(0, para - 2)]?.start ?? 0;
  const pool = mentionsIn(view, from, offset).filter((m) => !insideAny(quoted, m) && entityOf(view, m)?.type === "organization");
  return pool.length ? pool[pool.length - 1]!.entity : null;
}

/** Context a speaker is resolved in. */
export interface SpeakerContext {
  /** Speaker key of the previous quote in this or the previous paragraph (for pronouns). */
  running: string | null;
  /** Direct-quote spans of the document. */
  quoted: readonly Span[];
  /** Where a pronoun's antecedent search ends (default: the pronoun itself). */
  antecedentsBefore?: number;
}

/** Resolve the words of a subject noun phrase `[start, end)` to a speaker. */
export function speakerFromPhrase(view: DocView, start: number, end: number, ctx: SpeakerContext): ActorRef | null {
  const raw = view.text.slice(start, end);
  const text = raw.trim();
  if (!text) return null;
  const s = start + (raw.length - raw.trimStart().length);
  const e = s + text.length;
  if (PERSONAL_PRONOUNS.test(text)) {
    if (/^(?:i|we)$/iu.test(text)) return null;
    return { key: resolveSpeakerPronoun(view, text, Math.min(ctx.antecedentsBefore ?? s, s), ctx.running, ctx.quoted), text, start: s, end: e };
  }
  const ms = mentionsIn(view, s, e).filter((m) => isActorMention(view, m) && m.via !== "pronoun");
  const person = ms.find((m) => entityOf(view, m)?.type === "person");
  const words = text.split(/\s+/);
  const head = words[words.length - 1]!.replace(/[^\p{L}-]/gu, "");
  if (person) return { key: person.entity, text, start: s, end: e };
  if (ms.length > 0) {
    // "the Kenya Revenue Authority", "a spokeswoman for Maersk": the organisation speaks.
    const org = ms.find((m) => entityOf(view, m)?.type === "organization") ?? ms[0]!;
    const whole = ms.find((m) => m.start <= s + 4 && m.end >= e - 1);
    if (whole || VOICE_NOUNS.test(head) || /['’]s?\s/u.test(view.text.slice(org.end, org.end + 3)) || ms.length === 1) return { key: org.entity, text, start: s, end: e };
  }
  if (/^(?:the|this|that|its|our)\s/iu.test(text)) {
    const person = resolveNominal(view, text, s);
    if (person) return { key: person, text, start: s, end: e };
    if (ORG_NOMINALS.test(head)) return { key: lastOrganisation(view, s, ctx.quoted), text, start: s, end: e };
  }
  return { key: null, text, start: s, end: e };
}

/** Span of a subject token's noun phrase in the parse: the token and its nominal modifiers. */
function nounPhraseSpan(idx: TokenIndex, i: number): Span {
  const t = idx.tokens[i]!;
  let start = t.start;
  let end = t.end;
  const grow = (j: number, depth: number): void => {
    for (const c of idx.children(j)) {
      const d = idx.tokens[c]!.dep ?? "";
      if (!/^(?:compound|flat|det|amod|nmod:poss|case|nummod|name|fixed|cc|conj)/.test(d) || depth > 3) continue;
      start = Math.min(start, idx.tokens[c]!.start);
      end = Math.max(end, idx.tokens[c]!.end);
      grow(c, depth + 1);
    }
  };
  grow(i, 0);
  return { start, end };
}

/**
 * The subject of verb token `v` from the dependency parse: `nsubj`, inherited over `conj`,
 * `xcomp` and participial `advcl` ("…, adding that"), mapped through relative pronouns to the noun
 * the relative clause modifies, preferring a named apposition ("the union's leader, Hilde Maes").
 */
function parsedSubject(view: DocView, idx: TokenIndex, v: number, ctx: SpeakerContext): ActorRef | null {
  let cur = v;
  for (let hop = 0; hop < 4; hop++) {
    const subj = idx.children(cur).find((c) => /^nsubj(?!:pass)/.test(idx.tokens[c]!.dep ?? "") || idx.tokens[c]!.dep === "nsubj");
    if (subj !== undefined) {
      let s = subj;
      const st = idx.tokens[s]!;
      if (RELATIVE.test(st.text) && /relcl/.test(idx.tokens[cur]!.dep ?? "")) s = idx.tokens[cur]!.head!;
      return subjectRef(view, idx, s, ctx);
    }
    const t = idx.tokens[cur]!;
    if ((t.dep === "conj" || t.dep === "xcomp" || t.dep === "advcl") && typeof t.head === "number" && t.head >= 0) {
      cur = t.head;
      continue;
    }
    if (/relcl/.test(t.dep ?? "") && typeof t.head === "number" && t.head >= 0) return subjectRef(view, idx, t.head, ctx);
    return null;
  }
  return null;
}

function subjectRef(view: DocView, idx: TokenIndex, s: number, ctx: SpeakerContext): ActorRef | null {
  const st = idx.tokens[s]!;
  // A named apposition: "Lumetra's chief executive, Chen Wei-ling, said" / "Chen, the chief executive, said".
  const own = mentionOfToken(view, st);
  if (!(own && entityOf(view, own)?.type === "person")) {
    for (const c of idx.children(s)) {
      if (idx.tokens[c]!.dep !== "appos") continue;
      const m = mentionOfToken(view, idx.tokens[c]!);
      if (m && entityOf(view, m)?.type === "person") return { key: m.entity, text: m.text, start: m.start, end: m.end };
    }
  }
  if (own && isActorMention(view, own) && own.via !== "pronoun") {
    const e = entityOf(view, own)!;
    return { key: e.key, text: own.text, start: own.start, end: own.end };
  }
  // "a spokeswoman for Maersk": the organisation in an nmod of a voice noun.
  if (VOICE_NOUNS.test(st.text)) {
    for (const c of idx.children(s)) {
      if (!/^nmod/.test(idx.tokens[c]!.dep ?? "")) continue;
      const m = mentionOfToken(view, idx.tokens[c]!);
      if (m && isActorMention(view, m)) return { key: m.entity, text: view.text.slice(Math.min(st.start, m.start), Math.max(st.end, m.end)), start: Math.min(st.start, m.start), end: Math.max(st.end, m.end) };
    }
  }
  const span = nounPhraseSpan(idx, s);
  return speakerFromPhrase(view, span.start, span.end, ctx);
}

const ABBREVIATION = /(?:^|[\s(])(?:Dr|Mr|Mrs|Ms|Mx|Prof|St|Gen|Lt|Col|Maj|Capt|Sgt|Adm|Sen|Rep|Gov|Jr|Sr|Rev|Hon|Insp|Supt|No|[\p{Lu}])$/u;

/** The first sentence-ending mark in `[from, limit)` that does not close an abbreviation ("Dr.", "J."), or `limit`. */
export function endOfSentence(text: string, from: number, limit: number): number {
  const re = /[.!?](?=\s|$)/gu;
  const window = text.slice(from, limit);
  for (let m = re.exec(window); m; m = re.exec(window)) {
    if (m[0] === "." && ABBREVIATION.test(window.slice(Math.max(0, m.index - 6), m.index))) continue;
    return from + m.index;
  }
  return limit;
}

const ADVERB_BEFORE_VERB = /^(?:also|then|later|further|again|once|recently|previously|earlier|still|has|have|had|would|will|was|were|is|did|does|do|not|never|publicly|repeatedly|separately|quickly|firmly|flatly|reportedly|himself|herself|themselves)$/iu;

/**
 * The subject of reporting verb token `v` by word order: the nearest actor subject before it in
 * `[windowStart, v)` (skipping appositives, prepositional objects and possessives), or a pronoun or
 * nominal right before it; when nothing precedes it in the window, the inverted subject after it
 * ("said Ward", "said Acme's chief executive, Tim Ward").
 */
function orderedSubject(view: DocView, idx: TokenIndex, v: number, windowStart: number, windowEnd: number, ctx: SpeakerContext): ActorRef | null {
  const verb = idx.tokens[v]!;
  // words between the window start and the verb, minus adverbs and auxiliaries
  let j = v - 1;
  while (j >= 0 && idx.tokens[j]!.start >= windowStart && ADVERB_BEFORE_VERB.test(idx.tokens[j]!.text)) j--;
  const lastBefore = j >= 0 && idx.tokens[j]!.start >= windowStart ? idx.tokens[j]! : null;
  if (lastBefore && lastBefore.pos === "PRON" && PERSONAL_PRONOUNS.test(lastBefore.text)) {
    return speakerFromPhrase(view, lastBefore.start, lastBefore.end, ctx);
  }
  const gapText = view.text.slice(windowStart, verb.start);
  if (/[\p{L}\p{N}]/u.test(gapText)) {
    const cands = subjectCandidates(view, windowStart, verb.start).filter((m) => m.via !== "pronoun");
    const speakers = cands.filter((m) => {
      const t = entityOf(view, m)?.type;
      return t === "person" || t === "organization" || t === "country";
    });
    const pick = speakers[speakers.length - 1] ?? null;
    // A nominal right before the verb ("the company said", "prosecutors say", "Police estimated").
    const np = /((?:(?:the|a|an|its|their|his|her)\s+)?(?:[\p{L}'’-]+\s+){0,3}[\p{L}'’-]+)\s*$/u.exec(view.text.slice(Math.max(windowStart, verb.start - 60), view.text.slice(0, verb.start).trimEnd().length));
    const nominalAt = np ? view.text.slice(0, verb.start).trimEnd().length - np[1]!.length : -1;
    if (pick) {
      // Prefer the nominal when it sits between the named candidate and the verb in its own clause ("…Bamako. The company said").
      const between = view.text.slice(pick.end, verb.start);
      if (!/[;.!?]/u.test(between)) {
        const e = entityOf(view, pick)!;
        return { key: e.key, text: pick.text, start: pick.start, end: pick.end };
      }
    }
    if (np && nominalAt >= windowStart && /^(?:the|a|an|its|their)\s/iu.test(np[1]!) && !/[,;:]/u.test(np[1]!)) {
      const ref = speakerFromPhrase(view, nominalAt, nominalAt + np[1]!.length, ctx);
      if (ref) return ref;
    }
    if (np && nominalAt >= windowStart && /^(?:police|prosecutors|officials|investigators|analysts|economists|researchers|scientists|doctors|experts|critics|residents|witnesses|authorities|organisers|organizers)$/iu.test(np[1]!.trim())) {
      return { key: null, text: np[1]!.trim(), start: nominalAt, end: nominalAt + np[1]!.length };
    }
    return null;
  }
  // Inversion: "said Ward", "said Lumetra's co-founder and chief executive, Chen Wei-ling", "replied Ossett".
  const rest = view.text.slice(verb.end, windowEnd);
  const clause = /^[^;:"“”]*/u.exec(rest.slice(0, endOfSentence(view.text, verb.end, windowEnd) - verb.end))![0];
  const after = mentionsIn(view, verb.end, verb.end + clause.length).filter((m) => m.via !== "pronoun" && isActorMention(view, m));
  const person = after.find((m) => entityOf(view, m)?.type === "person");
  const first = after[0];
  const chosen = person && (!first || first === person || /['’]s?\s/u.test(view.text.slice(first.end, first.end + 3)) || view.text.slice(first.end, person.start).includes(",")) ? person : first;
  if (chosen && view.text.slice(verb.end, chosen.start).trim().split(/\s+/).length <= 8) {
    const e = entityOf(view, chosen)!;
    return { key: e.key, text: chosen.text, start: chosen.start, end: chosen.end };
  }
  const np = /^\s+((?:the|a|an)\s+(?:[\p{L}'’-]+\s+){0,3}[\p{L}'’-]+)/u.exec(rest);
  if (np) {
    const at = verb.end + rest.indexOf(np[1]!);
    return speakerFromPhrase(view, at, at + np[1]!.length, ctx);
  }
  return null;
}

/**
 * The speaker of reporting verb token `v`: from the parse when there is one, else from the word
 * order inside `[windowStart, windowEnd)`.
 */
export function speakerOfVerb(view: DocView, v: number, windowStart: number, windowEnd: number, ctx: SpeakerContext): ActorRef | null {
  const idx = tokenIndex(view);
  if (idx.parsed) {
    const ref = parsedSubject(view, idx, v, ctx);
    if (ref) return ref;
  }
  return orderedSubject(view, idx, v, windowStart, windowEnd, ctx);
}
