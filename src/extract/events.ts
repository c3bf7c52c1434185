/**
 * Event extraction: PLOVER-typed events from a trigger lexicon (verbs and nominals), one sentence at
 * a time. Actor = the named subject before the trigger (or a possessive before a nominal: "Putin’s
 * visit"), target = object or "with/to X", location = "in/to X" place, date = the clause's time
 * expression else the paragraph's, else null. Modes: negated, hypothetical, future, historical.
 */
import type { LocalEvent, LocalMention, Sentence, TimeExpression } from "../model/pipeline.js";
import type { EventMode } from "../model/records.js";
import { headAfterModifier, isCoordinated, resolveNominal, subjectBefore, subjectCandidates } from "./actors.js";
import { ALLEGATION_MARKERS, ASSERT_CUES, DENY_CUES, EVENT_TRIGGERS, type TriggerEntry } from "./lexicon.js";

/** Arms objects inside an AID trigger ("shipped artillery shells"). */
const ARMS_OBJECT = /\b(?:shells|ammunition|munitions|weapons|arms|missiles|rockets|artillery|containers)\b/i;
import { participantCode } from "./participants.js";
import { codeSentence, sentenceTokens, summaryOf } from "./coding/coder.js";
import {
  LIMITS,
  entityName,
  entityOf,
  evidenceOf,
  isActorMention,
  lowerBound,
  mentionsIn,
  squash,
  type DocView,
} from "./text.js";

interface TriggerHit {
  entry: TriggerEntry;
  start: number;
  end: number;
}

const COMPILED = EVENT_TRIGGERS.map((entry) => ({
  entry,
  re: new RegExp(`(?<![\\p{L}\\p{N}-])(?:${entry.pattern})(?![\\p{L}\\p{N}])`, "giu"),
}));

const NEGATION_BEFORE = /\b(?:not|never|no|n['’]t|without|neither|nor|refused\s+to|failed\s+to)\s+(?:\w+\s+){0,2}$/iu;
const HYPOTHETICAL =
  /\b(?:could|might|may|would|if|whether|possible|possibly|perhaps|hypothetically|unless|should|potential(?:ly)?|likely|speculat\w*|wants?\s+to|hopes?\s+to)\b/iu;
const FUTURE =
  /\b(?:will|shall|['’]ll|plans?\s+to|planned|planning|is\s+to|are\s+to|going\s+to|upcoming|next|scheduled|intends?\s+to|expected\s+to|set\s+to|due\s+to)\b/iu;
/** The month May is no modal: "In May 2022 Russia vetoed" is not hypothetical. */
function withoutMonthMay(s: string): string {
  return s.replace(
    /\bMay(?=\s+\d)|(?<=\d\s+)May\b|(?<=\b(?:[Ii]n|of|since|last|next|early|late|mid|until|by)\s+)May\b/gu,
    "",
  );
}
const INFINITIVE_BEFORE = /\bto\s+$/iu;
const USED_TO = /\bused\s+to\s+$/iu;
/** "the first Chilean president to fly to": a record set, not a plan. */
const FIRST_TO = /\b(?:first|second|third|last|only|latest)\s+(?:[\p{L}-]+\s+){0,4}to\s+$/iu;

function findTriggers(text: string, from: number, to: number): TriggerHit[] {
  const slice = text.slice(from, to);
  const hits: TriggerHit[] = [];
  COMPILED.forEach(({ entry, re }) => {
    re.lastIndex = 0;
    for (let m = re.exec(slice); m; m = re.exec(slice)) {
      hits.push({ entry, start: from + m.index, end: from + m.index + m[0].length });
      if (m[0].length === 0) re.lastIndex++;
    }
  });
  // Earliest first; at the same start the lexicon's order (most specific first) wins; drop overlaps.
  hits.sort((a, b) => a.start - b.start || EVENT_TRIGGERS.indexOf(a.entry) - EVENT_TRIGGERS.indexOf(b.entry));
  const out: TriggerHit[] = [];
  let lastEnd = -1;
  for (const h of hits) {
    if (h.start < lastEnd) continue;
    out.push(h);
    lastEnd = h.end;
  }
  return out;
}

/** Drop a quote mark left open by cutting a summary short ("would “not hesitate to" → "would not hesitate to"). */
function balanceQuotes(words: string): string {
  const opens = (words.match(/[“«„]/gu) ?? []).length;
  const closes = (words.match(/[”»]/gu) ?? []).length;
  const straight = (words.match(/"/g) ?? []).length;
  let out = words;
  if (opens > closes) out = out.replace(/[“«„](?![^“«„]*[”»])/u, "");
  if (straight % 2 === 1) out = out.replace(/"(?![^"]*")/u, "");
  return out.replace(/[(,;:]+$/u, "").trim();
}

/** A title or menu line: no closing punctuation and mostly capitalised words. */
export function isHeadline(sentence: string): boolean {
  const trimmed = sentence.trim();
  if (/[.!?"”»:)]$/u.test(trimmed)) return false;
  const words = trimmed.match(/[\p{L}][\p{L}'’-]*/gu) ?? [];
  if (words.length === 0) return true;
  const capitalised = words.filter((w) => /^[\p{Lu}\d]/u.test(w)).length;
  return capitalised / words.length > 0.5;
}

/** Time expression for a trigger: nearest in the sentence, else the last one earlier in the paragraph. */
function dateFor(view: DocView, sentence: Sentence, at: number): TimeExpression | null {
  let best: TimeExpression | null = null;
  let bestDistance = Infinity;
  for (let i = Math.max(0, lowerBound(view.times, sentence.start) - 1); i < view.times.length; i++) {
    const t = view.times[i]!;
    if (t.start >= sentence.end) break;
    if (t.end <= sentence.start || t.value === null) continue;
    const between = view.text.slice(Math.min(t.end, at), Math.max(t.start, at));
    if (
      /;|\s[–—]\s|\.\s|,\s+(?:and|but|while|whereas|which|who|where|although|though)\s|\s(?:that|which|who|whom|where)\s/u.test(
        between,
      ) ||
      between.length > 120
    )
      continue; // another clause's date
    if (sincePhrase(view, t, at)) continue; // "since last year" starts a state, it does not date the event
    const d = t.start >= at ? t.start - at : at - t.end;
    if (d < bestDistance) {
      best = t;
      bestDistance = d;
    }
  }
  if (best) return best;
  const paragraph = view.paragraphs[sentence.paragraph];
  if (!paragraph) return null;
  // An earlier sentence's framing ("In July 2023, …") carries over; its own day ("last week", "on
  // Thursday") or a "since …" start belongs to that sentence's event, not to this one.
  for (let i = lowerBound(view.times, sentence.start) - 1; i >= 0; i--) {
    const t = view.times[i]!;
    if (t.start < paragraph.start) break;
    if (t.value === null) continue;
    if (t.granularity === "day" || t.granularity === "interval" || sincePhrase(view, t, t.start)) return null;
    return t;
  }
  return null;
}

/** True when `t` sits in a "since/until …" phrase (between the trigger at `at` and it, or just before it). */
function sincePhrase(view: DocView, t: TimeExpression, at: number): boolean {
  if (/\b(?:since|until|till|through)\b/iu.test(t.text)) return true;
  if (t.start >= at && /\b(?:since|until|till)\b/iu.test(view.text.slice(at, t.start))) return true;
  return /\b(?:since|until|till)\b[^,;.:]{0,60}$/iu.test(view.text.slice(Math.max(0, t.start - 70), t.start));
}

/** The latest year among the document's resolved time expressions, or null. */
function latestYear(view: DocView): number | null {
  let max: number | null = null;
  for (const t of view.times) {
    for (const y of (t.value ?? "").match(/\d{4}/g) ?? []) if (max === null || Number(y) > max) max = Number(y);
  }
  return max;
}

/**
 * A bare year in the trigger's clause that the time layer left unresolved ("dates back to 1961"):
 * year granularity, never a guess at anything finer.
 */
function bareYear(view: DocView, sentence: Sentence, hit: TriggerHit): TimeExpression | null {
  const from = Math.max(sentence.start, hit.start - 60);
  const to = Math.min(sentence.end, hit.end + 120);
  const slice = view.text.slice(from, to);
  const re = /\b(?:in|to|from|of|by)\s+((?:1[89]|20)\d{2})\b(?![-–/]\d)/gu;
  let best: TimeExpression | null = null;
  for (let m = re.exec(slice); m; m = re.exec(slice)) {
    const start = from + m.index + m[0].length - m[1]!.length;
    const between = view.text.slice(Math.min(start, hit.end), Math.max(start, hit.start));
    if (/;|\s[–—]\s|\.\s/u.test(between)) continue;
    if (start > hit.end && /\b(?:since|until|till)\b/iu.test(between)) continue;
    if (!best || Math.abs(start - hit.start) < Math.abs(best.start - hit.start)) {
      best = {
        start,
        end: start + 4,
        text: m[1]!,
        value: m[1]!,
        granularity: "year",
        historical: false,
        note: "bare year read by the extractor",
      };
    }
  }
  return best;
}

function publishedYear(published: string | null): number | null {
  const m = published ? /^(\d{4})/.exec(published) : null;
  return m ? Number(m[1]) : null;
}

function yearOf(value: string): number | null {
  const m = /^(\d{4})/.exec(value);
  return m ? Number(m[1]) : null;
}

/** Objects and places after the trigger, up to the end of its clause. */
function afterTrigger(
  view: DocView,
  hit: TriggerHit,
  sentenceEnd: number,
): { targets: LocalMention[]; location: LocalMention | null; by: LocalMention | null; clauseEnd: number } {
  const { text } = view;
  const windowEnd = Math.min(sentenceEnd, hit.end + 140);
  const rest = text.slice(hit.end, windowEnd);
  const stop = rest.search(
    /[;:]|\s[–—]\s|,\s+(?![\p{Lu}])|\b(?:which|who|where|that|what|whether|how|said|says|told|added)\b|\sand\s+(?:made|said|added|called|urged|warned)\b|,?\s+according\s+to\b/u,
  );
  const clauseEnd = stop >= 0 ? hit.end + stop : windowEnd;
  const targets: LocalMention[] = [];
  let location: LocalMention | null = null;
  let by: LocalMention | null = null;
  let nominalAgent = false;
  for (const m of mentionsIn(view, hit.end, clauseEnd)) {
    if (!isActorMention(view, m) || nominalAgent) continue;
    const e = entityOf(view, m)!;
    const before = text.slice(Math.max(hit.end, m.start - 40), m.start);
    if (/\bby\s+(?:the\s+)?(?:[\p{L}-]+\s+){0,4}$/iu.test(before) && !by && e.type !== "place") {
      // "a trip to Peru by (Brazilian President) Ana Lima": the agent of a nominal
      by = (m.via === "demonym" ? headAfterModifier(view, m, clauseEnd) : null) ?? m;
      // "the latest trip by a Kenyan army commander": a person described by office, not the state.
      const role =
        m.via === "demonym" && by === m
          ? /^\s+((?:[\p{Ll}-]+\s+){0,2}(?:minister|chief|leader|president|diplomat|official|envoy|head|general|delegation))\b/u.exec(
              text.slice(m.end, clauseEnd),
            )
          : null;
      if (role) {
        const key = resolveNominal(view, `${m.text} ${role[1]}`, m.start);
        by = key ? { ...m, entity: key, via: "nominal" as LocalMention["via"] } : null;
        if (!by) nominalAgent = true;
      }
      continue;
    }
    if (by && m.start < by.end) continue;
    // "a visit Russian officials said would …": the speaker of a new clause is no object.
    if (
      /^\s+(?:[\p{Ll}-]+\s+){0,2}(?:said|say|says|told|believe[sd]?|think|thought|claim(?:ed|s)?)\b/u.test(
        text.slice(m.end, m.end + 40),
      )
    )
      continue;
    if (m.via === "demonym" && headAfterModifier(view, m, clauseEnd)) continue; // "North Korean counterpart Choe": Choe
    const isPlaceWord =
      /\b(?:in|to|at|into|from)\s+(?:the\s+)?$/iu.test(before) ||
      (hit.entry.mode === "visit" && /^\s*(?:the\s+)?$/iu.test(text.slice(hit.end, m.start))) ||
      (m.start - hit.end < 6 && /\b(?:in|to|at|into)$/iu.test(text.slice(hit.start, hit.end)));
    if ((e.type === "place" || e.type === "country") && isPlaceWord && !location) {
      location = m;
      if (e.type === "place") continue;
    }
    if (e.type === "place" && hit.entry.type !== "ASSAULT") continue;
    if (/\b(?:from|of|for|on\s+behalf\s+of)\s+(?:the\s+)?$/iu.test(before) && hit.entry.type !== "AID") continue;
    if (/^['’]s?\b/u.test(text.slice(m.end, m.end + 2)) && hit.entry.type !== "AGREE") continue; // "Seoul’s way"
    if (targets.some((t) => t.entity === m.entity)) continue;
    if (targets.length > 0) {
      // Only coordinated objects join the first: "with Choe and Kim".
      const gap = text.slice(targets[targets.length - 1]!.end, m.start);
      if (
        !/^\s*(?:,|and|,\s*and|&)\s*(?:the\s+)?(?:[\p{L}-]+\s+){0,3}$/iu.test(gap) ||
        targets.length >= LIMITS.maxActorsPerEvent
      )
        break;
    }
    targets.push(m);
  }
  return { targets, location, by, clauseEnd };
}

const CLAUSE_BOUNDARY =
  /;|\s[–—]\s|,\s+(?:and|but|while|whereas|because|after|before|when|where|as|since|although)\s|\s(?:who|which|that|where|whom|whose)\s/giu;

/** The first candidate and those coordinated with it ("Putin and Kim"). */
function firstSubject(view: DocView, candidates: LocalMention[]): LocalMention[] {
  if (candidates.length === 0) return [];
  const subject = [candidates[0]!];
  for (const m of candidates.slice(1)) {
    if (!isCoordinated(view.text.slice(subject[subject.length - 1]!.end, m.start))) break;
    subject.push(m);
  }
  return subject;
}

/**
 * Actors of a trigger: for verbs, the subject in the trigger's clause (a relative clause has its
 * own subject: "troops who liberated Korea" names no actor); a coordinated verb phrase ("…, and
 * accepted") shares the sentence subject; a sentence-initial participle ("Meeting with Lavrov,
 * Kim remarked") takes the main clause's subject; nominals take their possessor or the sentence subject.
 */
function actorsFor(
  view: DocView,
  sentence: Sentence,
  sEnd: number,
  hit: TriggerHit,
  by: LocalMention | null,
): LocalMention[] {
  const { text } = view;
  if (by) return [by];
  if (hit.entry.nominal) {
    const owner = mentionsIn(view, Math.max(sentence.start, hit.start - 60), hit.start)
      .reverse()
      .find(
        (m) =>
          isActorMention(view, m) &&
          /^['’]s?\s+(?:[\p{L}-]+\s+){0,3}$/u.test(text.slice(m.end, hit.start)) &&
          !/\b(?:regarding|about|on|of|for|with|in|to|concerning|over|and|or)\s/iu.test(text.slice(m.end, hit.start)),
      );
    if (owner) return [owner];
  }
  let clauseStart = sentence.start;
  let boundaryWord = "";
  CLAUSE_BOUNDARY.lastIndex = 0;
  const head = text.slice(sentence.start, hit.start);
  for (let m = CLAUSE_BOUNDARY.exec(head); m; m = CLAUSE_BOUNDARY.exec(head)) {
    clauseStart = sentence.start + m.index + m[0].length;
    boundaryWord = m[0].trim().replace(/^,\s*/, "").toLowerCase();
  }
  // "At their meeting in May, Lula and Ruto weighed…": the main clause's subject.
  if (
    hit.entry.nominal &&
    /^\s*(?:during|after|before|following|ahead\s+of|at|in|on|amid|upon)\s/iu.test(
      text.slice(sentence.start, hit.start),
    )
  ) {
    const comma = text.indexOf(",", hit.end);
    if (comma > 0 && comma < sEnd) {
      const main = firstSubject(view, subjectCandidates(view, comma + 1, Math.min(sEnd, comma + 80)));
      if (main.length > 0) return main;
    }
  }
  let inClause = subjectBefore(view, clauseStart, hit.start);
  // "…whether the deals are signed or not, the opposition will object": the subject is "the opposition".
  if (
    inClause.length > 0 &&
    /,\s*(?:the|a|an|this|that|these|those|some|many|most|its|their|his|her)\s+[\p{L}-]+\s+(?:[\p{Ll}]+\s+){0,2}$/iu.test(
      text.slice(inClause[inClause.length - 1]!.end, hit.start),
    )
  ) {
    if (!hit.entry.nominal) return [];
    inClause = [];
  }
  if (inClause.length > 0 && !hit.entry.nominal) return inClause;
  if (/^(?:who|which|that|whom|whose|where)$/.test(boundaryWord) && !hit.entry.nominal) {
    // "the Red Army troops who … liberated Korea": the antecedent right before the relative pronoun.
    const pronounAt = clauseStart - boundaryWord.length - 1;
    const antecedent = mentionsIn(view, Math.max(sentence.start, pronounAt - 40), pronounAt)
      .reverse()
      .find((m) => isActorMention(view, m) && /^\s*(?:[\p{Ll}-]+\s*)?,?\s*$/u.test(text.slice(m.end, pronounAt)));
    return antecedent ? [antecedent] : [];
  }
  // ", threatening them with tariffs": a participle after a comma shares the sentence's subject.
  if (
    !hit.entry.nominal &&
    /,\s*$/u.test(text.slice(Math.max(sentence.start, hit.start - 3), hit.start)) &&
    /^[\p{L}]+ing\b/iu.test(text.slice(hit.start, hit.end))
  ) {
    return firstSubject(view, subjectCandidates(view, sentence.start, hit.start));
  }
  // "…blocked a motion that would have widened an embargo after the border clashes": the relative
  // clause's nominal is not the sentence subject's act.
  if (hit.entry.nominal && /^(?:who|which|that|whom|whose|where)$/.test(boundaryWord)) return [];
  const sentenceSubject = subjectCandidates(view, sentence.start, hit.start);
  // "…called the trip useful … at the meeting in Geneva between Ruto and Lula": a nominal in a
  // circumstantial phrase is not the sentence subject's act.
  if (
    hit.entry.nominal &&
    /\b(?:during|at|after|before|since|following|ahead\s+of|amid|on|in)\s+(?:the|a|their|his|her|its|last|this)\s+(?:[\p{L}-]+\s+){0,2}$/iu.test(
      text.slice(Math.max(sentence.start, hit.start - 40), hit.start) + " ",
    )
  )
    return [];
  if (hit.entry.nominal || boundaryWord === "and" || boundaryWord === "but" || clauseStart === sentence.start) {
    if (sentenceSubject.length > 0) return firstSubject(view, sentenceSubject);
  }
  // "Meeting with Lavrov on Thursday, Kim remarked …": the main clause's subject follows the comma.
  if (
    /^\s*(?:[\p{L}-]+ing|after|during|upon|following)\b/iu.test(text.slice(sentence.start, hit.start + 1)) ||
    hit.start === sentence.start
  ) {
    const comma = text.indexOf(",", hit.end);
    if (comma > 0 && comma < sEnd) {
      const after = firstSubject(view, subjectCandidates(view, comma + 1, Math.min(sEnd, comma + 80)));
      if (after.length > 0) return after;
    }
  }
  return [];
}

function namesOf(view: DocView, keys: string[]): string {
  const names = keys.map((k) => entityName(view, k));
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

const AGREEMENT_PHRASE =
  /\b((?:the|a|an)\s+(?:[\p{L}-]+\s+){0,6}?(?:treaty|agreement|pact|accord|deal|memorandum|declaration|contract|documents?))\b/iu;

/** The agreement a signing sentence names ("a ten-year fisheries agreement"). */
function agreementPhrase(sentence: string): string | null {
  const m = AGREEMENT_PHRASE.exec(sentence)?.[1];
  return m ? m.replace(/^(?:The|A|An)\b/u, (d) => d.toLowerCase()) : null;
}

/** The document's country entity for a country name or code ("PRK", "North Korea"), if any. */
function countryEntity(view: DocView, nameOrCode: string): string | null {
  const code = nameOrCode.length === 3 ? nameOrCode.toLowerCase() : participantCode(nameOrCode);
  if (!code) return null;
  for (const e of view.entities.values())
    if (e.type === "country" && (participantCode(e.name) === code || e.affiliation?.toLowerCase() === code))
      return e.key;
  return null;
}

/** The country entity a person or organisation belongs to (its affiliation), if the document names it. */
function homeCountry(view: DocView, key: string): string | null {
  const e = view.entities.get(key);
  if (!e || e.type === "country" || !e.affiliation) return null;
  return countryEntity(view, e.affiliation);
}

/** A form of "be"/"get" (and adverbs) right before a participle: the clause is passive. */
const PASSIVE_BEFORE =
  /\b(?:is|are|was|were|be|been|being|get|gets|got|gotten)\s+(?:[\p{Ll}]+ly\s+|not\s+|also\s+|now\s+|reportedly\s+|allegedly\s+|widely\s+)*$/iu;

const OFFICE_HEADS =
  /^['’]s?\s+(?:(?:presidential|foreign|defen[cs]e|state|national|prime)\s+)?(?:office|government|ministry|administration|military|army|navy|embassy|parliament|leadership|spokes(?:man|woman|person)|president|leader|regime|authorities|delegation|forces)\s+$/iu;
const DEMONYM_BEFORE =
  /\b(North\s+Korean|South\s+Korean|Russian|American|Chinese|Japanese|Ukrainian|Iranian|British|Soviet|Vietnamese)\s+(?:[\p{Ll}-]+\s+){0,2}$/u;

/**
 * Fallback actor: a possessor whose office acts ("South Korea’s presidential office condemned"), or
 * a demonym right before a nominal trigger ("the Ethiopian incursion into Somalia") mapped to the
 * document's entity for that country.
 */
function possessorOrDemonym(view: DocView, floor: number, hit: TriggerHit): LocalMention[] {
  const { text } = view;
  const window = Math.max(floor, hit.start - 80);
  for (const m of mentionsIn(view, window, hit.start).reverse()) {
    if (!isActorMention(view, m)) continue;
    if (OFFICE_HEADS.test(text.slice(m.end, hit.start))) return [m];
  }
  // "the finance ministers of Chile, Peru and Bolivia together issued a statement"
  const ofHead =
    /\b(?:advis[eo]rs?|officials?|ministers?|ministries|leaders?|heads?|representatives?|governments?|delegations?|spokes(?:man|woman|people|persons?))\s+of\s+(?:the\s+)?/giu;
  const clause = text.slice(window, hit.start);
  const ofMatch = [...clause.matchAll(ofHead)].pop();
  if (ofMatch) {
    const from = window + ofMatch.index! + ofMatch[0].length;
    const list = mentionsIn(view, from, hit.start).filter((m) => isActorMention(view, m));
    const out: LocalMention[] = [];
    for (const m of list) {
      if (
        out.length > 0 &&
        !/^\s*(?:,|and|,\s*and)\s*(?:the\s+)?$/iu.test(text.slice(out[out.length - 1]!.end, m.start))
      )
        break;
      if (out.length === 0 && m.start !== from) break;
      out.push(m);
    }
    if (out.length > 0) return out;
  }
  if (!hit.entry.nominal) return [];
  // Compound modifiers: "the US-Japan-South Korea summit", "the Putin-Kim meeting".
  const compound: LocalMention[] = [];
  let edge = hit.start;
  for (const m of mentionsIn(view, window, hit.start).reverse()) {
    const gap = text.slice(m.end, edge);
    if (
      compound.length === 0
        ? !/^\s*(?:[\p{Ll}-]+\s+){0,2}$/u.test(gap) ||
          !/[-–]/u.test(text.slice(Math.max(window, m.start - 2), m.end + 2))
        : !/^[-–]$/u.test(gap)
    )
      break;
    if (isActorMention(view, m)) compound.unshift(m);
    edge = m.start;
  }
  if (compound.length >= 2) return compound;
  const d = DEMONYM_BEFORE.exec(text.slice(window, hit.start));
  if (!d) return [];
  const code = participantCode(d[1]!);
  if (!code) return [];
  const at = window + d.index;
  for (const e of view.entities.values()) {
    if (e.type === "country" && participantCode(e.name) === code) {
      return [{ start: at, end: at + d[1]!.length, text: d[1]!, entity: e.key, via: "demonym" }];
    }
  }
  return [];
}

/**
 * Extract events from every sentence of a document.
 * @param view indexed document
 * @param skip spans (direct quotes) whose words are someone's speech, not narrated events
 */
export function extractEvents(view: DocView, skip: ReadonlyArray<{ start: number; end: number }>): LocalEvent[] {
  if (/^ru\b/iu.test(view.nlp.lang ?? "")) return extractEventsRu(view, skip);
  const lexicon = lexiconEvents(view, skip);
  const coded = codedEvents(view, skip);
  return mergeEventLists(view.text, lexicon, coded);
}

/**
 * Events the CAMEO/PLOVER coder finds (see ./coding/): one per coded verb, dated and located from its
 * own clause, with auxiliary modes.
 */
export function codedEvents(view: DocView, skip: ReadonlyArray<{ start: number; end: number }>): LocalEvent[] {
  const { text } = view;
  const tokens = view.nlp.tokens;
  if (!Array.isArray(tokens) || tokens.length === 0) return [];
  const pubYear = publishedYear(view.published) ?? latestYear(view);
  const events: LocalEvent[] = [];
  for (const sentence of view.sentences) {
    const sEnd = Math.min(sentence.end, sentence.start + LIMITS.maxSentenceChars);
    if (isHeadline(text.slice(sentence.start, sEnd))) continue;
    const range = sentenceTokens(tokens, { start: sentence.start, end: sEnd });
    if (range.end <= range.start) continue;
    const sentenceText = text.slice(sentence.start, sEnd);
    for (const ev of codeSentence(view, sentence, range)) {
      const at = tokens[ev.verb]!.start;
      if (skip.some((q) => at >= q.start && at < q.end)) continue;
      // Nobody named as doing it: a misreading more often than a fact (the timeline keeps acts with actors),
      // except a passive that names only who it was done to ("three journalists were arrested"), coded
      // through a pattern or the verb's own code.
      if (ev.actors.length === 0 && ev.actorAgents.length === 0 && !ev.agentless) continue;
      // Aid goes to someone; cooperation needs a partner.
      if (ev.type === "AID" && ev.targets.length === 0 && ev.targetAgents.length === 0) continue;
      if (
        ev.type === "COOPERATE" &&
        ev.targets.length === 0 &&
        ev.targetAgents.length === 0 &&
        ev.actors.length + ev.actorAgents.length < 2
      )
        continue;
      // An act someone alleges, reports or denies is a claim (claims.ts), not a fact of the timeline:
      // "X allegedly shipped…", "Y says X shipped…", "X denied shipping…".
      const head = text.slice(sentence.start, at);
      if (
        ev.type !== "ACCUSE" &&
        ev.type !== "REJECT" &&
        (HEDGED_BEFORE.test(head) ||
          (ev.type === "AID" && (REPORTED_BEFORE.test(head) || ALLEGATION_MARKERS.test(sentenceText))) ||
          (DENY_CUES.test(head) && !/\b(?:and|but)\s+$/iu.test(head)))
      )
        continue;
      const date = dateFor(view, sentence, at);
      const modes = [...ev.modes];
      const dateYear = date?.value ? yearOf(date.value) : null;
      if (date?.historical || (pubYear !== null && dateYear !== null && dateYear <= pubYear - 5))
        modes.push("historical");
      const event: LocalEvent = {
        type: ev.type,
        mode: ev.mode,
        modes,
        trigger: text.slice(tokens[ev.verb]!.start, tokens[ev.verb]!.end),
        summary: summaryOf(view, { ...ev, modes }),
        date: date?.value ?? null,
        actors: ev.actors,
        targets: ev.targets,
        location: ev.location,
        evidence: evidenceOf(text, sentence.start, sentence.end),
        cameo: ev.cameo,
      };
      if (ev.actorAgents.length > 0) event.actor_agents = ev.actorAgents;
      if (ev.targetAgents.length > 0) event.target_agents = ev.targetAgents;
      events.push(event);
    }
  }
  return events;
}

/** A hedge or reporting frame before the verb: the act is reported, not narrated. */
const HEDGED_BEFORE =
  /\b(?:allegedly|reportedly|purportedly|supposedly|rumou?red\s+to|accused\s+(?:\S+\s+){0,6}of|(?:claims?|claimed|alleges?|alleged|suspects?|suspected)\s+(?:that\s+)?(?:\S+\s+){0,6})$/iu;
/** A reporting verb before the act: "Y says X shipped …" (for transfers the story's claims are about). */
const REPORTED_BEFORE = /\b(?:says?|said|believes?|believed)\s+(?:that\s+)?(?:\S+\s+){0,6}$/iu;

/**
 * Union of the lexicon's events and the coder's: a coded event is kept unless the lexicon already
 * has an event of the same type in the same sentence, or one whose trigger covers the coded verb.
 */
function mergeEventLists(text: string, lexicon: LocalEvent[], coded: LocalEvent[]): LocalEvent[] {
  const out = [...lexicon];
  for (const c of coded) {
    const clash = lexicon.some(
      (l) => l.evidence.start === c.evidence.start && (l.type === c.type || triggerCovers(text, l, c)),
    );
    if (!clash) out.push(c);
  }
  return out.sort((a, b) => a.evidence.start - b.evidence.start);
}

function triggerCovers(text: string, lexicon: LocalEvent, coded: LocalEvent): boolean {
  const sentence = text.slice(lexicon.evidence.start, lexicon.evidence.end);
  const at = sentence.indexOf(lexicon.trigger);
  if (at < 0) return false;
  const verbAt = sentence.indexOf(coded.trigger);
  return verbAt >= at && verbAt < at + lexicon.trigger.length;
}

/** The trigger-lexicon extractor (English). */
function lexiconEvents(view: DocView, skip: ReadonlyArray<{ start: number; end: number }>): LocalEvent[] {
  const { text } = view;
  const skipSorted = [...skip].sort((a, b) => a.start - b.start);
  // Spans may nest or overlap: keep the running maximum end so the look-back stops early.
  const maxEnd: number[] = [];
  skipSorted.forEach((q, i) => maxEnd.push(Math.max(q.end, i > 0 ? maxEnd[i - 1]! : 0)));
  const skipped = (hit: TriggerHit): boolean => {
    for (let i = lowerBound(skipSorted, hit.start + 1) - 1; i >= 0 && maxEnd[i]! >= hit.end; i--) {
      const q = skipSorted[i]!;
      if (hit.start >= q.start && hit.end <= q.end) return true;
    }
    return false;
  };
  // Reference year for "historical": the publish year, else the latest year the text itself dates.
  const pubYear = publishedYear(view.published) ?? latestYear(view);
  const events: LocalEvent[] = [];
  for (const sentence of view.sentences) {
    const sEnd = Math.min(sentence.end, sentence.start + LIMITS.maxSentenceChars);
    const sentenceText = text.slice(sentence.start, sEnd);
    if (isHeadline(sentenceText)) continue;
    const allegation = ALLEGATION_MARKERS.test(sentenceText) || DENY_CUES.test(sentenceText);
    const perType = new Map<string, LocalEvent>();
    for (const hit of findTriggers(text, sentence.start, sEnd)) {
      if (skipped(hit)) continue;
      const entry = hit.entry;
      // Alleged arms transfers are claims about an AID event, not facts (see claims.ts); so are arms
      // transfers that someone in the sentence *says* happened ("Japan says North Korea has shipped
      // shells to Russia"): the claim records who says it, the timeline keeps facts.
      if (
        entry.type === "AID" &&
        (allegation || (ASSERT_CUES.test(sentenceText) && ARMS_OBJECT.test(text.slice(hit.start, hit.end))))
      )
        continue;
      // "cautioned Lima against selling rifles": a gerund after a preposition is the complement of
      // another act (a warning, a ban), not a transfer that happened.
      if (
        !entry.nominal &&
        /^\p{L}+ing\b/iu.test(text.slice(hit.start, hit.end)) &&
        /\b(?:against|of|from|about|over|for|without|on)\s+$/iu.test(
          text.slice(Math.max(sentence.start, hit.start - 12), hit.start),
        )
      )
        continue;
      const parties = lexiconParties(view, sentence, sEnd, hit);
      if (!parties) continue;
      const { actorKeys, targetKeys, location, clauseEnd } = parties;
      const timing = lexiconModesAndDate(view, sentence, sentenceText, hit, parties, pubYear);
      if (!timing) continue;
      const { modes, date, yearTreaty } = timing;
      const summary = lexiconSummary(view, hit, {
        clauseEnd,
        actorKeys,
        targetKeys,
        location,
        modes,
        yearTreaty,
        sentenceText,
      });
      const event: LocalEvent = {
        type: entry.type,
        mode: entry.mode === "historical-war" ? null : entry.mode,
        modes,
        trigger: text.slice(hit.start, hit.end),
        summary,
        date: date?.value ?? null,
        actors: actorKeys,
        targets: targetKeys,
        location: location?.entity ?? null,
        evidence: evidenceOf(text, sentence.start, sentence.end),
      };
      const key = `${event.type}|${modes.includes("negated")}`;
      const same = perType.get(key);
      if (same && (event.actors.length === 0 || event.actors.some((a) => same.actors.includes(a)))) {
        // One event per type and sentence: "visited … for talks" is one visit.
        for (const a of event.actors) if (!same.actors.includes(a)) same.actors.push(a);
        const added = event.targets.filter((t) => !same.targets.includes(t) && !same.actors.includes(t));
        same.targets.push(...added);
        if (added.length > 0 && same.summary.length < 160)
          same.summary = `${same.summary}; ${entry.verb} ${namesOf(view, added)}`;
        same.location ??= event.location;
        same.date ??= event.date;
        continue;
      }
      perType.set(key, event);
      events.push(event);
    }
  }
  return events;
}

/** Who acted on whom, and where, for one trigger: the parties of the trigger's clause, or null when the
 *  reading names no one doing it (or, for aid, talks and cooperation, no one on the other side). */
function lexiconParties(view: DocView, sentence: Sentence, sEnd: number, hit: TriggerHit): LexiconParties | null {
  const { text } = view;
  const entry = hit.entry;
  const found = afterTrigger(view, hit, sEnd);
  const { targets, by, clauseEnd } = found;
  // "the newly signed accord between Chile and Peru": an attributive participle has no subject.
  const attributive =
    /\b(?:the|a|an)\s+(?:(?:just|recently|newly|lately|already|jointly|freshly)\s+){0,2}$/iu.test(
      text.slice(Math.max(sentence.start, hit.start - 30), hit.start),
    ) && !entry.nominal;
  const own = entry.nominal && !attributive ? possessorOrDemonym(view, sentence.start, hit) : [];
  let actors = attributive
    ? []
    : own.length > 0
      ? own
      : actorsFor(view, sentence, sEnd, hit, entry.nominal ? by : null).filter(
          (m) => entityOf(view, m)?.type !== "place",
        );
  if (actors.length === 0 && !attributive) actors = possessorOrDemonym(view, sentence.start, hit);
  let passiveTargets: string[] = [];
  if (
    !entry.nominal &&
    PASSIVE_BEFORE.test(text.slice(Math.max(sentence.start, hit.start - 30), hit.start)) &&
    /(?:ed|sent|held|met|made|struck|shot|given|signed|brought)$/iu.test(
      squash(text.slice(hit.start, hit.end)).split(" ")[0]!,
    )
  ) {
    // Passive: "X was accused (by Y)": X is the target, Y (if named) the actor.
    passiveTargets = actors.map((m) => m.entity);
    actors = by ? [by] : [];
  }
  let actorKeys = [...new Set(actors.map((m) => m.entity))].slice(0, LIMITS.maxActorsPerEvent);
  let targetKeys = [...passiveTargets, ...targets.filter((m) => m !== by).map((m) => m.entity)].filter(
    (k, i, all) => !actorKeys.includes(k) && all.indexOf(k) === i,
  );
  // A weapons test has no target: "Iran's rocket test in 2019, France voted …" is not a test on France.
  if (entry.type === "MOBILIZE" && entry.mode === "test") targetKeys = [];
  if (
    (actorKeys.length === 0 || entry.nominal) &&
    targets.length > 0 &&
    /\bbetween\s/iu.test(text.slice(hit.end, targets[0]!.start))
  ) {
    // "talks … between Putin and Kim": both sides act.
    actorKeys = targetKeys;
    targetKeys = [];
  }
  const located =
    entry.type === "CONSULT" ||
    entry.type === "COOPERATE" ||
    entry.type === "MOBILIZE" ||
    entry.type === "ASSAULT" ||
    entry.type === "SUPPORT";
  const location = located ? found.location : null;
  const locationEntity = location ? entityOf(view, location) : null;
  if (
    entry.type === "CONSULT" &&
    entry.mode === "visit" &&
    !targetKeys.some((k) => view.entities.get(k)?.type === "country")
  ) {
    // The host: the country visited, or the country of the city visited.
    const host =
      locationEntity?.type === "country"
        ? location!.entity
        : locationEntity?.affiliation
          ? countryEntity(view, locationEntity.affiliation)
          : null;
    if (host && !actorKeys.includes(host)) targetKeys = [host, ...targetKeys];
  }
  // A visitor does not visit their own country ("Lavrov … in Russia").
  if (entry.type === "CONSULT" && entry.mode === "visit") {
    const home = new Set(actorKeys.map((k) => homeCountry(view, k)).filter((k): k is string => k !== null));
    targetKeys = targetKeys.filter((k) => !home.has(k));
    // "another high-level Kenyan trip this month": an adjective names no visitor and no host.
    // "arrived late on Sunday": a journey to nowhere named is no fact to keep.
    if (targetKeys.length === 0 && !location) return null;
  }
  if (entry.type === "AID" && /^help/iu.test(text.slice(hit.start, hit.end))) {
    // "Moscow would help North Korea build satellites": the one helped is named inside the phrase;
    // a helper's own leader ("Russia helped … Putin") is no recipient.
    const helped = mentionsIn(view, hit.start, hit.end).filter(
      (m) => isActorMention(view, m) && !actorKeys.includes(m.entity),
    );
    targetKeys = [...new Set(helped.map((m) => m.entity))];
    targetKeys = targetKeys.filter((k) => !actorKeys.some((a) => homeCountry(view, k) === a));
    if (targetKeys.length === 0) return null;
  }
  // An event nobody is named as doing is a misreading more often than a fact: drop it.
  if (actorKeys.length === 0) return null;
  // Aid goes to someone other than the giver's own people; cooperation needs a partner.
  if (entry.type === "AID") {
    targetKeys = targetKeys.filter(
      (k) => !actorKeys.some((a) => homeCountry(view, k) === a || homeCountry(view, a) === k),
    );
    if (targetKeys.length === 0) return null;
  }
  if (entry.type === "COOPERATE" && targetKeys.length === 0 && actorKeys.length < 2) return null;
  // Talks and meetings need a counterpart: "Ruto spoke to the press after the meeting" names none.
  if (
    entry.type === "CONSULT" &&
    entry.mode !== "visit" &&
    targetKeys.length === 0 &&
    actorKeys.length < 2 &&
    !found.location
  )
    return null;
  return { actorKeys, targetKeys, location, own, targets, clauseEnd };
}

/** The parties of one lexicon trigger ({@link lexiconParties}). */
interface LexiconParties {
  actorKeys: string[];
  targetKeys: string[];
  location: LocalMention | null;
  /** The possessor or demonym that owns a nominal trigger ("Chile's ban"). */
  own: LocalMention[];
  targets: LocalMention[];
  clauseEnd: number;
}

/** Modes (negated, hypothetical, future, historical) and the date of one trigger's clause; null when a
 *  year-dated treaty names no parties between whom it was signed. */
function lexiconModesAndDate(
  view: DocView,
  sentence: Sentence,
  sentenceText: string,
  hit: TriggerHit,
  parties: LexiconParties,
  pubYear: number | null,
): { modes: EventMode[]; date: TimeExpression | null; yearTreaty: RegExpExecArray | null | false } | null {
  const { text } = view;
  const entry = hit.entry;
  const { own, targets } = parties;
  // Modes.
  const modes: EventMode[] = [];
  const clauseStart = Math.max(
    sentence.start,
    text.lastIndexOf(",", hit.start) + 1,
    text.lastIndexOf(";", hit.start) + 1,
  );
  const before = text.slice(Math.max(sentence.start, hit.start - 40), hit.start);
  if (NEGATION_BEFORE.test(before)) modes.push("negated");
  const clauseBefore = text.slice(Math.max(sentence.start, clauseStart, hit.start - 60), hit.start);
  if (
    HYPOTHETICAL.test(withoutMonthMay(before.split(/[,;]/u).pop() ?? "")) ||
    /\bif\b/iu.test(clauseBefore) ||
    /^if\b/iu.test(sentenceText)
  )
    modes.push("hypothetical");
  // "the 1961 treaty between X and Y": a signing dated by its own year, and only between named parties.
  const yearTreaty =
    entry.type === "SUPPORT" && entry.nominal && /^(?:1[89]|20)\d\d\b/u.exec(text.slice(hit.start, hit.end));
  if (
    yearTreaty &&
    own.length === 0 &&
    !(targets.length > 0 && /\bbetween\s/iu.test(text.slice(hit.end, targets[0]!.start)))
  )
    return null;
  const date = yearTreaty
    ? {
        start: hit.start,
        end: hit.start + 4,
        text: yearTreaty[0],
        value: yearTreaty[0],
        granularity: "year" as const,
        historical: false,
      }
    : (dateFor(view, sentence, hit.start) ?? bareYear(view, sentence, hit));
  const pastTense =
    !entry.nominal &&
    /^(?:\p{L}+ed|met|held|went|came|flew|sent|signed|struck|made|gave|took|left|spoke|sold|bought|brought|shot)$/iu.test(
      squash(text.slice(hit.start, hit.end)).split(" ")[0]!,
    );
  if (
    FUTURE.test(before.split(/[,;]/u).pop() ?? "") ||
    (INFINITIVE_BEFORE.test(before) && !USED_TO.test(before) && !FIRST_TO.test(before) && entry.type === "CONSULT")
  )
    modes.push("future");
  else if (
    !pastTense &&
    date?.value &&
    view.published &&
    date.value.slice(0, 10) > view.published.slice(0, 10) &&
    date.granularity === "day"
  )
    modes.push("future");
  const dateYear = date?.value ? yearOf(date.value) : null;
  if (
    date?.historical ||
    (pubYear !== null && dateYear !== null && dateYear <= pubYear - 5) ||
    entry.mode === "historical-war"
  )
    modes.push("historical");
  return { modes, date, yearTreaty };
}

/** What a lexicon event's summary is built from, beyond the trigger hit. */
interface LexiconSummaryParts {
  clauseEnd: number;
  actorKeys: string[];
  targetKeys: string[];
  location: LocalMention | null;
  modes: EventMode[];
  yearTreaty: RegExpExecArray | false | null;
  sentenceText: string;
}

/** One-line summary of a lexicon event: actors, verb, object (names, places or the text's own words). */
function lexiconSummary(view: DocView, hit: TriggerHit, parts: LexiconSummaryParts): string {
  const { text } = view;
  const entry = hit.entry;
  const { clauseEnd, actorKeys, targetKeys, location, modes, yearTreaty, sentenceText } = parts;
  // The object stops before a time expression: "blocked the renewal … last week" → "blocked the renewal …".
  const timeInObject = view.times.find((t) => t.start >= hit.end && t.start < clauseEnd);
  const objectText = text.slice(hit.end, timeInObject ? timeInObject.start : clauseEnd);
  const comma = objectText.search(/[,.;]/u);
  const objectWords = balanceQuotes(
    squash(comma >= 0 ? objectText.slice(0, comma) : objectText)
      .split(" ")
      .slice(0, 8)
      .join(" "),
  );
  const firstWord = squash(text.slice(hit.start, hit.end)).split(" ")[0]!.toLowerCase();
  const textObject =
    entry.type === "SUPPORT" ||
    entry.type === "AGREE" ||
    entry.type === "THREATEN" ||
    entry.type === "ACCUSE" ||
    entry.type === "REJECT";
  let verb = textObject && /ed$/.test(firstWord) ? squash(text.slice(hit.start, hit.end)) : entry.verb;
  let object: string;
  if (entry.type === "CONSULT" && entry.mode === "visit") {
    const persons = targetKeys.filter((k) => view.entities.get(k)?.type === "person");
    const places = location ? [location.entity] : targetKeys.filter((k) => view.entities.get(k)?.type !== "person");
    object = [namesOf(view, places), persons.length > 0 ? `met ${namesOf(view, persons)}` : ""]
      .filter(Boolean)
      .join("; ");
  } else if (entry.type === "SUPPORT" && entry.mode === "sign") {
    object = yearTreaty
      ? `the ${squash(text.slice(hit.start, hit.end))}`
      : /\bwith$/iu.test(text.slice(hit.start, hit.end)) && targetKeys.length > 0
        ? namesOf(view, targetKeys)
        : (agreementPhrase(sentenceText) ?? objectWords);
  } else if (textObject) {
    object = objectWords;
  } else {
    object = namesOf(view, targetKeys);
  }
  if (!object) verb = verb.replace(/\s+(?:with|to|from|on|for)$/u, "");
  const where =
    location && !targetKeys.includes(location.entity) && !(entry.type === "CONSULT" && entry.mode === "visit")
      ? ` in ${entityName(view, location.entity)}`
      : "";
  const flags = modes.filter((m) => m !== "historical");
  const summary = squash(
    `${namesOf(view, actorKeys)} ${verb} ${object}${where}${flags.length > 0 ? ` (${flags.join(", ")})` : ""}`,
  ).slice(0, 200);
  return summary;
}

/** Russian triggers: a small lexicon for documents the language layer marks `ru`. */
const RU_TRIGGERS: ReadonlyArray<{ re: RegExp; type: LocalEvent["type"]; mode: string | null; verb: string }> = [
  {
    re: /(?<![\p{L}])(?:визит\p{L}*|посети\p{L}*|посещ\p{L}*|прибы\p{L}*|прилете\p{L}*|побыва\p{L}*)/giu,
    type: "CONSULT",
    mode: "visit",
    verb: "visited",
  },
  {
    re: /(?<![\p{L}])(?:переговор\p{L}*|встрети\p{L}*|встреча\p{L}*)/giu,
    type: "CONSULT",
    mode: "meeting",
    verb: "held talks with",
  },
  { re: /(?<![\p{L}])(?:подписа\p{L}*)/giu, type: "SUPPORT", mode: "sign", verb: "signed" },
  {
    re: /(?<![\p{L}])(?:отрица\p{L}*|отверга\p{L}*|отверг\p{L}*|опроверг\p{L}*)|(?<![\p{L}])назва\p{L}*\s+(?:\p{L}+\s+){0,3}слух\p{L}*/giu,
    type: "REJECT",
    mode: "deny",
    verb: "denied",
  },
];

/** A Russian preposition or an oblique-case role noun just before a mention: the mention is no subject. */
const RU_OBLIQUE_BEFORE =
  /(?:^|[\s(«])(?:с|со|на|в|во|о|об|к|ко|по|для|у|от|из|при|между|председателем|министром|президентом|лидером)\s+(?:[\p{L}-]+\s+){0,3}$/iu;

function extractEventsRu(view: DocView, skip: ReadonlyArray<{ start: number; end: number }>): LocalEvent[] {
  const { text } = view;
  const events: LocalEvent[] = [];
  for (const sentence of view.sentences) {
    const sEnd = Math.min(sentence.end, sentence.start + LIMITS.maxSentenceChars);
    if (isHeadline(text.slice(sentence.start, sEnd))) continue;
    const seen = new Set<string>();
    for (const trig of RU_TRIGGERS) {
      trig.re.lastIndex = 0;
      const slice = text.slice(sentence.start, sEnd);
      for (let m = trig.re.exec(slice); m; m = trig.re.exec(slice)) {
        const at = sentence.start + m.index;
        const end = at + m[0].length;
        if (skip.some((q) => at >= q.start && end <= q.end)) continue;
        if (/(?:ть|ти)$/iu.test(m[0])) continue; // an infinitive ("принял приглашение посетить") is a plan, not an act
        // The trigger's clause: ", а", ";", ":", ", что", ", где" and ", который" start another.
        const before = text.slice(sentence.start, at);
        const cuts = [...before.matchAll(/[;:]|,\s+(?:а|но|что|где|который|которая|которые)\s/giu)];
        const cStart =
          cuts.length > 0
            ? sentence.start + cuts[cuts.length - 1]!.index! + cuts[cuts.length - 1]![0].length
            : sentence.start;
        const afterCut = text.slice(end, sEnd).search(/[;:]|,\s+(?:а|но|что|где|который|которая|которые)\s/iu);
        const cEnd = afterCut >= 0 ? end + afterCut : sEnd;
        const inClause = mentionsIn(view, cStart, cEnd).filter((x) => isActorMention(view, x));
        const subjectLike = (x: LocalMention): boolean =>
          !RU_OBLIQUE_BEFORE.test(text.slice(Math.max(cStart, x.start - 60), x.start));
        const persons = inClause.filter((x) => entityOf(view, x)?.type === "person" && subjectLike(x));
        const actor =
          persons.find((x) => x.end <= at) ??
          persons.find((x) => x.start >= end) ??
          inClause.find((x) => x.end <= at && subjectLike(x) && entityOf(view, x)?.type !== "place");
        if (!actor) continue;
        const key = `${trig.type}|${actor.entity}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const home = homeCountry(view, actor.entity);
        const targets: string[] = [];
        let location: string | null = null;
        for (const x of inClause) {
          if (x.entity === actor.entity || x.entity === home) continue;
          const e = entityOf(view, x)!;
          if (trig.type === "CONSULT" && trig.mode === "visit") {
            const host =
              e.type === "country"
                ? x.entity
                : e.type === "place" && e.affiliation
                  ? countryEntity(view, e.affiliation)
                  : null;
            if (e.type === "place") location ??= x.entity;
            if (host && host !== home && !targets.includes(host)) targets.push(host);
          } else if (e.type !== "place" && !targets.includes(x.entity) && x.start >= end) {
            targets.push(x.entity);
          }
        }
        if (trig.type === "CONSULT" && trig.mode === "visit" && targets.length === 0 && !location) continue;
        const t =
          view.times.find((x) => x.start >= cStart && x.end <= cEnd && x.value !== null && !sincePhrase(view, x, at)) ??
          null;
        const names = targets.map((k) => entityName(view, k));
        const summary = squash(`${entityName(view, actor.entity)} ${trig.verb} ${names.join(", ")}`).slice(0, 200);
        events.push({
          type: trig.type,
          mode: trig.mode,
          modes: [],
          trigger: text.slice(at, end),
          summary,
          date: t?.value ?? null,
          actors: [actor.entity],
          targets: targets.slice(0, LIMITS.maxActorsPerEvent),
          location,
          evidence: evidenceOf(text, sentence.start, sentence.end),
        });
      }
    }
  }
  return events;
}
