/**
 * Names the entity recogniser left out, recovered from the parser's proper-noun tags.
 *
 * The recogniser's tagger learned its names from one news collection of the 2000s: a company,
 * team or product named with a word it never saw ("Zentrova", "the Otters", "SkyLattice") is
 * often no name to it, and a lone capitalised word it does propose is too weak alone. The
 * dependency parser's tagger (trained on the UD treebanks, src/nlp/parse/) reads the same words
 * as proper nouns from their context. This pass takes runs of capitalised proper nouns no mention
 * covers and keeps those the document itself supports:
 * - two or more words ("Harlow Biotech", "Port Calder Rovers"), or two runs joined by "of", "and",
 *   "for" or "&" ending in an organisation head ("Office of Budget and Planning");
 * - one word written capitalised at least twice inside sentences and never in lower case, or
 *   once when it is no dictionary word ("the Zentrova board").
 * A run next to an existing mention, a title ("Attorney General"), a calendar word or a demonym is
 * left alone. The type comes from the gazetteer, then the run's head word (organisation or place
 * heads), then a given name opening a two-word run (a person), else an organisation: a company,
 * team, outlet or body is what a recurring unknown proper noun in news most often names.
 */
import type { LocalEntity, LocalMention, Token } from "../model/pipeline.js";
import type { EntityType } from "../model/records.js";
import { getGender } from "gender-detection-from-name";
import { SKY_NAMES } from "./entity-review.js";
import { gazetteer } from "./gazetteer.js";
import { HONORIFICS, matchKey } from "./names.js";
import { namesEvent, NOT_NAMES, ORG_HEADS, PLACE_HEADS } from "./ner.js";
import { lexiconClass } from "./perceptron.js";
import { followsWorkerAt } from "./person-nouns.js";
import { matchTitle } from "./roles.js";

/** Words joining two capitalised runs inside one organisation's name. */
const CONNECTORS = new Set(["of", "and", "for", "on", "&"]);

/** Tags of a capitalised word that may open a name before a proper noun ("Big Sky", "National Harbor"). */
const NAME_PART_TAGS = new Set(["ADJ", "NOUN", "PROPN", "NUM"]);

/** Prepositions after which a name is where something happens: "in Westbury", "at the Harlow Dome". */
const LOCATIVE = new Set(["in", "at", "near", "outside", "inside", "across", "around", "throughout"]);

const DETERMINERS = new Set(["the", "a", "an"]);

/** Nouns that attach to a company or another body, not to a person or a place. */
const BODY_NOUNS = new Set([
  "spokesperson",
  "spokesman",
  "spokeswoman",
  "spokespeople",
  "shares",
  "stock",
  "shareholders",
  "investors",
  "board",
  "ceo",
  "executives",
  "founder",
  "co-founder",
  "headquarters",
  "employees",
  "staff",
  "subsidiary",
  "unit",
  "customers",
  "users",
  "platform",
  "app",
  "website",
  "revenue",
  "profit",
  "earnings",
  "stores",
  "factory",
  "plant",
  "brand",
  "post",
  "posts",
  "account",
  "followers",
  "feed",
]);

/** Verbs of publishing before "in X", "by X", "on X": "published in the Quarry Review", "provided by Datavane". */
const PUBLISHING_VERBS = new Set([
  "published",
  "appeared",
  "appears",
  "printed",
  "featured",
  "provided",
  "compiled",
  "reported",
]);

/** Words after "told X" that make X the outlet spoken to ("told Quillr by email", "told Quillr in an interview"). */
const AFTER_TOLD = new Set(["by", "in", "on", "that", ",", ".", "last", "this"]);

/** Verbs of posting before "on X": "posted on Zentrova", "wrote on Quillr" name a platform, not a place. */
const POSTING_VERBS = new Set([
  "posted",
  "wrote",
  "said",
  "tweeted",
  "shared",
  "announced",
  "commented",
  "streamed",
  "published",
]);

/**
 * Social platforms: the recogniser drops their names as page furniture ("Share on Twitter"); in a running
 * sentence with a cue ("posted on Facebook", "YouTube users", "Instagram said") they name the company.
 */
const PLATFORMS = new Set([
  "twitter",
  "facebook",
  "instagram",
  "youtube",
  "whatsapp",
  "telegram",
  "tiktok",
  "snapchat",
  "reddit",
  "linkedin",
]);

/** Days and months (not "May", also a name): a run of names ends before them ("on Quillr Tuesday"). */
const CALENDAR_WORD =
  /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?)$/u;

/** Heads of market indices ("the Harbour Composite", "the Meridian 40 Index"): no entity either. */
const INDEX_HEADS = new Set(["index", "composite", "average", "indices"]);

/** Nouns a place's name modifies as their place ("Forest Ridge police", "Ashby residents"). */
const PLACE_MODIFIED_NOUNS = new Set([
  "police",
  "residents",
  "mayor",
  "firefighters",
  "officials",
  "neighbours",
  "neighbors",
  "schools",
  "voters",
]);

/** Kinds of place a name can modify: "the Ashanti region", "Kern County" is a head, "the Isar valley". */
const PLACE_KIND_NOUNS = new Set([
  "region",
  "province",
  "district",
  "county",
  "state",
  "city",
  "town",
  "village",
  "valley",
  "area",
  "municipality",
  "neighbourhood",
  "neighborhood",
  "suburb",
]);

/** Heads of laws and documents: a named act is none of the entity types ("the Clean Rivers Act"). */
const DOCUMENT_HEADS = new Set([
  "act",
  "acts",
  "bill",
  "law",
  "amendment",
  "treaty",
  "accord",
  "accords",
  "constitution",
  "charter",
  "protocol",
  "directive",
  "code",
]);

/** Suffixes after a surname ("Jr.", "III"): the surname is the word before them. */
const NAME_SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/iu;

/** Result of {@link recoverProperNames}: the entities and mentions to add. */
export interface RecoveredNames {
  entities: LocalEntity[];
  mentions: LocalMention[];
}

interface Run {
  first: number;
  last: number;
  surface: string;
}

/**
 * Proper-noun runs the recogniser did not cover, as new entities (or new mentions of an entity the
 * document already has under the same name).
 * @param text the document text
 * @param tokens tokens with the parser's UPOS in `pos`
 * @param sentenceOf sentence index of each token
 * @param entities the recogniser's entities (not changed)
 * @param mentions the recogniser's mentions (not changed)
 */
export function recoverProperNames(
  text: string,
  tokens: Token[],
  sentenceOf: ArrayLike<number>,
  entities: LocalEntity[],
  mentions: LocalMention[],
): RecoveredNames {
  const covered = new Uint8Array(tokens.length);
  markCovered(tokens, mentions, covered);
  const typeOfKey = new Map(entities.map((e) => [e.key, e.type]));
  const placeTokens = new Uint8Array(tokens.length);
  const placeMentions = mentions.filter((m) => {
    const t = typeOfKey.get(m.entity);
    return t === "place" || t === "country";
  });
  markCovered(tokens, placeMentions, placeTokens);
  const lowerSeen = new Set<string>();
  for (const t of tokens) if (/^\p{Ll}/u.test(t.text)) lowerSeen.add(t.text);
  const lower = tokens.map((t) => t.text.toLowerCase().replace(/’/g, "'"));
  const runs = properRuns(text, tokens, sentenceOf, covered, lower);
  // a sentence's first word joins the run after it when the document writes that name elsewhere
  // ("Big Sky Records … Big Sky have denied …": "Big" opens the sentence, "Sky" the run)
  const longer = new Set(runs.filter((r) => r.last > r.first).map((r) => matchKey(r.surface)));
  for (const r of runs) {
    const k = r.first - 1;
    if (k < 0 || covered[k] || !/^\p{Lu}/u.test(tokens[k]!.text) || !isSentenceInitial(text, tokens, sentenceOf, k))
      continue;
    const surface = text.slice(tokens[k]!.start, tokens[r.last]!.end);
    if (!longer.has(matchKey(surface))) continue;
    r.first = k;
    r.surface = surface;
  }
  const capsInside = new Map<string, number>();
  for (const r of runs)
    if (r.first === r.last && !isSentenceInitial(text, tokens, sentenceOf, r.first)) bump(capsInside, r.surface);
  const byName = new Map<string, LocalEntity>();
  for (const e of entities) {
    byName.set(`${e.type}|${matchKey(e.name)}`, e);
    for (const a of e.aliases) byName.set(`${e.type}|${matchKey(a)}`, e);
  }
  // a person's surname alone ("Ogunjobi said") is that person: people named in full first, then single words
  const bySurname = new Map<string, LocalEntity | null>();
  const addSurname = (e: LocalEntity) => {
    if (e.type !== "person") return;
    const words = e.name.split(/\s+/).filter((w) => !NAME_SUFFIX.test(w) && w !== ",");
    if (words.length < 2) return;
    const last = matchKey(words.at(-1)!.replace(/,$/u, ""));
    bySurname.set(last, bySurname.has(last) && bySurname.get(last) !== e ? null : e);
  };
  for (const e of entities) addSurname(e);
  const out: RecoveredNames = { entities: [], mentions: [] };
  // every supported run by name, people's full names first (their surnames then link to them)
  const groups = new Map<string, Run[]>();
  for (const r of runs) {
    if (!supported(r, text, tokens, sentenceOf, lower, lowerSeen, capsInside)) continue;
    const key = matchKey(r.surface);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  addRepeats(groups, text, tokens, covered);
  const ordered = [...groups].sort(
    ([, a], [, b]) => Number(a[0]!.last === a[0]!.first) - Number(b[0]!.last === b[0]!.first),
  );
  for (const [nameKey, group] of ordered) {
    const single = group[0]!.first === group[0]!.last;
    const person = single ? bySurname.get(nameKey) : undefined;
    if (person === null) continue; // two people of that surname: whose is unclear
    const type = person ? "person" : typeOf(group, text, tokens, sentenceOf, lower, (k) => placeTokens[k] === 1);
    if (type === null) continue;
    let entity = person ?? byName.get(`${type}|${nameKey}`);
    if (!entity) {
      entity = {
        key: `${type}:${nameKey}`,
        type,
        name: group[0]!.surface,
        aliases: [group[0]!.surface],
        roles: [],
        gazetteer_id: null,
        affiliation: null,
      };
      byName.set(`${type}|${nameKey}`, entity);
      out.entities.push(entity);
      addSurname(entity);
    }
    for (const r of group) {
      const start = tokens[r.first]!.start;
      const end = tokens[r.last]!.end;
      out.mentions.push({
        start,
        end,
        text: text.slice(start, end),
        entity: entity.key,
        via: person ? "surname" : "proper-noun",
      });
    }
  }
  return out;
}

/**
 * Other uses of a multi-word name the document supports, wherever the tags missed them ("Big Sky
 * have denied it" opening a sentence, where "Big" is an adjective and "Sky" a noun): the same
 * words, capitalised alike, on tokens no mention or run covers.
 */
function addRepeats(groups: Map<string, Run[]>, text: string, tokens: Token[], covered: Uint8Array): void {
  const taken = new Uint8Array(tokens.length);
  for (const g of groups.values()) for (const r of g) for (let k = r.first; k <= r.last; k++) taken[k] = 1;
  for (const g of groups.values()) {
    const r0 = g[0]!;
    if (r0.last === r0.first) continue;
    const words = tokens.slice(r0.first, r0.last + 1).map((t) => t.text);
    for (let i = 0; i + words.length <= tokens.length; i++) {
      if (tokens[i]!.text !== words[0]) continue;
      let ok = true;
      for (let j = 0; j < words.length && ok; j++)
        ok = tokens[i + j]!.text === words[j] && !covered[i + j] && !taken[i + j];
      if (!ok) continue;
      const last = i + words.length - 1;
      g.push({ first: i, last, surface: text.slice(tokens[i]!.start, tokens[last]!.end) });
      for (let j = i; j <= last; j++) taken[j] = 1;
    }
    g.sort((a, b) => a.first - b.first);
  }
}

function bump(m: Map<string, number>, k: string): void {
  m.set(k, (m.get(k) ?? 0) + 1);
}

function markCovered(tokens: Token[], mentions: LocalMention[], covered: Uint8Array): void {
  let k = 0;
  const sorted = [...mentions].sort((a, b) => a.start - b.start);
  for (const m of sorted) {
    while (k < tokens.length && tokens[k]!.end <= m.start) k++;
    for (let j = k; j < tokens.length && tokens[j]!.start < m.end; j++) covered[j] = 1;
  }
}

/** A capitalised proper noun (or an all-capitals acronym the parser reads as one). */
function isCapitalProper(t: Token | undefined): boolean {
  return t !== undefined && t.pos === "PROPN" && /^\p{Lu}/u.test(t.text) && /\p{L}/u.test(t.text);
}

/** First word of its sentence, or first after an opening quote, bracket or dash there. */
function isSentenceInitial(text: string, tokens: Token[], sentenceOf: ArrayLike<number>, i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    if (sentenceOf[k] !== sentenceOf[i]) return true;
    if (text.slice(tokens[k]!.end, tokens[k + 1]!.start).includes("\n")) return true;
    if (!/^[“"‘'([—–-]$/u.test(tokens[k]!.text)) return false;
  }
  return true;
}

/** Maximal runs of uncovered capitalised proper nouns within a sentence (with inner connectors). */
function properRuns(
  text: string,
  tokens: Token[],
  sentenceOf: ArrayLike<number>,
  covered: Uint8Array,
  lower: string[],
): Run[] {
  const runs: Run[] = [];
  const proseByLine = new Map<number, boolean>();
  const usable = (k: number) =>
    k < tokens.length &&
    !covered[k] &&
    isCapitalProper(tokens[k]) &&
    !CALENDAR_WORD.test(lower[k]!) &&
    !abbreviatedHonorific(tokens, lower, k);
  const sameLine = (a: number, b: number) =>
    sentenceOf[a] === sentenceOf[b] && !text.slice(tokens[a]!.end, tokens[b]!.start).includes("\n");
  for (let i0 = 0; i0 < tokens.length; i0++) {
    if (!usable(i0)) continue;
    // capitalised words just before the run inside a sentence belong to the name ("Blue Harbor", "Big Sky Records")
    let i = i0;
    while (
      i - 1 >= 0 &&
      !covered[i - 1] &&
      /^\p{Lu}\p{Ll}/u.test(tokens[i - 1]!.text) &&
      !NOT_NAMES.has(lower[i - 1]!) &&
      NAME_PART_TAGS.has(tokens[i - 1]!.pos ?? "") &&
      sameLine(i - 1, i) &&
      !isSentenceInitial(text, tokens, sentenceOf, i - 1)
    )
      i--;
    let j = i0;
    for (;;) {
      if (usable(j + 1) && sameLine(j, j + 1)) {
        j++;
        continue;
      }
      // a double-barrelled name: "Bautista-Agut", "Jo-Wilfried", "Podlipnik-Castillo"
      if (hyphenatedPart(tokens, covered, j) && sameLine(j, j + 2)) {
        j += 2;
        continue;
      }
      // "Office of Budget and Planning": a connector between capitalised runs, kept when the name ends in an organisation head
      if (CONNECTORS.has(lower[j + 1] ?? "") && usable(j + 2) && sameLine(j, j + 2)) {
        let end = j + 2;
        while (usable(end + 1) && sameLine(end, end + 1)) end++;
        if (ORG_HEADS.has(lower[end]!)) {
          j = end;
          continue;
        }
      }
      break;
    }
    // a run touching a mention is the rest of a longer name the recogniser read otherwise: left alone
    const touches = (k: number) =>
      k >= 0 && k < tokens.length && covered[k] === 1 && sameLine(Math.min(k, i), Math.max(k, j));
    if (!touches(i - 1) && !touches(j + 1) && inProse(text, tokens[i]!.start, proseByLine))
      runs.push({ first: i, last: j, surface: text.slice(tokens[i]!.start, tokens[j]!.end) });
    i0 = j;
  }
  return runs;
}

/** "Rt.", "Hon.", "Dr." written with their dot: they open a person's name and belong to no run before it. */
function abbreviatedHonorific(tokens: Token[], lower: string[], k: number): boolean {
  const word = lower[k]!.replace(/\.$/u, "");
  if (!HONORIFICS.has(word)) return false;
  const t = tokens[k]!;
  return t.text.endsWith(".") || (tokens[k + 1]?.text === "." && tokens[k + 1]!.start === t.end);
}

/** Whether token `j` is followed by a hyphen and a capitalised word, all three touching ("Bautista" "-" "Agut"). */
function hyphenatedPart(tokens: Token[], covered: Uint8Array, j: number): boolean {
  const dash = tokens[j + 1];
  const part = tokens[j + 2];
  return (
    dash !== undefined &&
    part !== undefined &&
    (dash.text === "-" || dash.text === "\u2011") &&
    dash.start === tokens[j]!.end &&
    part.start === dash.end &&
    !covered[j + 2] &&
    /^\p{Lu}\p{Ll}/u.test(part.text)
  );
}

/**
 * Whether the line around an offset reads as prose: at least two words in five start in lower case.
 * `byLine` caches the answer per line start (one map per document).
 * Headlines, captions in title case and table rows ("Ticker Security Last Change") capitalise
 * words that name nothing.
 */
export function inProse(text: string, at: number, byLine: Map<number, boolean>): boolean {
  const from = text.lastIndexOf("\n", at) + 1;
  const known = byLine.get(from);
  if (known !== undefined) return known;
  const to = text.indexOf("\n", at);
  const words = text.slice(from, to < 0 ? text.length : to).match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  const lowerCount = words.filter((w) => /^\p{Ll}/u.test(w)).length;
  const prose = lowerCount >= 3 && lowerCount / words.length >= 0.4;
  byLine.set(from, prose);
  return prose;
}

/** A dictionary word, or the plural of one ("Farmers", "Muslims"). */
function isDictionaryWord(word: string): boolean {
  if (lexiconClass(word) !== "N") return true;
  return word.length > 3 && word.endsWith("s") && lexiconClass(word.slice(0, -1)) !== "N";
}

/**
 * Whether a run lies inside quotation marks that hold a title in title case on the same line:
 * “Home Before Dark”, "We Will Not Yield" name a song, a book or a slogan, not an entity.
 */
function inQuotedTitle(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf("\n", start) + 1;
  const lineEnd = text.indexOf("\n", end);
  const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  const quoted = /[“"]([^“”"]{1,120})[”"]/gu;
  for (let m = quoted.exec(line); m; m = quoted.exec(line)) {
    const from = lineStart + m.index + 1;
    const to = from + m[1]!.length;
    if (start < from || end > to) continue;
    const words = m[1]!.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
    return words.length >= 2 && words.every((w) => /^\p{Lu}/u.test(w));
  }
  return false;
}

/** Whether the document supports reading the run as a name (see the module comment). */
function supported(
  r: Run,
  text: string,
  tokens: Token[],
  sentenceOf: ArrayLike<number>,
  lower: string[],
  lowerSeen: Set<string>,
  capsInside: Map<string, number>,
): boolean {
  if (r.first === r.last && PLATFORMS.has(lower[r.first]!)) return platformInProse(r, tokens, lower);
  for (let k = r.first; k <= r.last; k++) {
    if (NOT_NAMES.has(lower[k]!) || /\p{N}/u.test(lower[k]!)) return false;
    // party and state tags ("D-Ore."), form numbers ("S-1"): a letter, a hyphen and more
    if (/^\p{L}-/u.test(tokens[k]!.text)) return false;
  }
  if (DOCUMENT_HEADS.has(lower[r.last]!) || INDEX_HEADS.has(lower[r.last]!)) return false;
  if (r.first === r.last && SKY_NAMES.has(lower[r.first]!)) return false;
  if (inQuotedTitle(text, tokens[r.first]!.start, tokens[r.last]!.end)) return false;
  // a title ("Attorney General", "Defence Secretary") names an office, not its holder or a body
  for (let k = r.first; k <= r.last; k++) {
    const title = matchTitle(lower, k, r.last + 1);
    if (title && title.end === r.last) return false;
  }
  const listed = gazetteer().lookup(matchKey(r.surface));
  if (listed?.names.every((n) => n.via === "demonym")) return false;
  if (r.last > r.first) return true;
  const word = tokens[r.first]!.text;
  // short or plural acronyms name too many things ("AI", "EVs")
  if (/^\p{Lu}{1,2}\.?$|^(?:\p{Lu}\.){1,2}$|^\p{Lu}{2,}s$/u.test(word)) return false;
  if (lowerSeen.has(word.toLowerCase())) return false;
  // a dictionary word ("Wild", "Earth") needs more uses written as a name than a word of no dictionary
  const inside = capsInside.get(r.surface) ?? 0;
  // …or one use inside a sentence with a word only bodies have next to it ("some Quillr users", "posted on Quillr")
  if (isDictionaryWord(lower[r.first]!)) return inside >= 3 || (inside >= 1 && hasBodyCue(r, lower));
  if (isSentenceInitial(text, tokens, sentenceOf, r.first)) return inside >= 1;
  return word.length >= 3;
}

/**
 * The entity type of a name from all its runs, or null when the gazetteer lists it only as a person
 * (the recogniser's job): the gazetteer's single reading, the head word, a place when most of its
 * uses follow a locative preposition ("in Westbury", "at the Harlow Dome"), a person when a given
 * name that is no dictionary word opens two or three words, else an organisation.
 */
function typeOf(
  group: Run[],
  text: string,
  tokens: Token[],
  sentenceOf: ArrayLike<number>,
  lower: string[],
  placeAt: (k: number) => boolean,
): EntityType | null {
  const r = group[0]!;
  const listed = gazetteer().lookup(matchKey(r.surface));
  const readings = new Set((listed?.names ?? []).filter((n) => n.via !== "demonym").map((n) => n.entity.type));
  if (readings.size === 1) {
    const only = [...readings][0]!;
    return only === "person" ? null : only;
  }
  const head = lower[r.last]!;
  if (namesEvent(lower.slice(r.first, r.last + 1))) return null;
  if (ORG_HEADS.has(head) || (r.first === r.last && PLATFORMS.has(head))) return "organization";
  if (group.some((x) => publishedIn(x, lower))) return "organization";
  if (PLACE_HEADS.has(head)) return "place";
  if (group.some((x) => followsWorkerAt(tokens, x.first))) return "organization";
  let located = 0;
  for (const x of group) {
    // "in Westbury", "at a packed Harlow Dome": a locative preposition, then at most a determiner and two adjectives
    let before = x.first - 1;
    for (
      let skipped = 0;
      skipped < 2 && tokens[before]?.pos === "ADJ" && /^\p{Ll}/u.test(tokens[before]!.text);
      skipped++
    )
      before--;
    if (DETERMINERS.has(lower[before] ?? "")) before--;
    // the name modifying a noun ("in a Zentrova post") is no place: the preposition governs the noun
    const modifies = tokens[x.last + 1]?.pos === "NOUN" && /^\p{Ll}/u.test(tokens[x.last + 1]!.text);
    if (modifies && (PLACE_KIND_NOUNS.has(lower[x.last + 1]!) || PLACE_MODIFIED_NOUNS.has(lower[x.last + 1]!)))
      located++;
    else if (LOCATIVE.has(lower[before] ?? "") && !modifies) located++;
    // "Edmonton and Grande Prairie": joined to a place
    else if ((lower[x.first - 1] === "and" || lower[x.first - 1] === "or") && placeAt(x.first - 2)) located++;
    // "Punjab's Bhatinda": a place's possessive before the name
    else if ((lower[x.first - 1] === "'s" || lower[x.first - 1] === "’s") && placeAt(x.first - 2)) located++;
  }
  if (located > 0 && located * 2 >= group.length) return "place";
  const given = tokens[r.first]!.text;
  // words of the name, a double-barrelled part counting once ("Roberto Bautista-Agut" has two)
  const words = r.surface.split(/\s+/u).length;
  if (
    words >= 2 &&
    words <= 3 &&
    /^\p{Lu}\p{Ll}+$/u.test(given) &&
    getGender(given, "en") !== "unknown" &&
    lexiconClass(lower[r.first]!) === "N" &&
    !gazetteer()
      .lookup(matchKey(given))
      ?.names.some((n) => n.entity.type !== "person")
  )
    return "person";
  // one word, no place: a body when a word that only attaches to bodies stands next to it, or when the
  // document writes it as a name three times or more; a lone surname-like word otherwise stays unread
  if (r.last > r.first) return "organization";
  const uses = group.filter((x) => !isSentenceInitial(text, tokens, sentenceOf, x.first)).length;
  return uses >= 3 || group.some((x) => hasBodyCue(x, lower)) ? "organization" : null;
}

/** "published in X", "provided by X", "appeared on X": X is a journal, an outlet or a data firm, not a place. */
function publishedIn(r: Run, lower: string[]): boolean {
  const before = lower[r.first - 1] ?? "";
  const at = DETERMINERS.has(before) ? r.first - 2 : r.first - 1;
  const prep = lower[at] ?? "";
  return (prep === "in" || prep === "by" || prep === "on") && PUBLISHING_VERBS.has(lower[at - 1] ?? "");
}

/**
 * A platform's name used as a name in prose: with a body cue ("Quillr users", "posted on Quillr"), spread
 * "across" it, or the subject of a verb ("Quillr removed the post", "Quillr seemed amused").
 */
function platformInProse(r: Run, tokens: Token[], lower: string[]): boolean {
  if (hasBodyCue(r, lower) || lower[r.first - 1] === "across") return true;
  const next = tokens[r.last + 1];
  return next !== undefined && (next.pos === "VERB" || next.pos === "AUX") && /^\p{Ll}/u.test(next.text);
}

/**
 * A word that attaches to companies and other bodies next to the name: "a Zentrova spokesperson",
 * "Zentrova's chief executive", "Zentrova shares", "shares in Zentrova", "Zentrova reported".
 */
function hasBodyCue(r: Run, lower: string[]): boolean {
  const next = lower[r.last + 1] ?? "";
  const afterPossessive = next === "'s" ? (lower[r.last + 2] ?? "") : "";
  if (BODY_NOUNS.has(next) || BODY_NOUNS.has(afterPossessive)) return true;
  // "Vellum reported the aid had been paused", "Vellum reports that": a source of news
  if (next === "reported" || next === "reports") return true;
  const before = lower[r.first - 1] ?? "";
  if (before === "on" && POSTING_VERBS.has(lower[r.first - 2] ?? "")) return true;
  if (publishedIn(r, lower)) return true;
  // "told Quillr by email": a lone name spoken to, with no person of that name in the document, is an outlet
  if (r.first === r.last && before === "told" && AFTER_TOLD.has(next)) return true;
  return (before === "of" || before === "in") && (lower[r.first - 2] === "shares" || lower[r.first - 2] === "stake");
}
