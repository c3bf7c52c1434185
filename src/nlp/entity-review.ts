/**
 * A last look at a document's entities, once the recogniser (src/nlp/ner.ts) and the proper-noun
 * pass (src/nlp/proper-names.ts) have both spoken, with the whole document in view:
 * - things that are none of the entity types: the Sun, planets and moons ("Titan's crust"),
 *   spacecraft and instruments ("the Vela Finder probe", "the Orla Space Telescope"), market
 *   indices and quoted instruments ("the Harbour Composite .HBC fell"). News names them with capitals
 *   like bodies and people; no reader counts them as actors;
 * - one name, one reading per document: a name the document writes for a person (the surname of
 *   "Ines Valcourt") or a company ("Trellis agreed…") keeps that reading where a weaker cue read
 *   the same word as a place ("a stake in Trellis", "an executive at Trellis");
 * - a place that a company's officer or spokesperson is attached to ("Orinoco founder Ada Pell",
 *   "a Patagonia spokeswoman") is the company of that name;
 * - a person's name followed by a capitalised plural common noun is a company named for them
 *   ("Ada Pell Productions", "Omar Reyes Studios");
 * - a word with a capital inside it ("LumaCore", "DataWeave") that no other reading took is
 *   a company or brand name, unless it opens a product's name or is a surname written so ("McAllister");
 * - an office written in capitals ("Head of Research at …", "Director of Communications") is a role,
 *   not an organisation;
 * - a name the document gives one entity names it wherever else it is written, where no cue was
 *   strong enough on its own ("told Vellum …" then "summarised for Vellum").
 * Rules are written for phenomena from invented examples (src/nlp/entity-review.test.ts).
 */
import type { LocalEntity, LocalMention, Token } from "../model/pipeline.js";
import type { EntityType } from "../model/records.js";
import { matchKey } from "./names.js";
import { inProse } from "./proper-names.js";
import { PERSON_TITLE_WORDS } from "./roles.js";
import { inLexicon } from "./tokenize.js";

/**
 * The Sun, the planets, dwarf planets and their best-known moons, and the few other sky names news
 * writes capitalised: a closed class of proper nouns that name no person, body or place on a map.
 */
export const SKY_NAMES = new Set([
  "sun",
  "moon",
  "mercury",
  "venus",
  "earth",
  "mars",
  "jupiter",
  "saturn",
  "uranus",
  "neptune",
  "pluto",
  "ceres",
  "eris",
  "io",
  "europa",
  "ganymede",
  "callisto",
  "titan",
  "enceladus",
  "triton",
  "charon",
  "phobos",
  "deimos",
  "solar system",
  "milky way",
  "big bang",
  "kuiper belt",
  "asteroid belt",
]);

/** Lower-case nouns naming a craft or an instrument: "the Vela Finder probe", "its Kestrel lander". */
const CRAFT_NOUNS = new Set([
  "spacecraft",
  "probe",
  "orbiter",
  "lander",
  "rover",
  "telescope",
  "mission",
  "capsule",
  "satellite",
  "supercomputer",
  "rocket",
]);

/** Capitalised last words of an instrument's own name ("the Orla Space Telescope"). */
const INSTRUMENT_HEADS = new Set(["telescope", "spacecraft", "probe", "rover", "orbiter", "lander", "supercomputer"]);

/** Words before a craft's name that make it a thing owned or described, not its maker ("the", "NASA's"). */
const CRAFT_DETERMINERS = new Set(["the", "its", "our", "their", "his", "her", "upcoming", "new", "first"]);

/** Lower-case nouns a market index's or a traded instrument's name modifies ("the Tasman index", "Kora futures"). */
const INDEX_NOUNS = new Set(["index", "futures"]);

/** Capitalised heads of a market index's own name ("the Harbour Composite", "the Delmar Industrial Average"). */
const INDEX_HEADS = new Set(["index", "composite", "average"]);

/** Nouns only a company or another body has: "Orinoco founder Ada Pell", "a Patagonia spokeswoman". */
const OFFICER_NOUNS = new Set([
  "founder",
  "co-founder",
  "cofounder",
  "ceo",
  "spokesperson",
  "spokesman",
  "spokeswoman",
  "shareholders",
]);

/** Mentions that carry the name itself (not a pronoun, a role noun, a demonym or a capital for its country). */
/** Head nouns of an office written "<Head> of <field>" besides the personal titles ("Head of Research"). */
const OFFICE_HEADS = new Set(["head", "chair", "chairperson", "dean", "editor", "principal", "provost", "rector"]);

/** "Head of Research", "Director of Communications", "Chief of Staff": an office, not a body. */
function namesOffice(name: string): boolean {
  const words = surfaceKey(name).split(" ");
  return words.length >= 3 && words[1] === "of" && (OFFICE_HEADS.has(words[0]!) || PERSON_TITLE_WORDS.has(words[0]!));
}

const NAMING_VIA = new Set(["name", "alias", "surname", "abbreviation", "proper-noun", "ambiguous"]);

/** The entities and mentions after review. */
export interface ReviewedEntities {
  entities: LocalEntity[];
  mentions: LocalMention[];
}

interface ReviewState {
  text: string;
  tokens: Token[];
  entities: Map<string, LocalEntity>;
  mentions: LocalMention[];
}

/**
 * Review a document's entities with the whole document in view (see the module comment).
 * @param text the document text
 * @param tokens the document's tokens (offsets into `text`)
 * @param entities entities of the recogniser and the proper-noun pass
 * @param mentions their mentions, sorted by offset
 * @returns the entities and mentions to keep (retyped or merged where the document says so)
 * @example
 * // "Titan's crust" names no entity; "a stake in Trellis" is the company Trellis the document names
 */
export function reviewEntities(
  text: string,
  tokens: Token[],
  entities: LocalEntity[],
  mentions: LocalMention[],
): ReviewedEntities {
  if (entities.length === 0) return { entities, mentions };
  const st: ReviewState = {
    text,
    tokens,
    entities: new Map(entities.map((e) => [e.key, { ...e }])),
    mentions,
  };
  dropNonEntities(st);
  officerCompanies(st);
  oneReadingPerName(st);
  companiesNamedForPeople(st);
  camelCaseCompanies(st);
  legalFormsOfOneCompany(st);
  everyUseOfAName(st);
  const used = new Set(st.mentions.map((m) => m.entity));
  return { entities: [...st.entities.values()].filter((e) => used.has(e.key)), mentions: st.mentions };
}

/** Lower-case text of a mention without a leading article. */
function surfaceKey(s: string): string {
  return s
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/^the\s+/u, "")
    .replace(/\s+/gu, " ");
}

/** Index of the first token ending after `offset` (tokens are sorted by offset). */
function tokenIndexAfter(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function tokenAfter(st: ReviewState, m: LocalMention, skip = 0): Token | undefined {
  const i = tokenIndexAfter(st.tokens, m.end - 1);
  return st.tokens[i]?.end === m.end ? st.tokens[i + 1 + skip] : undefined;
}

function tokenBefore(st: ReviewState, m: LocalMention, skip = 0): Token | undefined {
  const i = tokenIndexAfter(st.tokens, m.start);
  return st.tokens[i]?.start === m.start && i - 1 - skip >= 0 ? st.tokens[i - 1 - skip] : undefined;
}

/** A word token in lower case, or "" (punctuation and other tokens compare as ""). */
function word(t: Token | undefined): string {
  return t && /^\p{L}/u.test(t.text) ? t.text.toLowerCase() : "";
}

/** Is the mention directly followed by a possessive "'s"? Returns the number of tokens it takes (0 or 1). */
function possessiveAfter(st: ReviewState, m: LocalMention): number {
  const t = tokenAfter(st, m);
  return t && /^[’']s$/u.test(t.text) && t.start === m.end ? 1 : 0;
}

/** Phase 1: sky names, craft and instruments, market indices and quoted instruments. */
function dropNonEntities(st: ReviewState): void {
  const drop = new Set<string>();
  const craftNames: string[][] = [];
  const naming = new Map<string, LocalMention[]>();
  for (const m of st.mentions) {
    if (!NAMING_VIA.has(m.via)) continue;
    const list = naming.get(m.entity) ?? [];
    list.push(m);
    naming.set(m.entity, list);
  }
  for (const [key, list] of naming) {
    const e = st.entities.get(key)!;
    if (e.type === "country") continue;
    const nameWords = surfaceKey(e.name).split(" ");
    if (list.every((m) => SKY_NAMES.has(surfaceKey(m.text))) && SKY_NAMES.has(surfaceKey(list[0]!.text))) {
      drop.add(key);
      continue;
    }
    const instrument = INSTRUMENT_HEADS.has(nameWords[nameWords.length - 1]!);
    const craft = instrument || list.some((m) => namesCraft(st, m, e.type));
    if (craft) {
      drop.add(key);
      craftNames.push(nameWords);
      continue;
    }
    if (INDEX_HEADS.has(nameWords[nameWords.length - 1]!) && nameWords.length > 1) drop.add(key);
    else if (e.type !== "person" && list.every((m) => m.via === "proper-noun") && namesOffice(e.name)) drop.add(key);
    else if (list.some((m) => namesInstrumentQuote(st, m))) drop.add(key);
  }
  // the short form of a dropped craft ("the Orla Space Telescope … Orla's images") goes with it
  for (const [key, list] of naming) {
    if (drop.has(key) || st.entities.get(key)!.type === "country") continue;
    const isPrefix = (m: LocalMention): boolean => {
      const w = surfaceKey(m.text).split(" ");
      return craftNames.some((c) => c.length > w.length && w.every((x, i) => c[i] === x));
    };
    if (list.every(isPrefix)) drop.add(key);
  }
  if (drop.size === 0) return;
  st.mentions = st.mentions.filter((m) => !drop.has(m.entity));
  for (const k of drop) st.entities.delete(k);
}

/**
 * A craft's name: followed by a lower-case craft noun ("the Vela Finder probe", "our Kestrel lander"),
 * or introduced as one ("a mission called Vela Finder"). A company before a craft noun is its maker
 * ("a Larkspur rocket"), so an organisation needs an owner or an article before it.
 */
function namesCraft(st: ReviewState, m: LocalMention, type: EntityType): boolean {
  const skip = possessiveAfter(st, m);
  const next = word(tokenAfter(st, m, skip));
  if (skip === 0 && CRAFT_NOUNS.has(next)) {
    if (type !== "organization") return true;
    const before = tokenBefore(st, m);
    if (CRAFT_DETERMINERS.has(word(before)) || (before && /^[’']s$/u.test(before.text))) return true;
  }
  const b1 = word(tokenBefore(st, m));
  const b2 = word(tokenBefore(st, m, 1));
  return (b1 === "called" || b1 === "named") && CRAFT_NOUNS.has(b2);
}

/**
 * A market index or a traded instrument: the name before a ticker code (".HBC", "KRW=", "LCOc1"),
 * before "index"/"futures", or the ticker code itself written after a dot.
 */
function namesInstrumentQuote(st: ReviewState, m: LocalMention): boolean {
  if (m.start > 0 && st.text[m.start - 1] === "." && /^\p{Lu}{2,}$/u.test(m.text)) return true;
  if (st.text[m.end] === "=") return true;
  const next = tokenAfter(st, m);
  if (!next) return false;
  if (INDEX_NOUNS.has(next.text)) return true;
  const code = st.text.slice(next.start, next.end + 1);
  return /^\.[A-Z][A-Z0-9]{1,12}\b/u.test(code) || /^[A-Z]{2,6}=/u.test(code) || /^[A-Z]{2,6}c\d\b/u.test(code);
}

/** Verbs of publishing before "in"/"by": "published in Harbour Letters" names a journal, not a place or a person. */
const PUBLISHING_VERBS = new Set(["published", "appeared", "appears", "printed", "provided"]);

/** A mention right after "published in (the journal)", "appeared in", "provided by". */
function afterPublishing(st: ReviewState, m: LocalMention): boolean {
  let skip = 0;
  if (PUBLICATION_NOUNS.has(word(tokenBefore(st, m, skip)))) skip++;
  if (word(tokenBefore(st, m, skip)) === "the") skip++;
  const prep = word(tokenBefore(st, m, skip));
  return (prep === "in" || prep === "by") && PUBLISHING_VERBS.has(word(tokenBefore(st, m, skip + 1)));
}

const PUBLICATION_NOUNS = new Set(["journal", "magazine", "newspaper", "publication"]);

/**
 * Phase 2: a place written before a company officer's noun is the company ("Orinoco founder Ada Pell"); a
 * person or a place named only where something is published is the journal or outlet ("published in Nature Ridge");
 * a place no gazetteer lists that is named as the source of a report is an outlet or a body ("according to the
 * Harbour Ledger").
 */
function officerCompanies(st: ReviewState): void {
  const published = new Map<string, boolean>();
  for (const m of st.mentions) {
    const e = st.entities.get(m.entity);
    if (!e || e.type === "organization" || e.type === "country" || !NAMING_VIA.has(m.via)) continue;
    published.set(m.entity, (published.get(m.entity) ?? true) && afterPublishing(st, m));
  }
  for (const [key, only] of published) if (only) st.entities.get(key)!.type = "organization";
  for (const m of st.mentions) {
    const e = st.entities.get(m.entity);
    if (e?.type !== "place" || !NAMING_VIA.has(m.via)) continue;
    const skip = possessiveAfter(st, m);
    if (OFFICER_NOUNS.has(word(tokenAfter(st, m, skip)))) e.type = "organization";
    // "according to The Harbour Ledger", "Harbour Ledger reported": a source of news, not a place
    else if (e.gazetteer_id === null && sourceOfReport(st, m)) e.type = "organization";
  }
}

/** Words of reporting after a source's name: "Vellum reported", "Vellum's report". */
const REPORT_WORDS = new Set(["reported", "reports", "report", "reporting"]);

/**
 * A mention that names where news comes from: "according to (the) X", "reports from X", "X reported",
 * "X reports that", "X's report".
 */
function sourceOfReport(st: ReviewState, m: LocalMention): boolean {
  const skip = word(tokenBefore(st, m)) === "the" ? 1 : 0;
  const prep = word(tokenBefore(st, m, skip));
  const before = word(tokenBefore(st, m, skip + 1));
  if ((prep === "to" && before === "according") || (prep === "from" && REPORT_WORDS.has(before))) return true;
  return REPORT_WORDS.has(word(tokenAfter(st, m, possessiveAfter(st, m))));
}

/** Prepositions of place before a listed place's name ("lives in Houston", "flew to Austin"). */
const LOCATIVE_BEFORE = new Set(["in", "at", "near", "from", "to", "into", "outside", "across", "around"]);

const TYPE_RANK: Record<string, number> = { organization: 3, person: 2, place: 1 };

/**
 * Phase 3: one name, one reading per document. A name two entities share (of person, organisation and
 * place) goes to the one whose fuller name contains it (the person "Ines Valcourt" for "Valcourt"),
 * else to the reading with more mentions of it, else to the body (a preposition of place is the
 * weakest cue for a place). Countries and capitals read as their country are left alone.
 */
function oneReadingPerName(st: ReviewState): void {
  const bySurface = new Map<string, Map<string, number>>();
  for (const m of st.mentions) {
    const e = st.entities.get(m.entity);
    if (!e || !(e.type in TYPE_RANK) || !NAMING_VIA.has(m.via)) continue;
    // "Mark Houston … he lives in Houston": a listed place after a preposition of place is that place
    if (e.type === "place" && e.gazetteer_id !== null && LOCATIVE_BEFORE.has(word(tokenBefore(st, m)))) continue;
    const k = surfaceKey(m.text);
    const counts = bySurface.get(k) ?? new Map<string, number>();
    counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
    bySurface.set(k, counts);
  }
  const moves = new Map<string, Map<string, string>>();
  for (const [surface, counts] of bySurface) {
    if (counts.size < 2) continue;
    const keys = [...counts.keys()];
    const types = new Set(keys.map((k) => st.entities.get(k)!.type));
    if (types.size < 2) continue;
    const fuller = (k: string): number => {
      const n = surfaceKey(st.entities.get(k)!.name);
      return n !== surface && (n.endsWith(` ${surface}`) || n.startsWith(`${surface} `)) ? 1 : 0;
    };
    keys.sort(
      (a, b) =>
        fuller(b) - fuller(a) ||
        counts.get(b)! - counts.get(a)! ||
        TYPE_RANK[st.entities.get(b)!.type]! - TYPE_RANK[st.entities.get(a)!.type]!,
    );
    const winner = keys[0]!;
    for (const k of keys.slice(1)) {
      if (st.entities.get(k)!.type === st.entities.get(winner)!.type) continue;
      const forSurface = moves.get(k) ?? new Map<string, string>();
      forSurface.set(surface, winner);
      moves.set(k, forSurface);
    }
  }
  if (moves.size === 0) return;
  st.mentions = st.mentions.map((m) => {
    const to = NAMING_VIA.has(m.via) ? moves.get(m.entity)?.get(surfaceKey(m.text)) : undefined;
    if (!to) return m;
    const target = st.entities.get(to)!;
    if (!target.aliases.includes(m.text)) target.aliases = [...target.aliases, m.text];
    return { ...m, entity: to };
  });
  // an entity that gave its names away keeps no pronouns or role nouns of its own
  const named = new Set(st.mentions.filter((m) => NAMING_VIA.has(m.via)).map((m) => m.entity));
  st.mentions = st.mentions.filter((m) => named.has(m.entity) || !moves.has(m.entity));
}

/** Legal forms and group words that end a company's full name ("Harlow Biotech Inc.", "Orvell Holdings plc"). */
const LEGAL_FORMS = new Set([
  "inc",
  "corp",
  "corporation",
  "co",
  "ltd",
  "llc",
  "plc",
  "ag",
  "sa",
  "nv",
  "group",
  "holdings",
]);

/** A company's name without its article and its legal form: "The Harlow Biotech Inc." → "harlow biotech". */
function companyCore(name: string): string {
  const words = surfaceKey(name).replace(/\./gu, "").split(" ");
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1]!)) words.pop();
  return words.join(" ");
}

/**
 * Phase 4: one company under its short and its legal name ("Harlow Biotech" … "Harlow Biotech Inc."): the
 * organisation with the legal form joins the one without, its mentions and its names with it.
 */
/**
 * "Ada Pell Productions": a person's full name followed directly by a capitalised plural of an ordinary
 * English noun (wink's lexicon: "productions", "studios", "securities"; not a surname such as
 * "Adams") names a company. The mention grows over the noun and reads as that company; the person's
 * other mentions stay the person's.
 */
function companiesNamedForPeople(st: ReviewState): void {
  st.mentions = st.mentions.map((m, i) => {
    const e = st.entities.get(m.entity);
    // a full name (a first name alone may stand before a surname such as "Banks" or "Fields")
    if (e?.type !== "person" || !NAMING_VIA.has(m.via) || !/\s/u.test(m.text)) return m;
    const next = tokenAfter(st, m);
    if (!next || next.start !== m.end + 1 || st.text[m.end] !== " ") return m;
    if (!pluralCommonNoun(next.text)) return m;
    if (st.mentions[i + 1] && st.mentions[i + 1]!.start < next.end) return m;
    const name = st.text.slice(m.start, next.end);
    const key = `organization:${matchKey(name)}`;
    if (!st.entities.has(key))
      st.entities.set(key, { key, type: "organization", name, aliases: [name], roles: [], gazetteer_id: null });
    return { ...m, end: next.end, text: name, entity: key, via: "name" };
  });
}

/** Inner capitals of surnames and particles ("McAllister", "MacLeod", "DeLuca", "LaRue", "VanDyke", "O'Neil"). */
const SURNAME_PREFIX = /^(?:Mc|Mac|De|Di|Da|Du|Del|Della|La|Le|Van|Von|Fitz|St)\p{Lu}/u;
/** A word with a capital after lower-case letters: "LumaCore", "DataWeave", "OrbitX". */
const CAMEL_CASE = /^\p{Lu}\p{Ll}+\p{Lu}[\p{L}]*$/u;

/**
 * "LumaCore said…", "a stake in DataWeave": a word written with a capital inside it is a company or brand
 * name (people and places are not written so, but for surnames with a particle, "McAllister"). Where no
 * entity covers it, or only a one-word person or place does, it becomes an organisation; not when a
 * capitalised word or a number follows it ("PlayStation 5", "MacBook Air": a product's name).
 */
function camelCaseCompanies(st: ReviewState): void {
  const covered = (t: Token): LocalMention | undefined => st.mentions.find((m) => m.start <= t.start && m.end >= t.end);
  const added: LocalMention[] = [];
  for (let i = 0; i < st.tokens.length; i++) {
    const t = st.tokens[i]!;
    if (!CAMEL_CASE.test(t.text) || SURNAME_PREFIX.test(t.text) || inLexicon(t.text.toLowerCase())) continue;
    const next = st.tokens[i + 1];
    if (next && next.start === t.end + 1 && /^[\p{Lu}\p{N}]/u.test(next.text)) continue;
    const m = covered(t);
    if (m) {
      const e = st.entities.get(m.entity);
      if (e && m.start === t.start && m.end === t.end && (e.type === "person" || e.type === "place"))
        e.type = "organization";
      continue;
    }
    const key = `organization:${matchKey(t.text)}`;
    if (!st.entities.has(key))
      st.entities.set(key, {
        key,
        type: "organization",
        name: t.text,
        aliases: [t.text],
        roles: [],
        gazetteer_id: null,
      });
    added.push({ start: t.start, end: t.end, text: t.text, entity: key, via: "name" });
  }
  if (added.length) st.mentions = [...st.mentions, ...added].sort((a, b) => a.start - b.start || b.end - a.end);
}

/** "Productions", "Studios", "Securities": a capitalised plural of a word in wink's English lexicon. */
function pluralCommonNoun(word: string): boolean {
  return /^\p{Lu}\p{Ll}{2,}s$/u.test(word) && inLexicon(word.toLowerCase());
}

function legalFormsOfOneCompany(st: ReviewState): void {
  const byCore = new Map<string, string>();
  const orgs = [...st.entities.values()].filter((e) => e.type === "organization");
  for (const e of orgs)
    if (companyCore(e.name) === surfaceKey(e.name).replace(/\./gu, "")) byCore.set(companyCore(e.name), e.key);
  const into = new Map<string, string>();
  for (const e of orgs) {
    const core = companyCore(e.name);
    const target = byCore.get(core);
    if (target && target !== e.key && core.length >= 3) into.set(e.key, target);
  }
  // "Sierra Vale Corporation … Sierra Vale and two rivals": the short form read as a place or a person is the company
  const legal = new Map<string, string>();
  for (const e of orgs) {
    const core = companyCore(e.name);
    if (core !== surfaceKey(e.name).replace(/\./gu, "") && !byCore.has(core)) legal.set(core, into.get(e.key) ?? e.key);
  }
  for (const e of st.entities.values()) {
    if (e.type !== "place" && e.type !== "person") continue;
    const target = legal.get(surfaceKey(e.name));
    if (target) into.set(e.key, target);
  }
  if (into.size === 0) return;
  for (const [from, to] of into) {
    const t = st.entities.get(to)!;
    for (const a of st.entities.get(from)!.aliases) if (!t.aliases.includes(a)) t.aliases = [...t.aliases, a];
    st.entities.delete(from);
  }
  st.mentions = st.mentions.map((m) => (into.has(m.entity) ? { ...m, entity: into.get(m.entity)! } : m));
}

/** Words that may open a sentence before a name without being part of it. */
const OPENERS = new Set(["the", "a", "an", "and", "but", "as", "at", "in", "on", "for", "to", "by", "with", "from"]);

/**
 * Phase 7: every use of a name. A surface the document gives exactly one entity (a body's or a place's name,
 * a person's full name) is a mention of that entity wherever else it is written as a whole word and no mention
 * covers it: the recogniser read it where its cues were strong and left the other uses unread. Not inside a
 * longer capitalised name ("Vellum" in "Vellum Media Group"); a one-word name that is also an English word
 * ("Quad", "Apple") not where it opens a sentence.
 */
function everyUseOfAName(st: ReviewState): void {
  const { text, tokens } = st;
  const owner = new Map<string, string | null>();
  for (const e of st.entities.values()) {
    for (const name of new Set([e.name, ...e.aliases])) {
      if (!/^\p{Lu}/u.test(name) || name.length < 3) continue;
      if (e.type === "person" && !/\s/u.test(name)) continue; // a lone surname is linked by the recogniser
      const seen = owner.get(name);
      owner.set(name, seen === undefined || seen === e.key ? e.key : null);
    }
  }
  const startAt = new Map<number, number>();
  const endAt = new Map<number, number>();
  tokens.forEach((t, i) => {
    startAt.set(t.start, i);
    endAt.set(t.end, i);
  });
  const covered = new Uint8Array(text.length + 1);
  for (const m of st.mentions) covered.fill(1, m.start, m.end);
  const added: LocalMention[] = [];
  const proseByLine = new Map<number, boolean>();
  const capitalWord = (t: Token | undefined) => t !== undefined && /^\p{Lu}/u.test(t.text);
  for (const [name, key] of owner) {
    if (key === null) continue;
    const dictionaryWord = !/\s/u.test(name) && inLexicon(name.toLowerCase());
    for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + 1)) {
      const end = at + name.length;
      const first = startAt.get(at);
      const last = endAt.get(end);
      if (first === undefined || last === undefined || covered.subarray(at, end).includes(1)) continue;
      const before = tokens[first - 1];
      if (capitalWord(before) && !(OPENERS.has(before!.text.toLowerCase()) && isOpening(text, tokens, first - 1)))
        continue;
      if (capitalWord(tokens[last + 1]) && !/\n/u.test(text.slice(end, tokens[last + 1]!.start))) continue;
      if (dictionaryWord && isOpening(text, tokens, first)) continue;
      if (!inProse(text, at, proseByLine)) continue; // page furniture ("Share on Facebook"), headings, table rows
      covered.fill(1, at, end);
      added.push({ start: at, end, text: text.slice(at, end), entity: key, via: "repeat" });
    }
  }
  if (added.length > 0) st.mentions = [...st.mentions, ...added].sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Whether token `i` opens its sentence or line. */
function isOpening(text: string, tokens: Token[], i: number): boolean {
  const before = tokens[i - 1];
  return (
    before === undefined || /^[.!?“"‘'(]$/u.test(before.text) || /\n/u.test(text.slice(before.end, tokens[i]!.start))
  );
}
