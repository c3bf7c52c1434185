/**
 * Named entities of one document: people, organisations, countries and places, with in-document
 * coreference (surnames, stated roles, capitals used for governments).
 *
 * Candidates come from three sources, strongest first:
 * 1. the gazetteer (./gazetteer.ts): curated actors, countries, demonyms, capitals, cities;
 * 2. rules: a title before a capitalised name makes a person ("Foreign Minister Sergey Lavrov", the
 *    title kept as a role); a capitalised phrase headed by Ministry/Council/Institute/… makes an
 *    organisation (extended over "of the Russian Academy of Sciences");
 * 3. the averaged-perceptron tagger (./perceptron.ts) trained on GMB news.
 * Then spans are trimmed (titles, "The", possessives), filtered (nothing that is not a name: no
 * "Share", "Subscribe", URL pieces, meta-tag words), grouped into document-local entities, and
 * linked: a later "Lavrov" or "Comrade Kim" to the last full name with that surname, "the Russian
 * minister"/"Russia's top diplomat" to the person holding that stated (or, for known actors, dated)
 * office, "Moscow"/"Pyongyang" used as a government to the country (via "metonym").
 */
import type { LocalEntity, LocalMention, Sentence } from "../model/pipeline.js";
import type { EntityType } from "../model/records.js";
import { inLexicon, wink, type RichToken } from "./tokenize.js";
import {
  gazetteer,
  heldOffice,
  NAME_FUNCTION_WORDS,
  ruStem,
  type GazEntity,
  type Gazetteer,
  type GazName,
} from "./gazetteer.js";
import { LABELS, lexiconClass, shippedScorer, viewOf, type FastScorer } from "./perceptron.js";
import {
  canonicalOrgName,
  canonicalTitle,
  matchTitle,
  MAX_TITLE_WORDS,
  officeMatches,
  PERSON_TITLE_WORDS,
} from "./roles.js";
import { foldText, HONORIFICS, matchKey, SURNAME_PARTICLES, surnameOf, translitKey } from "./names.js";
import { officeHolders } from "./office.js";
import { followsWorkerAt } from "./person-nouns.js";
import { contextOrganisations, LOCATIVE_PREPOSITIONS, PORTFOLIOS } from "./org-context.js";
import { teamNames, venueNames, type TeamScan } from "./teams.js";
import { getGender } from "gender-detection-from-name";

/** Words that are never names on their own (site chrome, meta-tag junk, sentence openers). */
export const NOT_NAMES = new Set(
  [
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "it",
    "he",
    "she",
    "they",
    "we",
    "i",
    "you",
    "share",
    "subscribe",
    "home",
    "leave",
    "comment",
    "comments",
    "reply",
    "read",
    "more",
    "click",
    "follow",
    "news",
    "analysis",
    "translation",
    "note",
    "disclaimer",
    "articles",
    "article",
    "sharing",
    "related",
    "tags",
    "tag",
    "advertisement",
    "login",
    "log",
    "sign",
    "menu",
    "search",
    "print",
    "email",
    "e-mail",
    "copyright",
    "photo",
    "video",
    "watch",
    "listen",
    "updated",
    "published",
    "posted",
    "by",
    "source",
    "sources",
    "caption",
    "image",
    "images",
    "credit",
    "getty",
    "reuters/",
    "first",
    "second",
    "third",
    "then",
    "now",
    "however",
    "moreover",
    "also",
    "still",
    "nonetheless",
    "nevertheless",
    "meanwhile",
    "thus",
    "therefore",
    "yes",
    "no",
    "mr",
    "mrs",
    "ms",
    "dr",
    "according",
    "during",
    "after",
    "before",
    "while",
    "when",
    "where",
    "why",
    "how",
    "what",
    "who",
    "if",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "sept",
    "oct",
    "nov",
    "dec",
    "jan",
    "feb",
    "aug",
    "inc",
    "ltd",
    "in-depth",
    "report",
    "western",
    "west",
    "east",
    "north",
    "south",
    "eastern",
    "northern",
    "southern",
    "axis",
    "president",
    "minister",
    "comrade",
    "article",
    "parties",
    "party",
    "state",
    "states",
    "treaty",
    "agreement",
    "instagram",
    "twitter",
    "telegram",
    "youtube",
    "facebook",
    "x",
    "whatsapp",
    "rss",
    "true",
    "false",
    "okay",
    "ok",
    "please",
    "channel",
    "newsletter",
    "button",
    "website",
    "page",
    "pages",
    "subscribe",
    "donate",
    "podcast",
    "twenties",
    "thirties",
    "forties",
    "fifties",
    "sixties",
    "seventies",
    "eighties",
    "nineties",
    "feel",
    "judging",
    "clearly",
    "besides",
    "currently",
    "finally",
    "instead",
    "lastly",
    "overall",
    "rather",
    "sanctions",
  ].map((w) => w.toLowerCase()),
);

/** Heads that make a capitalised phrase an organisation. */
export const ORG_HEADS = new Set([
  "ministry",
  "council",
  "institute",
  "institution",
  "agency",
  "university",
  "academy",
  "fund",
  "commission",
  "chamber",
  "committee",
  "party",
  "army",
  "navy",
  "bank",
  "corporation",
  "corp",
  "company",
  "center",
  "centre",
  "school",
  "college",
  "foundation",
  "organization",
  "organisation",
  "association",
  "union",
  "department",
  "office",
  "service",
  "forum",
  "programme",
  "program",
  "assembly",
  "parliament",
  "duma",
  "senate",
  "congress",
  "court",
  "group",
  "news",
  "times",
  "post",
  "journal",
  "herald",
  "tribune",
  "daily",
  "press",
  "television",
  "tv",
  "radio",
  "network",
  "agency",
  "guard",
  "forces",
  "force",
  "command",
  "bureau",
  "authority",
  "administration",
  "secretariat",
  "federation",
  "alliance",
  "coalition",
  "front",
  "movement",
  "society",
  "club",
  "board",
  "cabinet",
  "government",
  "kremlin",
  "politburo",
  "embassy",
  "consulate",
  "mission",
  "directorate",
  "inc",
  "ltd",
  "llc",
  "league",
  "federation",
  "plc",
  "co",
  "co.",
  "corp.",
  "inc.",
  "airlines",
  "airways",
  "motors",
  "group",
  "holdings",
  "partners",
  "studios",
  "records",
  "labs",
  "laboratories",
  "pharmaceuticals",
  "systems",
  "technologies",
  "industries",
  "energy",
  "capital",
  "police",
  "ministry",
  // sports clubs ("Dunmore United", "Kelso Athletic")
  "united",
  "rovers",
  "athletic",
  "wanderers",
  "albion",
  "fc",
  "afc",
  // company names that end in their trade ("Northgate Logistics")
  "construction",
  "logistics",
  "research",
  "consulting",
  "insurance",
  "shipping",
  "mining",
  "resources",
  "foods",
  "media",
  "telecom",
  "ventures",
  "robotics",
  "aerospace",
  "pharma",
]);

/**
 * Institution nouns that open a name in the languages whose names the English press keeps untranslated
 * ("Banco Meridional", "Grupo Andino", "Université Laval"): the capitalised phrase they start is an organisation.
 */
const ORG_FIRST_WORDS = new Set([
  "banco",
  "banca",
  "banque",
  "bank",
  "grupo",
  "groupe",
  "gruppo",
  "compañía",
  "companhia",
  "compagnie",
  "universidad",
  "universidade",
  "université",
  "università",
  "universität",
  "universiteit",
  "instituto",
  "institut",
  "istituto",
  "fundación",
  "fundação",
  "fondation",
  "partido",
  "parti",
  "partij",
  "partei",
  "ministerio",
  "ministério",
  "ministère",
  "sociedad",
  "société",
  "museo",
  "musée",
  "teatro",
  "caja",
  "caixa",
  "radio",
  "agence",
  "agencia",
  "agência",
]);

/**
 * Sector nouns that name a national body when followed by its country or province ("Cricket Australia",
 * "Environment Canada", "Transport Scotland"): the capitalised noun and the place are one organisation.
 */
const SECTOR_BODY_WORDS = new Set([
  "cricket",
  "rugby",
  "football",
  "tennis",
  "golf",
  "netball",
  "hockey",
  "athletics",
  "swimming",
  "cycling",
  "basketball",
  "sport",
  "sports",
  "environment",
  "health",
  "statistics",
  "parks",
  "transport",
  "tourism",
  "education",
  "finance",
  "justice",
  "immigration",
  "agriculture",
  "fisheries",
  "heritage",
  "energy",
  "water",
  "police",
  "fire",
  "ambulance",
  "wildfire",
  "emergency",
  "infrastructure",
  "innovation",
  "trade",
]);

/**
 * Disaster and incident nouns that, after a place and a determiner, a year or a possessive, name the event:
 * "the Maui Wildfire", "the 2019 Tasmania Fire", "last year's Kelowna Flood". Such a phrase is no organisation
 * (a sector body is named bare: "Alberta Wildfire said") and the place inside it stays a place.
 */
const DISASTER_WORDS = new Set([
  "fire",
  "fires",
  "wildfire",
  "wildfires",
  "blaze",
  "flood",
  "floods",
  "flooding",
  "earthquake",
  "quake",
  "storm",
  "cyclone",
  "hurricane",
  "typhoon",
  "tornado",
  "drought",
  "landslide",
  "mudslide",
  "eruption",
  "tsunami",
  "heatwave",
  "blackout",
  "outbreak",
  "explosion",
  "blast",
  "derailment",
  "spill",
]);
/** Words before a place + disaster noun that make the phrase an event: determiners, years, possessives. */
/**
 * Last words of the names of competitions, shows and other occasions ("the Davis Cup", "the Dubai Air Show",
 * "the Australian Open", "the Cannes Film Festival"): such a name is an event, not a body, a place or a person.
 */
const EVENT_HEADS = new Set([
  "cup",
  "finals",
  "open",
  "championship",
  "championships",
  "olympics",
  "paralympics",
  "show",
  "festival",
  "expo",
  "marathon",
  "prix",
  "awards",
  "tournament",
  "bowl",
  "series",
  "summit",
]);

/** Words before "Games" that make the whole an event ("the Commonwealth Games", not "Epic Games"). */
const GAMES_BEFORE = new Set([
  "olympic",
  "paralympic",
  "commonwealth",
  "asian",
  "youth",
  "winter",
  "summer",
  "pan",
  "invictus",
  "african",
  "arab",
  "mediterranean",
  "world",
]);

/**
 * Whether capitalised words (lower-cased) name an event by their last word: two words or more ending in an
 * event noun ("Davis Cup", "ATP Finals"), or "Olympics" alone; "Group C" (a pool of a tournament) too.
 */
export function namesEvent(words: readonly string[]): boolean {
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (words.length === 1) return last === "olympics" || last === "paralympics";
  if (EVENT_HEADS.has(last)) return true;
  if (last === "games") return GAMES_BEFORE.has(words[words.length - 2]!);
  return words.length === 2 && (words[0] === "group" || words[0] === "pool") && /^[a-h]$/u.test(last);
}

const EVENT_DETERMINERS = /^(?:the|a|an|this|that|last|its|their|year's|\d{4}|'s|’s)$/iu;

/** Prepositions and verbs after which a capital city is a place, not its government. */
const LOCATIVE_BEFORE = new Set([
  "in",
  "to",
  "from",
  "at",
  "near",
  "into",
  "visited",
  "visit",
  "visiting",
  "visits",
  "outside",
  "across",
  "toward",
  "towards",
  "via",
  "reached",
  "arrived",
  "flew",
  "around",
  "inside",
  "through",
  "within",
  "left",
  "leaving",
  "entered",
  "streets",
  "downtown",
  "of",
  "over",
  "above",
  // Russian (gazetteer-only text): в/во "in/to", из "from", до "as far as"
  "в",
  "во",
  "из",
  "до",
]);

/** Words before "to"/"from" that make a capital a destination or origin, not a government. */
const MOTION_WORDS = new Set([
  "travel",
  "travelled",
  "traveled",
  "fly",
  "flew",
  "flown",
  "flight",
  "flights",
  "arrive",
  "arrived",
  "return",
  "returned",
  "go",
  "went",
  "come",
  "came",
  "head",
  "headed",
  "trip",
  "visit",
  "visited",
  "journey",
  "drive",
  "drove",
  "sail",
  "sailed",
  "train",
  "trains",
  "move",
  "moved",
  "back",
  "way",
  "road",
  "route",
  "rail",
  "railway",
  "kilometres",
  "kilometers",
  "km",
  "miles",
  "bus",
  "ship",
  "ships",
  "shipped",
  "deliver",
  "delivered",
  "transport",
  "transported",
  "relocate",
  "relocated",
  "invited",
  "invite",
  "welcome",
  "welcomed",
  "bring",
  "brought",
  "take",
  "took",
  "taken",
  "send",
  "sent",
  "depart",
  "departed",
  "leave",
]);

/** A dateline credit: "PYONGYANG/MOSCOW, July 26 (Eastern Wire Service) –". */
const DATELINE_CREDIT =
  /^[^\n(]{0,80}\((\p{Lu}[\p{L}'’&.-]*(?:\s+(?:\p{Lu}[\p{L}'’&.-]*|of|the|and|&)){0,5})\)\s*[–—-]/gmu;

/** Outlet names of a document: the publisher's (when known) and dateline credits; words as match keys. */
function outletNames(text: string, outlet: string | null): Array<{ name: string; words: Set<string> }> {
  const names = new Set<string>();
  if (outlet && /\p{Lu}/u.test(outlet)) names.add(outlet.replace(/^the\s+/i, "").trim());
  for (const m of text.slice(0, 20_000).matchAll(DATELINE_CREDIT)) names.add(m[1]!.replace(/^the\s+/i, "").trim());
  const out: Array<{ name: string; words: Set<string> }> = [];
  for (const name of names) {
    const words = new Set(
      name
        .split(/\s+/)
        .map(matchKey)
        .filter((w) => w.length > 0 && w !== "the"),
    );
    // a one-word outlet ("Reuters") is a name the gazetteer or tagger handles; only multi-word names have fragments
    if (words.size >= 2) out.push({ name, words });
  }
  return out;
}

/** Capitalised (sentence-initial) function words a name never starts with: "For Kim, …" → "Kim". */
const LEADING_FUNCTION_WORDS = new Set([
  "for",
  "in",
  "at",
  "on",
  "with",
  "from",
  "by",
  "to",
  "as",
  "and",
  "but",
  "or",
  "nor",
  "yet",
  "so",
  "after",
  "before",
  "under",
  "over",
  "during",
  "since",
  "like",
  "unlike",
  "despite",
  "without",
  "within",
  "against",
  "among",
  "between",
  "into",
  "onto",
  "upon",
  "via",
  "per",
  "than",
  "if",
  "while",
  "when",
  "although",
  "though",
  "because",
  "once",
  "until",
  "unless",
  "whether",
  "where",
  "whereas",
  "about",
  "across",
  "behind",
  "beyond",
  "through",
  "toward",
  "towards",
  "amid",
  "around",
  "near",
  "except",
  "including",
  "following",
  "according",
  "even",
  "only",
  "also",
  "then",
  "thus",
]);

const PRONOUN_PERSON = new Set(["he", "she", "him", "her", "his"]);

/** Last words that make a capitalised phrase a place ("Tumen River", "Kursk Oblast"). */
/**
 * Named infrastructure: "the Baikal-Amur Railway", "the Druzhba Pipeline", "the Hollin Tunnel" are places (a line,
 * a conduit, a structure), not the bodies that run them. Singular only: "Northvale Railways" is the company.
 */
const INFRASTRUCTURE_HEADS = new Set([
  "railway",
  "railroad",
  "pipeline",
  "bridge",
  "tunnel",
  "highway",
  "motorway",
  "expressway",
  "causeway",
  "corridor",
  "reservoir",
  "aqueduct",
  "canal",
  "dam",
  "cosmodrome",
  "spaceport",
]);

/**
 * What only the company that runs a line or a conduit does, as the verb after its name: "Delmont Railway said",
 * "Colonial Pipeline announced". A railway carries freight; it does not speak, hire or sue. (Lemmas.)
 */
const OPERATOR_VERBS = new Set([
  "say",
  "tell",
  "announce",
  "report",
  "warn",
  "deny",
  "confirm",
  "decline",
  "add",
  "state",
  "expect",
  "plan",
  "hire",
  "employ",
  "sue",
  "agree",
  "apologise",
  "apologize",
  "blame",
  "forecast",
  "estimate",
  "post",
  "file",
  "reject",
  "appeal",
  "settle",
  "acquire",
  "buy",
]);

/**
 * Nouns after a possessive that only a company has: "Northvale Railway's chairman", "Tarsk Pipeline's shareholders".
 * ("the Baikal-Amur Railway's eastern section" keeps the line a place.)
 */
const OPERATOR_OWN = new Set([
  "chief",
  "executive",
  "executives",
  "chairman",
  "chairwoman",
  "chair",
  "president",
  "ceo",
  "spokesman",
  "spokeswoman",
  "spokesperson",
  "board",
  "shares",
  "shareholders",
  "owner",
  "owners",
  "profit",
  "profits",
  "revenue",
  "earnings",
  "directors",
  "management",
  "lawyers",
  "statement",
]);

/** Nouns before "for"/"at" whose object is a company: "a spokesperson for Delmont Railway", "shares of…". */
const OPERATOR_BEFORE = new Set([
  "spokesman",
  "spokeswoman",
  "spokesperson",
  "executive",
  "executives",
  "chairman",
  "lawyer",
  "lawyers",
  "shares",
  "stake",
]);

/**
 * Whether the infrastructure-headed name `[first, last]` is used as the company that runs it: the subject of a verb
 * of speech or business ("Delmont Railway said", "Colonial Pipeline announced"), the owner of a company's officer or
 * shares ("Northvale Railway's chairman"), or the object of "a spokesperson for".
 */
function runsAsOperator(tokens: RichToken[], first: number, last: number, b: number): boolean {
  const next = last + 1 < b ? tokens[last + 1]! : null;
  if (next && /^(?:VERB|AUX)$/.test(next.pos)) {
    // "said", "has said", "will announce", "declined to comment"
    let v = last + 1;
    while (v + 1 < b && tokens[v]!.pos === "AUX" && /^(?:VERB|AUX)$/.test(tokens[v + 1]!.pos)) v++;
    if (OPERATOR_VERBS.has(tokens[v]!.lemma) || OPERATOR_VERBS.has(tokens[v]!.text.toLowerCase())) return true;
  }
  if (next && /^(?:'s|’s)$/.test(next.text) && last + 2 < b) {
    const own = tokens[last + 2]!.text.toLowerCase();
    if (OPERATOR_OWN.has(own)) return true;
  }
  let k = first - 1;
  if (k >= 0 && tokens[k]!.lemma === "the") k--;
  if (k >= 1 && /^(?:for|at|of|in)$/.test(tokens[k]!.text.toLowerCase()))
    return OPERATOR_BEFORE.has(tokens[k - 1]!.text.toLowerCase());
  return false;
}

export const PLACE_HEADS = new Set([
  ...INFRASTRUCTURE_HEADS,
  "river",
  "sea",
  "ocean",
  "island",
  "islands",
  "mountain",
  "mountains",
  "mount",
  "province",
  "region",
  "oblast",
  "krai",
  "republic",
  "district",
  "county",
  "state",
  "bay",
  "strait",
  "gulf",
  "peninsula",
  "valley",
  "desert",
  "lake",
  "square",
  "street",
  "city",
  "port",
  "airport",
  "base",
  "cosmodrome",
  "spaceport",
  "border",
  "coast",
  "plateau",
  "territory",
  "territories",
  "zone",
  "canal",
  "station",
  "stadium",
  "arena",
  "velodrome",
  "racecourse",
  "glacier",
  "forest",
  "hills",
  "heights",
  "harbour",
  "harbor",
  "dam",
]);

/**
 * Lower-case nouns of a division or landform after a capitalised name that they make a place: "the Tigray region",
 * "the Mekong delta", "the Kivu province". (Not "state": "the Islamic State".)
 */
const LOWER_PLACE_NOUNS = new Set([
  "region",
  "province",
  "district",
  "valley",
  "basin",
  "delta",
  "plateau",
  "highlands",
  "lowlands",
  "steppe",
  "prefecture",
  "governorate",
  "county",
  "oblast",
  "canton",
  "municipality",
  "borough",
  "enclave",
  "exclave",
]);

/** First words that make a capitalised phrase a place ("Mount Elgon", "Cape Wrath", "Lake Turkana", "Río Chagres"). */
const PLACE_FIRST_WORDS = new Set(["mount", "cape", "lake", "isle", "río", "rio", "lago", "monte", "mont", "sierra"]);

/** Candidate span over tokens `[first, last]` of the document. */
interface Span {
  first: number;
  last: number;
  type: EntityType;
  source: "gazetteer" | "rule" | "tagger";
  /** Priority when spans overlap (higher wins). */
  rank: number;
  names?: GazName[];
  /** Stated role (title before the name). */
  role?: { office: string; country: string | null; text: string; spun: boolean };
  /** A personal honorific preceded the name ("Dr.", "Mr."): a person, whatever the tagger said. */
  honorific?: boolean;
  /** A lower-case phrase a rule vouches for as a whole ("the Velmari foreign ministry"): no word-shape checks. */
  phrase?: boolean;
  /** A listed person's name written longer in the document (a compound surname): the entity takes the longer form. */
  fuller?: boolean;
  /** The type a one-word span had before it was held back as a possible surname (it falls back to it when no person has that surname). */
  readAs?: EntityType;
  /** Token of the institution noun that heads an organisation phrase ("Authority", "Bank" in "Bank of X"). */
  headAt?: number;
}

/** What the document-level pass hands back. */
export interface NerResult {
  entities: LocalEntity[];
  mentions: LocalMention[];
  notes: string[];
}

interface EntityBuild {
  entity: LocalEntity;
  gaz: GazEntity | null;
  /** Folded surname (persons). */
  surname: string | null;
  /** Token index of the latest mention (for recency in coreference). */
  lastSeen: number;
  offices: Array<{ office: string; country: string | null }>;
}

/** State shared by the phases of {@link recognizeEntities}: inputs, derived word facts, candidates, entities. */
interface NerState {
  readonly text: string;
  readonly tokens: RichToken[];
  readonly sentences: Sentence[];
  readonly notes: string[];
  readonly gaz: Gazetteer;
  /** Non-English text: curated names only. */
  readonly gazOnly: boolean;
  readonly weights: FastScorer | null;
  /** Publish date `YYYY-MM-DD`, or null. */
  readonly date: string | null;
  readonly outlet: string | null;
  readonly facts: CaseFacts;
  readonly tokenWords: TokenWords;
  /** Match keys per token (Cyrillic inflections folded for gazetteer-only text). */
  readonly tokenKeys: string[];
  /** Candidates from gazetteer, rules and tagger (phase 1). */
  spans: Span[];
  /** Trimmed candidates (phase 2). */
  clean: Span[];
  /** Non-overlapping candidates in document order (phase 2). */
  chosen: Span[];
  /** Per token: index into `chosen`, -1 free, -2/-3 taken by a later link. */
  taken: Int32Array;
  builds: Map<string, EntityBuild>;
  mentions: LocalMention[];
  /** First token → mention (for coordination). */
  mentionAt: Map<number, LocalMention>;
  /** One-word person candidates, linked after all full names are known (phase 4). */
  pendingSingles: Span[];
  /** Set by phase 3 for the later phases. */
  groupContext: GroupContext | null;
}

/**
 * Finds and links the entities of an English document.
 * @param text the document text
 * @param tokens tokens from ./tokenize.ts (document order)
 * @param sentences sentences from ./tokenize.ts
 * @param published publish date (`YYYY-MM-DD…`) for dated roles, or null
 */
export function recognizeEntities(
  text: string,
  tokens: RichToken[],
  sentences: Sentence[],
  published: string | null,
  opts: { gazetteerOnly?: boolean; outlet?: string | null } = {},
): NerResult {
  const notes: string[] = [];
  const gazOnly = opts.gazetteerOnly === true;
  const weights = gazOnly ? null : shippedScorer();
  if (!weights && !gazOnly)
    notes.push("tagger weights missing (data/nlp/ner-perceptron.json.gz): names from gazetteer and rules only");
  const facts = caseFacts(tokens);
  const st: NerState = {
    text,
    tokens,
    sentences,
    notes,
    gaz: gazetteer(),
    gazOnly,
    weights,
    date: published && /^\d{4}-\d{2}-\d{2}/.test(published) ? published.slice(0, 10) : null,
    outlet: opts.outlet ?? null,
    facts,
    tokenWords: facts.lower,
    tokenKeys: gazOnly ? facts.keys.map(ruStem) : facts.keys,
    spans: [],
    clean: [],
    chosen: [],
    taken: new Int32Array(tokens.length).fill(-1),
    builds: new Map(),
    mentions: [],
    mentionAt: new Map(),
    pendingSingles: [],
    groupContext: null,
  };
  collectCandidates(st);
  chooseSpans(st);
  groupSpans(st);
  linkSingles(st);
  if (!gazOnly) {
    linkAbbreviations(st);
    linkAppositions(st);
    linkRoleReferences(st);
    // pronouns: he/she → the last person named in the same paragraph, when only one person was named there
    linkPronouns(tokens, sentences, st.mentions, st.builds, (f, l, k, v) => addMention(st, f, l, k, v));
  }
  const mentions = st.mentions;
  mentions.sort((x, y) => x.start - y.start || x.end - y.end);
  const mentioned = new Set(mentions.map((m) => m.entity));
  const entities = [...st.builds.values()].filter((b) => mentioned.has(b.entity.key)).map((b) => b.entity);
  return { entities, mentions, notes };
}

/** Token ranges `[a, b)` of each sentence. */
function sentenceRanges(tokens: RichToken[], sentences: Sentence[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let k = 0;
  for (let s = 0; s < sentences.length; s++) {
    const a = k;
    while (k < tokens.length && tokens[k]!.sentence === s) k++;
    ranges.push([a, k]);
  }
  return ranges;
}

/** Phase 1: candidate spans, sentence by sentence, from the gazetteer, the rules and the tagger. */
function collectCandidates(st: NerState): void {
  const { tokens, facts } = st;
  const headline = titleCaseLineTokens(tokens, facts);
  const docWords = tokens.map((t) => t.text);
  /** Tokens inside a strong gazetteer name: the tagger cannot outrank it there, so it skips them. */
  const covered = new Uint8Array(tokens.length);
  let capsSentences = 0;
  for (const [a, b] of sentenceRanges(tokens, st.sentences)) {
    if (b <= a) continue;
    const words = docWords.slice(a, b);
    const allCaps = isShouting(facts, a, b) || (headline[a] === 1 && headline[b - 1] === 1);
    if (allCaps) capsSentences++;
    // 1. gazetteer
    gazetteerSpans(st, a, b, words, covered);
    if (st.gazOnly) continue;
    // 2. rules
    for (const s of titledPersons(tokens, a, b, st.tokenWords, st.tokenKeys)) st.spans.push(s);
    for (const s of orgPhrases(tokens, a, b, facts, (k) => isPlaceToken(st, k))) st.spans.push(s);
    for (const s of sectorBodies(st, a, b)) st.spans.push(s);
    for (const [first, last] of teamNames(teamScan(st), a, b))
      st.spans.push({ first, last, type: "organization", source: "rule", rank: 101, phrase: true });
    for (const [first, last] of venueNames(teamScan(st), a, b))
      st.spans.push({ first, last, type: "place", source: "rule", rank: 55 });
    for (const s of placePhrases(tokens, a, b, facts)) st.spans.push(s);
    for (const s of appositivePlaces(st, a, b)) st.spans.push(s);
    for (const s of articlePlaces(st, a, b)) st.spans.push(s);
    const dateline = datelinePlace(st, a, b);
    if (dateline) st.spans.push(dateline);
    const byline = bylinePerson(tokens, a, b, facts);
    if (byline) st.spans.push(byline);
    for (const s of creditNames(a, b, facts)) st.spans.push(s);
    for (const s of abbreviatedStates(st, a, b)) st.spans.push(s);
    for (const s of portfolioMinistries(st, a, b)) st.spans.push(s);
    for (const s of eventNames(st, a, b)) st.spans.push(s);
    // (the name a group goes by, "a gang known as “Grey Harbour”", outranks the place its words suggest)
    for (const o of contextOrganisations(tokens, a, b, facts, (f, l) => listedOtherwise(st, f, l)))
      st.spans.push({
        first: o.first,
        last: o.last,
        type: "organization",
        source: "rule",
        rank: o.cue === "named-group" ? 60 : 40,
      });
    // 3. tagger (skipped on shouting text, where capitalisation carries no signal)
    if (st.weights && !allCaps) taggerSpans(st, st.weights, a, b, words, covered);
  }
  if (capsSentences > 0)
    st.notes.push(
      `${capsSentences} all-caps or title-case line(s): tagger skipped there, names from gazetteer and rules only`,
    );
}

/**
 * Names of events in the sentence `[a, b)` ("the Davis Cup Finals", "the Dubai Air Show", "Group C"): blockers
 * (type "other"), ranked above every reading of the words as a team, a body or a place.
 */
function eventNames(st: NerState, a: number, b: number): Span[] {
  const { facts } = st;
  const out: Span[] = [];
  for (let i = a; i < b; i++) {
    if (facts.capWord[i] !== 1) continue;
    let j = i;
    while (j + 1 < b && facts.capWord[j + 1] === 1 && !st.tokens[j + 1]!.lineStart) j++;
    // the longest stretch ending in an event noun: "Davis Cup Finals", not "Davis Cup" then "Finals"
    for (let end = j; end >= i; end--) {
      let first = i;
      while (first < end && facts.lower[first] === "the") first++;
      if (namesEvent(facts.lower.slice(first, end + 1))) {
        out.push({ first, last: end, type: "other", source: "rule", rank: 105 });
        break;
      }
    }
    i = j;
  }
  return out;
}

/** Party names the press writes after a demonym ("Scottish Labour", "the Dutch Christian Democrats"). */
const PARTY_NAMES = [
  ["labour"],
  ["conservatives"],
  ["greens"],
  ["liberals"],
  ["socialists"],
  ["nationalists"],
  ["liberal", "democrats"],
  ["social", "democrats"],
  ["christian", "democrats"],
];

/**
 * A demonym before words that make it an institution rather than a people:
 * "the Velmari foreign ministry", "a Norvish defence ministry spokesman" (a portfolio before "ministry", in lower
 * case: that country's ministry); "the Tarvish government" (a sub-national or national government named by its
 * people's adjective, as the press writes devolved and regional governments); "Scottish Labour", "the Flemish
 * Greens" (a party's national branch). Each is one organisation, not a people.
 */
function portfolioMinistries(st: NerState, a: number, b: number): Span[] {
  const out: Span[] = [];
  const { tokens, facts, gaz, tokenKeys } = st;
  const isDemonym = (k: number): boolean =>
    facts.cap[k] === 1 &&
    gaz.lookup(tokenKeys[k]!)?.names.some((n) => n.via === "demonym" && n.entity.type === "country") === true;
  for (let k = a; k + 1 < b; k++) {
    let last = -1;
    if (k + 2 < b && PORTFOLIOS.has(tokens[k + 1]!.text) && tokens[k + 2]!.text === "ministry") last = k + 2;
    else if (k > a && tokens[k - 1]!.lemma === "the" && (last = describedBody(st, k + 1, b)) > k) {
      // "the Kenyan space agency", "the Peruvian water authority" (see describedBody)
    } else if (tokens[k + 1]!.text === "government" && k > a && tokens[k - 1]!.lemma === "the") last = k + 1;
    // every party name is capitalised: a lower-case next word (most words) cannot start one
    else if (facts.cap[k + 1] === 1)
      for (const party of PARTY_NAMES)
        if (
          k + party.length < b &&
          party.every((w, x) => tokens[k + 1 + x]!.text.toLowerCase() === w && facts.cap[k + 1 + x] === 1)
        )
          last = k + party.length;
    if (last > k && isDemonym(k))
      out.push({ first: k, last, type: "organization", source: "rule", rank: 50, phrase: true });
  }
  return out;
}

/** Heads of a national body the press describes in lower case after a demonym ("the Kenyan space agency"). */
const DESCRIBED_BODY_HEADS = new Set([
  "agency",
  "authority",
  "regulator",
  "watchdog",
  "ministry",
  "commission",
  "inspectorate",
  "directorate",
  "bureau",
]);

/**
 * After "the <demonym>" at `from`: one or two lower-case modifiers and a body's head ("space agency", "civil
 * aviation authority", "nuclear regulator"), not followed by a capitalised name (then the phrase describes that
 * name: "the Norvish news agency Vestra"). Returns the head's index, or -1.
 */
function describedBody(st: NerState, from: number, b: number): number {
  const { tokens, facts } = st;
  for (let h = from + 1; h <= from + 2 && h < b; h++) {
    if (!DESCRIBED_BODY_HEADS.has(tokens[h]!.text)) continue;
    for (let m = from; m < h; m++)
      if (!/^\p{Ll}[\p{Ll}-]+$/u.test(tokens[m]!.text) || !/^(?:NOUN|ADJ|PROPN)$/.test(tokens[m]!.pos)) return -1;
    if (h + 1 < b && facts.cap[h + 1] === 1) return -1;
    return h;
  }
  return -1;
}

/** Words that open a spoken reply ("No.", "Yeah", "Oh"): never the first word of a name. */
const INTERJECTIONS = new Set([
  "no",
  "yes",
  "yeah",
  "yep",
  "nope",
  "oh",
  "ah",
  "okay",
  "ok",
  "well",
  "hey",
  "wow",
  "um",
  "uh",
]);

/** Whether the gazetteer reads token k alone as a place or country (not a demonym). */
function isPlaceToken(st: NerState, k: number): boolean {
  return (
    st.gaz
      .lookup(st.tokenKeys[k]!)
      ?.names.some((n) => n.via !== "demonym" && (n.entity.type === "place" || n.entity.type === "country")) === true
  );
}

/**
 * A capitalised sector noun beside a country's or province's name is that sector's national body: "Cricket
 * Australia", "Environment Canada", "Alberta Wildfire", "Queensland Health". One organisation, which outranks
 * the place inside it; the phrase must end there (no further capitalised word).
 */
function sectorBodies(st: NerState, a: number, b: number): Span[] {
  const out: Span[] = [];
  const { tokens, facts } = st;
  const sector = (k: number): boolean =>
    facts.capWord[k] === 1 && facts.allCaps[k] !== 1 && SECTOR_BODY_WORDS.has(tokens[k]!.text.toLowerCase());
  const country = (k: number): boolean =>
    isPlaceToken(st, k) &&
    st.gaz.lookup(st.tokenKeys[k]!)!.names.some((n) => n.entity.type === "country" || n.entity.kind !== "city");
  for (let k = a; k + 1 < b; k++) {
    if (tokens[k + 1]!.lineStart) continue;
    const closed = (x: number): boolean => x >= b || facts.cap[x] !== 1;
    const open = (x: number): boolean => x < a || facts.cap[x] !== 1;
    if (!(((sector(k) && country(k + 1)) || (country(k) && sector(k + 1))) && open(k - 1) && closed(k + 2))) continue;
    // "the Maui Wildfire", "the 2019 Tasmania Fire": a determiner, a year or a possessive before place + disaster
    // noun names the event; the body is named bare ("Alberta Wildfire said")
    if (country(k) && k > a && namesDisaster(st, k, k + 1)) continue;
    out.push({ first: k, last: k + 1, type: "organization", source: "rule", rank: 101, phrase: true });
  }
  return out;
}

/** What `teamNames` reads of the document: words, case and the gazetteer's places. */
function teamScan(st: NerState): TeamScan {
  const { tokens, facts, tokenWords, gaz } = st;
  return {
    tokens,
    lower: tokenWords,
    capWord: facts.capWord,
    isPlace: (first, last) =>
      gaz
        .lookup(matchKey(st.text.slice(tokens[first]!.start, tokens[last]!.end)))
        ?.names.some((n) => n.via !== "demonym" && (n.entity.type === "place" || n.entity.type === "country")) === true,
    isHead: (w) => ORG_HEADS.has(w) || PLACE_HEADS.has(w) || canonicalTitle(w) !== null,
  };
}

/** The gazetteer lists tokens `[first, last]` as a person, place or country (or a demonym) and not as an organisation. */
function listedOtherwise(st: NerState, first: number, last: number): boolean {
  const names = st.gaz.lookup(matchKey(st.text.slice(st.tokens[first]!.start, st.tokens[last]!.end)))?.names ?? [];
  return names.length > 0 && !names.some((n) => n.entity.type === "organization" && n.via !== "demonym");
}

/** Gazetteer names of the sentence `[a, b)` as candidate spans; strong names mark their tokens `covered`. */
function gazetteerSpans(st: NerState, a: number, b: number, words: string[], covered: Uint8Array): void {
  const { tokens, facts, gaz, gazOnly, tokenWords, tokenKeys } = st;
  for (const m of gaz.match(
    words,
    (i) => facts.capOrDigit[a + i] === 1 && startsName(tokens[a + i]!),
    tokenKeys.slice(a, b),
    gazOnly,
  )) {
    // a listed name written with a lower-case word inside ("Newcastle upon Tyne", "Valle d'Aosta") is no
    // accident of capitalisation, and the tagger cannot read it whole: strong however weak its entry
    let inner = false;
    for (let k = a + m.first + 1; k < a + m.last; k++)
      if (facts.cap[k] !== 1 && /\p{L}/u.test(tokens[k]!.text)) inner = true;
    const strong = inner || m.names.some((n) => !n.entity.weak);
    // a person's or a city's name inside a longer capitalised name ("Kim Il Sung Square", "Oslo Institute
    // for …"): the longer name is the entity, not the person or the city (nor its government)
    const nextAt = a + m.last + 1;
    if (
      !gazOnly &&
      nextAt < b &&
      facts.cap[nextAt] === 1 &&
      !tokens[nextAt]!.lineStart &&
      m.names.every((n) => n.entity.type === "person" || n.entity.kind === "city" || n.entity.capitalOf)
    ) {
      const head = tokenWords[nextAt]!;
      if (PLACE_HEADS.has(head) && m.names.every((n) => n.entity.type === "person")) {
        st.spans.push({ first: a + m.first, last: nextAt, type: "place", source: "rule", rank: 100 });
        continue;
      }
      if (ORG_HEADS.has(head) || PLACE_HEADS.has(head)) continue;
    }
    // a known first name before a one-word town or region may be a person's ("Owen Nelson", "Maya Lincoln"): the
    // first name is no place, no title and nothing else the gazetteer lists, so the town is only the weak reading
    const given = a + m.first - 1;
    if (
      !gazOnly &&
      m.first === m.last &&
      given >= a &&
      m.names.every((n) => n.entity.kind === "city" || n.entity.kind === "region") &&
      !(
        nextAt < b &&
        facts.cap[nextAt] === 1 &&
        (ORG_HEADS.has(tokenWords[nextAt]!) || PLACE_HEADS.has(tokenWords[nextAt]!))
      ) &&
      /^\p{Lu}\p{Ll}+$/u.test(tokens[given]!.text) &&
      !tokens[a + m.first]!.lineStart &&
      tokens[a + m.first]!.spaceBefore &&
      getGender(tokens[given]!.text, "en") !== "unknown" &&
      !gaz.lookup(tokenKeys[given]!) &&
      canonicalTitle(tokens[given]!.text) === null &&
      !NOT_NAMES.has(tokenWords[given]!) &&
      !(given - 1 >= a && facts.cap[given - 1] === 1 && !isSentenceInitial(tokens, given - 1))
    ) {
      // the tagger reads the pair in its context ("led by Owen Nelson, a statistician"); the place is the weak reading
      st.spans.push({
        first: a + m.first,
        last: a + m.last,
        type: m.names[0]!.entity.type,
        source: "gazetteer",
        rank: 10,
        names: m.names,
      });
      continue;
    }
    // a weak (city) name glued to a capitalised word before it is part of a longer name ("New York")
    // (a sentence-opening article or preposition is no part of it: "The Ontario Fire…", "In Leeds, …")
    const before = a + m.first - 1;
    const opener = before === a && (tokenWords[before] === "the" || LEADING_FUNCTION_WORDS.has(tokenWords[before]!));
    if (!strong && before >= a && facts.cap[before] === 1 && !opener) continue;
    // a one-word city or region name followed by a capitalised word that is no title, head or known place is a
    // first name ("Douglas Finch", "Florence Okoro"): the tagger and the title rules read it
    if (
      !gazOnly &&
      m.first === m.last &&
      nextAt < b &&
      facts.capWord[nextAt] === 1 &&
      !tokens[nextAt]!.lineStart &&
      m.names.every((n) => n.entity.kind === "city" || n.entity.kind === "region")
    ) {
      const next = tokens[nextAt]!;
      const nextKnown =
        gaz.lookup(tokenKeys[nextAt]!)?.names.some((n) => n.entity.type === "place" || n.entity.type === "country") ===
        true;
      if (
        canonicalTitle(next.text) === null &&
        !ORG_HEADS.has(tokenWords[nextAt]!) &&
        !PLACE_HEADS.has(tokenWords[nextAt]!) &&
        !DISASTER_WORDS.has(tokenWords[nextAt]!) &&
        !nextKnown &&
        !/^(?:'s|’s)$/.test(next.text)
      )
        continue;
    }
    // a listed person followed by the rest of a compound surname: the document's fuller name, linked to the listing
    const personEnd = m.names.every((n) => n.entity.type === "person")
      ? personTail(st, a + m.first, a + m.last, b)
      : -1;
    if (personEnd > a + m.last) {
      covered.fill(1, a + m.first, personEnd + 1);
      st.spans.push({
        first: a + m.first,
        last: personEnd,
        type: "person",
        source: "gazetteer",
        rank: 100,
        names: m.names,
        fuller: true,
      });
      continue;
    }
    if (strong && !m.names.every((n) => n.via === "demonym")) covered.fill(1, a + m.first, a + m.last + 1);
    const type = m.names[0]!.entity.type;
    // a demonym yields to an organisation name that starts with it ("Russian Technological University")
    const demonym = m.names.every((n) => n.via === "demonym");
    st.spans.push({
      first: a + m.first,
      last: a + m.last,
      type,
      source: "gazetteer",
      rank: demonym ? 45 : strong ? 100 : 10,
      names: m.names,
    });
  }
}

/**
 * Whether tokens `[first, last]` read as a person's full name whatever the context: a known first name (the open
 * first-name lists of `gender-detection-from-name`) followed by one or two capitalised words that are no English
 * word, no name head and no name the gazetteer lists ("a penalty from Tomas Lindqvist", "kits from Ines Varga").
 */
function readsAsPersonName(st: NerState, first: number, last: number): boolean {
  const { tokens, gaz, tokenKeys, tokenWords } = st;
  if (last - first < 1 || last - first > 2) return false;
  const given = tokens[first]!.text;
  if (!/^\p{Lu}\p{Ll}+$/u.test(given) || getGender(given, "en") === "unknown") return false;
  if (gaz.lookup(tokenKeys[first]!)?.names.some((n) => !n.entity.weak)) return false;
  for (let k = first + 1; k <= last; k++) {
    const w = tokens[k]!.text;
    if (!/^\p{Lu}[\p{L}'’-]+$/u.test(w) || lexiconClass(w.toLowerCase()) !== "N") return false;
    if (ORG_HEADS.has(tokenWords[k]!) || PLACE_HEADS.has(tokenWords[k]!) || gaz.lookup(tokenKeys[k]!)) return false;
  }
  return !gaz.lookup(matchKey(st.text.slice(tokens[first]!.start, tokens[last]!.end)));
}

/**
 * The tagger's names in the sentence `[a, b)`. Names are capitalised: it tags only windows around capitalised
 * words (two words of left context to settle the label history, one of right), the rest is O. Same output on
 * GMB-like text, a third of the work.
 */
function taggerSpans(
  st: NerState,
  weights: FastScorer,
  a: number,
  b: number,
  words: string[],
  covered: Uint8Array,
): void {
  const { tokens, facts } = st;
  let view: ReturnType<typeof viewOf> | null = null;
  let k = a;
  while (k < b) {
    // capitalised words only; a sentence opener wink does not read as a proper noun ("The", "Then") alone is no name
    if (facts.cap[k] !== 1 || (k === a && tokens[k]!.pos !== "PROPN" && (k + 1 >= b || facts.cap[k + 1] !== 1))) {
      k++;
      continue;
    }
    let end = k + 1;
    while (end < b && (facts.cap[end] === 1 || (end + 1 < b && facts.cap[end + 1] === 1 && end - k < 12))) end++;
    let uncovered = false;
    for (let x = k; x < end && !uncovered; x++) if (facts.cap[x] === 1 && covered[x] === 0) uncovered = true;
    if (!uncovered) {
      k = end;
      continue;
    }
    const from = Math.max(a, k - 2);
    const to = Math.min(b, end + 1);
    view ??= viewOf(words, gazetteerTags(words));
    const labels = weights.tagWindow(view, from - a, to - a);
    let start = -1;
    let type = "";
    for (let i = 0; i <= labels.length; i++) {
      const l = i < labels.length ? LABELS[labels[i]!]! : "O";
      if (start >= 0 && !(l.startsWith("I-") && l.slice(2) === type)) {
        const first = from + start;
        let last = from + i - 1;
        if ((type === "place" || type === "organization") && readsAsPersonName(st, first, last)) type = "person";
        // "Ricaurte Vásquez Morales": a third unknown capitalised word right after a person the tagger cut short
        if (type === "person") last = personTail(st, first, last, b);
        if (type !== "person" && namesDisaster(st, first, last)) {
          // "the Maui Wildfire": the event is no entity; the words before the disaster noun name its place
          if (last - 1 >= first) st.spans.push({ first, last: last - 1, type: "place", source: "rule", rank: 30 });
        } else st.spans.push({ first, last, type: type as EntityType, source: "tagger", rank: 30 });
        start = -1;
      }
      if (l.startsWith("B-") || (l.startsWith("I-") && start < 0)) {
        start = i;
        type = l.slice(2);
      }
    }
    k = to;
  }
}

/**
 * The last token of a person's name the tagger ended after two words: a following capitalised word (same
 * sentence, at most four words in all) that is no English word, no name head and nothing the gazetteer lists is
 * the rest of a compound surname ("Ricaurte Vásquez Morales", "Ama Owusu Ansah").
 */
function personTail(st: NerState, first: number, last: number, b: number): number {
  const { tokens, facts, tokenWords, tokenKeys } = st;
  let end = last;
  while (
    end + 1 < b &&
    end - first < 3 &&
    end > first &&
    facts.capWord[end + 1] === 1 &&
    facts.allCaps[end + 1] !== 1 &&
    !tokens[end + 1]!.lineStart &&
    tokens[end + 1]!.spaceBefore &&
    tokens[end + 1]!.pos === "PROPN" &&
    lexiconClass(tokenWords[end + 1]!) === "N" &&
    !ORG_HEADS.has(tokenWords[end + 1]!) &&
    !PLACE_HEADS.has(tokenWords[end + 1]!) &&
    canonicalTitle(tokens[end + 1]!.text) === null &&
    !st.gaz.lookup(tokenKeys[end + 1]!)?.names.some((n) => n.entity.type !== "person")
  )
    end++;
  return end;
}

/**
 * Whether tokens `[first, last]` are a place + a capitalised disaster noun after a determiner, a year or a
 * possessive ("the Maui Wildfire", "the 2019 Tasmania Fire"): the name of an event, not of a body.
 */
function namesDisaster(st: NerState, first: number, last: number): boolean {
  const { tokens, facts, tokenWords } = st;
  return (
    last > first &&
    first > 0 &&
    facts.capWord[last] === 1 &&
    DISASTER_WORDS.has(tokenWords[last]!) &&
    EVENT_DETERMINERS.test(tokens[first - 1]!.text)
  );
}

/** Phase 2: trim and filter the candidates, resolve overlaps (higher rank, then longer, wins), one type per surface form. */
function chooseSpans(st: NerState): void {
  const { text, tokens, taken } = st;
  splitCoordinatedBodies(st);
  for (const s of st.spans) {
    const t = trimSpan(text, tokens, s, st.tokenWords);
    if (t) st.clean.push(t);
  }
  const clean = st.clean;
  nestedNames(st);
  clean.sort((x, y) => y.rank - x.rank || y.last - y.first - (x.last - x.first) || x.first - y.first);
  const chosen = st.chosen;
  for (const s of clean) {
    let free = true;
    for (let k = s.first; k <= s.last; k++) if (taken[k] !== -1) free = false;
    if (!free) continue;
    for (let k = s.first; k <= s.last; k++) taken[k] = chosen.length;
    chosen.push(s);
  }
  chosen.sort((x, y) => x.first - y.first);
  // `taken` indexes `chosen`: re-point it after the sort (stale indices named an arbitrary span)
  chosen.forEach((s, i) => taken.fill(i, s.first, s.last + 1));
  coordinatedPlaces(st);
  coordinatedBodies(st);
  // one surface form, one type per document: the tagger's guesses yield to the rules' reading, then to the majority
  const byForm = new Map<string, Span[]>();
  for (const s of chosen) {
    if (s.names || s.type === "other") continue;
    const k = matchKey(text.slice(tokens[s.first]!.start, tokens[s.last]!.end));
    const list = byForm.get(k);
    if (list) list.push(s);
    else byForm.set(k, [s]);
  }
  for (const list of byForm.values()) {
    if (list.length < 2 || list.every((s) => s.type === list[0]!.type)) continue;
    const votes = new Map<EntityType, number>();
    for (const s of list)
      votes.set(
        s.type,
        (votes.get(s.type) ?? 0) + (s.source === "rule" || s.honorific ? 100 : 0) + (s.role ? 100 : 0) + s.rank,
      );
    const type = [...votes.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]![0];
    for (const s of list) s.type = type;
  }
}

/**
 * Two bodies a rule read as one name across "and" / "&" ("Wistron and Global Lighting Technologies", "SBI and
 * ICICI Bank", "Lucasfilm and BamTech") become two: when the words before the conjunction are a name of their own
 * (no English word, or an acronym) and the words after it are too (two words or more, or one written like a
 * brand: "BamTech", "ICICI"). "Procter & Gamble", "Marks and Spencer", "Food and Drug Administration" and
 * "Department of Health and Human Services" stay whole: a single plain word after the conjunction, or an English
 * word before it.
 */
function splitCoordinatedBodies(st: NerState): void {
  const { tokens, facts } = st;
  const extra: Span[] = [];
  for (const s of st.spans) {
    if (s.type !== "organization" || s.source !== "rule" || s.phrase) continue;
    for (let m = s.first + 1; m < s.last; m++) {
      if (tokens[m]!.lemma !== "and" && tokens[m]!.text !== "&") continue;
      const left = tokens[m - 1]!.text;
      const ownName =
        /^\p{Lu}{2,}$/u.test(left) || (facts.capWord[m - 1] === 1 && lexiconClass(left.toLowerCase()) === "N");
      if (!ownName || (s.headAt !== undefined && s.headAt < m)) break;
      let from = m + 1;
      while (from < s.last && tokens[from]!.lemma === "the") from++;
      const right = tokens[from]!.text;
      const brand = /^\p{Lu}{2,}$/u.test(right) || /^\p{Lu}\p{Ll}+\p{Lu}/u.test(right);
      if (facts.capWord[from] !== 1 || (from === s.last && !brand)) break;
      extra.push({ ...s, first: from, headAt: s.headAt });
      extra.push({ ...s, last: m - 1, headAt: undefined });
      s.rank = -1; // the joined reading yields to its two parts
      break;
    }
  }
  for (const s of extra) st.spans.push(s);
}

/**
 * Names in a list with a body are bodies: "clients including Harlan, Ostrow's, NBC and Vesta", "awards from
 * Kessler & Lund, CTIA and Orbis". A one-word name the tagger read as a person or a place, in a list (commas,
 * "and", "or") whose other names include an organisation, is an organisation too. Names with a title, an
 * honorific or a gazetteer reading keep theirs; so do people named in full ("Apple, Tim Cook and Google").
 */
function coordinatedBodies(st: NerState): void {
  const { chosen, taken, tokens } = st;
  const joins = (k: number): boolean =>
    k >= 0 && k < tokens.length && (tokens[k]!.text === "," || tokens[k]!.lemma === "and" || tokens[k]!.lemma === "or");
  const possessive = (k: number): boolean => tokens[k]?.text === "'s" || tokens[k]?.text === "’s";
  /** The span across one separator (", and" counts as one; a possessive "'s" ends a name) from span `s`. */
  const neighbour = (s: Span, dir: 1 | -1): Span | undefined => {
    let k = dir > 0 ? s.last + 1 : s.first - 1;
    if (dir > 0 && possessive(k)) k++;
    if (!joins(k)) return undefined;
    k += dir;
    if (joins(k)) k += dir;
    if (dir < 0 && possessive(k)) k--;
    const i = k >= 0 && k < tokens.length ? taken[k]! : -1;
    const o = i >= 0 ? chosen[i] : undefined;
    return o && (dir > 0 ? o.first === k : o.last === k) ? o : undefined;
  };
  const candidate = (o: Span): boolean =>
    o.source === "tagger" &&
    o.first === o.last &&
    (o.type === "person" || o.type === "place") &&
    !o.role &&
    !o.honorific &&
    !o.names;
  for (const [i, s] of chosen.entries()) {
    if (!candidate(s)) continue;
    let body = false;
    // walk the list over other such names; the first name of another kind decides ("Greenbelt, Maryland" is no list of bodies)
    for (const dir of [1, -1] as const) {
      let o: Span | undefined = neighbour(s, dir);
      for (let hop = 0; hop < 6 && o && candidate(o); hop++) o = neighbour(o, dir);
      if (o?.type === "organization") body = true;
    }
    if (!body) continue;
    s.type = "organization";
    // "Ostrow's," with nothing owned after it: the possessive is part of the store's name
    if (possessive(s.last + 1) && joins(s.last + 2) && taken[s.last + 1] === -1) {
      s.last++;
      taken[s.last] = i;
    }
  }
}

/**
 * Names in a list share a type: an unknown name the tagger read as an organisation, coordinated with a place the
 * gazetteer lists ("to Edmonton and Grande Prairie", "Hsinchu, Tainan or Keelung"), is a place too, unless an
 * organisation word heads it.
 */
function coordinatedPlaces(st: NerState): void {
  const { chosen, taken, tokens } = st;
  const listedPlace = (k: number): boolean => {
    const i = k >= 0 ? taken[k]! : -1;
    const o = i >= 0 ? chosen[i] : undefined;
    if (o === undefined || o.type !== "place" || (k !== o.first && k !== o.last)) return false;
    if (o.source === "gazetteer") return true;
    const names = st.gaz.lookup(matchKey(st.text.slice(tokens[o.first]!.start, tokens[o.last]!.end)))?.names;
    return names?.some((n) => n.entity.type === "place") === true;
  };
  const joins = (k: number): boolean =>
    k >= 0 && k < tokens.length && (tokens[k]!.lemma === "and" || tokens[k]!.lemma === "or" || tokens[k]!.text === ",");
  for (const s of chosen) {
    if (s.source !== "tagger" || s.type !== "organization" || hasOrgHead(tokens, s.first, s.last)) continue;
    const before = joins(s.first - 1) && listedPlace(s.first - 2);
    const after = joins(s.last + 1) && listedPlace(s.last + 2);
    if (before || after) s.type = "place";
  }
  // "to Edmonton and Grande Prairie": capitalised words no reading claimed, after a listed place and "and"/"or",
  // that no verb follows, are a place of the same list
  const added: Span[] = [];
  for (const s of chosen) {
    const k = s.last + 2;
    if (!(tokens[s.last + 1]?.lemma === "and" || tokens[s.last + 1]?.lemma === "or") || !listedPlace(s.last)) continue;
    let last = k - 1;
    while (last + 1 < tokens.length && last + 1 - k < 3 && taken[last + 1] === -1 && st.facts.capWord[last + 1] === 1) {
      const t = tokens[last + 1]!;
      if (t.lineStart || t.sentence !== tokens[s.last]!.sentence || t.pos !== "PROPN") break;
      last++;
    }
    const next = tokens[last + 1];
    if (
      last < k ||
      hasOrgHead(tokens, k, last) ||
      (next && /^(?:VERB|AUX)$/.test(next.pos)) ||
      st.facts.allCaps[k] === 1
    )
      continue;
    added.push({ first: k, last, type: "place", source: "rule", rank: 20 });
  }
  if (added.length === 0) return;
  chosen.push(...added);
  chosen.sort((x, y) => x.first - y.first);
  chosen.forEach((s, i) => taken.fill(i, s.first, s.last + 1));
}

/**
 * An organisation phrase headed by an institution noun is one name even where the gazetteer knows a place,
 * country or person inside it: "the Central Bank of Norway", "the University of Lagos", "the Kenya Ports
 * Authority". It outranks those inner names, unless a coordination before its head may join two names
 * ("Ghana and the Kenya Ports Authority").
 */
function nestedNames(st: NerState): void {
  const { clean, tokens } = st;
  for (const s of clean) {
    if (s.headAt === undefined || (s.type !== "organization" && s.type !== "place")) continue;
    // "Ghana and Kenya Ports Authority": "and" after a listed place joins two names; "the U.S. Securities and
    // Exchange Commission" has its "and" inside the organisation's own name
    const placeEndsAt = (k: number) =>
      clean.some((o) => o.source === "gazetteer" && o.type !== "organization" && o.last === k);
    let joined = false;
    for (let k = s.first; k < s.headAt && !joined; k++)
      joined = (tokens[k]!.lemma === "and" || tokens[k]!.text === "&") && (k === s.first || placeEndsAt(k - 1));
    if (joined) continue;
    // "the Northern Ireland Assembly": a place name whose first word the phrase dropped as a non-name opener
    // ("Northern", "New") starts the organisation's name
    const straddling = clean.find(
      (o) =>
        o.source === "gazetteer" &&
        o.type !== "organization" &&
        o.first < s.first &&
        o.last >= s.first &&
        o.last < s.headAt! &&
        !o.names?.every((n) => n.via === "demonym"),
    );
    if (straddling) s.first = straddling.first;
    const inner = clean.some(
      (o) =>
        o !== s &&
        o.source === "gazetteer" &&
        o.type !== "organization" &&
        o.first >= s.first &&
        o.last <= s.last &&
        o.last - o.first < s.last - s.first,
    );
    if (inner) s.rank = 101;
  }
}

/** Records a mention of entity `key` over tokens `[first, last]`. */
function addMention(st: NerState, first: number, last: number, key: string, via: string): void {
  const start = st.tokens[first]!.start;
  const end = st.tokens[last]!.end;
  const m: LocalMention = { start, end, text: st.text.slice(start, end), entity: key, via };
  st.mentions.push(m);
  st.mentionAt.set(first, m);
  const b = st.builds.get(key)!;
  b.lastSeen = first;
  if (via !== "pronoun" && via !== "role" && !b.entity.aliases.includes(m.text)) b.entity.aliases.push(m.text);
}

/** The entity under `key`, made by `make` when new. */
function ensure(st: NerState, key: string, make: () => EntityBuild): EntityBuild {
  let b = st.builds.get(key);
  if (!b) {
    b = make();
    st.builds.set(key, b);
  }
  return b;
}

/** A new, unlisted entity. */
function freshBuild(
  key: string,
  type: EntityType,
  name: string,
  surname: string | null = null,
  affiliation: string | null = null,
): EntityBuild {
  return {
    entity: { key, type, name, aliases: [], roles: [], gazetteer_id: null, affiliation },
    gaz: null,
    surname,
    lastSeen: -1,
    offices: [],
  };
}

/** The entity of a gazetteer entry. */
function fromGaz(st: NerState, g: GazEntity): EntityBuild {
  return ensure(st, g.id, () => ({
    entity: {
      key: g.id,
      type: g.type,
      name: g.name,
      aliases: [],
      roles: [],
      gazetteer_id: g.id,
      affiliation: g.affiliation,
    },
    gaz: g,
    surname: g.surname ? foldText(g.surname) : null,
    lastSeen: -1,
    offices: [],
  }));
}

/** Adds a stated role (and the country it implies) to a person. */
function addRole(b: EntityBuild, role: NonNullable<Span["role"]>): void {
  const label = roleLabel(role.office, role.country ?? b.entity.affiliation ?? null);
  if (!b.entity.roles.includes(label)) b.entity.roles.push(label);
  if (!b.offices.some((o) => o.office === role.office))
    b.offices.push({ office: role.office, country: role.country ?? b.entity.affiliation ?? null });
  if (!b.entity.affiliation && role.country) b.entity.affiliation = role.country;
}

/** What grouping needs beyond the state: document-level readings of the chosen spans. */
interface GroupContext {
  /** Roles stated by a title rule whose name part the gazetteer matched ("Foreign Minister" + "Sergey Lavrov"). */
  ruleRoleAt: Map<number, NonNullable<Span["role"]>>;
  /** Surnames of the people this document names in full, and of known actors. */
  fullSurnames: Set<string>;
  /** The outlet a surface is a fragment of, or null. */
  outletOf: (surface: string) => string | null;
  /** The document speaks of the United Nations: a bare "Security Council" is the UN's. */
  unContext: boolean;
}

/** Phase 3: group the chosen spans into document-local entities (one-word persons wait for phase 4). */
function groupSpans(st: NerState): void {
  const { text, tokens, chosen } = st;
  const ruleRoleAt = new Map<number, NonNullable<Span["role"]>>();
  for (const s of st.clean) if (s.source === "rule" && s.type === "person" && s.role) ruleRoleAt.set(s.first, s.role);
  const fullSurnames = new Set<string>();
  for (const s of chosen) {
    if (s.names && s.type === "person") {
      for (const n of s.names) if (n.entity.surname) fullSurnames.add(foldText(n.entity.surname));
    } else if (!s.names && s.type === "person" && s.last > s.first) {
      fullSurnames.add(foldText(surnameOf(text.slice(tokens[s.first]!.start, tokens[s.last]!.end))));
    }
  }
  // outlet names (the publisher's, and the credit in a dateline "MOSCOW, July 26 (Eastern Wire Service) –"): a
  // fragment of one ("Wire Service", "told Eastern Wire", "told the Ledger") is that outlet, not an entity of its own
  const outlets = outletNames(text, st.outlet);
  const outletOf = (surface: string): string | null => {
    const words = surface
      .split(/\s+/)
      .map(matchKey)
      .filter((w) => w.length > 0 && w !== "the");
    if (words.length === 0) return null;
    for (const o of outlets) if (words.every((w) => o.words.has(w))) return o.name;
    return null;
  };
  const unContext = chosen.some(
    (s) => s.names?.some((n) => n.entity.id === "actor:org-un" || n.entity.id === "actor:org-unsc") === true,
  );
  const ctx: GroupContext = { ruleRoleAt, fullSurnames, outletOf, unContext };
  st.groupContext = ctx;
  for (const s of chosen) groupSpan(st, s, ctx);
}

/** Groups one chosen span. */
function groupSpan(st: NerState, s: Span, ctx: GroupContext): void {
  const { text, tokens, gaz } = st;
  if (s.type === "other") return; // title blockers
  if (
    !s.names &&
    s.last === s.first &&
    // "lives in Houston" stays the place even where someone is called Houston
    !(s.type !== "person" && isLocative(tokens, s.first, st.mentionAt, st.taken, st.chosen)) &&
    // "The Hague", "The Bronx": a name written after a capitalised article is no one's surname
    !(s.type !== "person" && s.first > 0 && tokens[s.first - 1]!.text === "The") &&
    (ctx.fullSurnames.has(foldText(tokens[s.first]!.text)) ||
      // (an acronym is no surname: "the KVR" is a body even if someone is called Kvr)
      (s.type !== "person" &&
        !/^\p{Lu}{2,5}$/u.test(tokens[s.first]!.text) &&
        gaz.bySurname.has(foldText(tokens[s.first]!.text))))
  ) {
    st.pendingSingles.push({ ...s, type: "person", readAs: s.type === "person" ? undefined : s.type });
    return;
  }
  const surface = text.slice(tokens[s.first]!.start, tokens[s.last]!.end);
  // a one-word town or region that is also the surname of someone the document names in full, not after a
  // locative ("Mark Houston … Houston said", but "in Houston"): that person, when phase 4 finds them
  if (
    s.names &&
    s.last === s.first &&
    ctx.fullSurnames.has(foldText(tokens[s.first]!.text)) &&
    s.names.every((n) => n.entity.kind === "city" || n.entity.kind === "region") &&
    !isLocative(tokens, s.first, st.mentionAt, st.taken, st.chosen)
  ) {
    st.pendingSingles.push({ ...s, type: "person", readAs: s.type });
    return;
  }
  if (s.names) {
    groupListedSpan(st, s, s.names, surface, ctx);
    return;
  }
  if (s.type === "person") {
    const partCount = s.last - s.first + 1 - countHyphenless(tokens, s.first, s.last);
    // "De Groot", "Van der Berg" after "Sanne de Groot": the surname with its particle, the same person
    if (SURNAME_PARTICLES.has(tokens[s.first]!.text.toLowerCase()) && s.last > s.first) {
      const b = personByRecency(st, foldText(tokens[s.last]!.text), s.first);
      if (b) {
        addMention(st, s.first, s.last, b.entity.key, "surname");
        if (s.role) addRole(b, s.role);
        return;
      }
    }
    // a single name, with a title ("Minister Lavrov") or without, waits for the full names
    if (partCount < 2) {
      st.pendingSingles.push(s);
      return;
    }
    const key = "person:" + translitKey(surface);
    const b = ensure(st, key, () => freshBuild(key, "person", surface, foldText(surnameOf(surface))));
    if (surface.length > b.entity.name.length) b.entity.name = surface;
    addMention(st, s.first, s.last, key, "name");
    if (s.role) addRole(b, s.role);
    return;
  }
  // unknown demonym/nationality the gazetteer lacks: not resolvable to a state, skip
  if (s.type === "country") return;
  const outlet = s.source !== "gazetteer" ? ctx.outletOf(surface) : null;
  if (outlet !== null) {
    const key = `organization:${matchKey(outlet)}`;
    ensure(st, key, () => freshBuild(key, "organization", outlet));
    addMention(st, s.first, s.last, key, "name");
    return;
  }
  const name = s.type === "organization" ? canonicalOrgName(surface) : surface;
  // a name the gazetteer knows under one entity of this type (a spun "Nationwide Safety Council", a city the
  // tagger found on its own): that entity, so one place is one entity whatever found it
  // ("Hague" after a capitalised "The": the gazetteer lists "The Hague")
  const articled = s.first > 0 && tokens[s.first - 1]!.text === "The" ? gaz.lookup(matchKey("The " + name)) : undefined;
  const listed = (gaz.lookup(matchKey(name)) ?? articled)?.names.filter((n) => n.via !== "demonym") ?? [];
  const sameType = uniqueEntities(listed.filter((n) => n.entity.type === s.type));
  // the tagger's type is a guess: a name the gazetteer lists under one entity is that entity ("VLADIVOSTOK" as ORG)
  const known =
    sameType.length > 0 || s.source !== "tagger"
      ? sameType
      : uniqueEntities(listed.filter((n) => n.entity.type !== "person"));
  const unsc =
    s.type === "organization" && matchKey(name) === "securitycouncil" && ctx.unContext
      ? gaz.byId.get("actor:org-unsc")
      : undefined;
  const target = unsc ?? (known.length === 1 ? known[0]! : undefined);
  if (target) {
    fromGaz(st, target);
    addMention(st, s.first, s.last, target.id, unsc ? "alias" : "name");
    return;
  }
  const key = `${s.type}:${matchKey(name)}`;
  ensure(st, key, () => freshBuild(key, s.type, name, null, orgAffiliation(name)));
  addMention(st, s.first, s.last, key, "name");
}

/** Groups a span the gazetteer matched: its single reading, a capital's country when used as a government, or an ambiguous entity. */
function groupListedSpan(st: NerState, s: Span, names: GazName[], surface: string, ctx: GroupContext): void {
  const { tokens, gaz } = st;
  // ambiguous names ("Kim" is not listed; "Korea" is its own entity) — take the single reading
  const readings = uniqueEntities(names);
  if (readings.length > 1) {
    const key = "amb:" + matchKey(surface);
    ensure(st, key, () => freshBuild(key, readings[0]!.type, surface));
    addMention(st, s.first, s.last, key, "ambiguous");
    return;
  }
  const g = readings[0]!;
  const via = names.find((n) => n.entity.id === g.id)!.via;
  if (
    g.capitalOf &&
    !isLocative(tokens, s.first, st.mentionAt, st.taken, st.chosen) &&
    !readsAsPlaceName(tokens, s.first, s.last)
  ) {
    const country = gaz.countries.get(g.capitalOf);
    if (country) {
      fromGaz(st, country);
      addMention(st, s.first, s.last, country.id, "metonym");
      return;
    }
  }
  const b = fromGaz(st, g);
  addMention(st, s.first, s.last, g.id, via);
  // the document's fuller form of a listed person ("Ricaurte Vásquez Morales" for the listed "Ricaurte Vasquez")
  if (g.type === "person" && s.fuller && surface.length > b.entity.name.length) b.entity.name = surface;
  const role = s.role ?? ctx.ruleRoleAt.get(s.first);
  if (role && g.type === "person") addRole(b, role);
}

/** The person with this surname mentioned last before token `before`, else any person with it. */
function personByRecency(st: NerState, surname: string, before: number): EntityBuild | null {
  let best: EntityBuild | null = null;
  let bestAt = -1;
  for (const m of st.mentions) {
    const b = st.builds.get(m.entity)!;
    if (b.entity.type !== "person" || b.surname !== surname) continue;
    const at = tokenIndexOf(st.tokens, m.start);
    if (at < before && at > bestAt) {
      best = b;
      bestAt = at;
    }
  }
  if (best) return best;
  // a full name later in the document (headline "Lavrov …" before the body names him)
  for (const b of st.builds.values()) if (b.entity.type === "person" && b.surname === surname) return b;
  return null;
}

/** True when an entity of the document other than a person belongs to `country` (the country itself, a place or a body of it). */
function countryInDocument(st: NerState, country: string | null | undefined): boolean {
  if (!country) return false;
  for (const b of st.builds.values()) if (b.entity.type !== "person" && b.entity.affiliation === country) return true;
  return false;
}

/** Links a one-word person name to the document's person with that surname, else to the one listed person (in office on the date). */
function linkSingle(st: NerState, first: number, last: number, role: Span["role"] | undefined): boolean {
  const { date } = st;
  const word = st.tokens[last]!.text.replace(/[’']s$/, "");
  const sur = foldText(word);
  const b = personByRecency(st, sur, first);
  if (b) {
    addMention(st, first, last, b.entity.key, "surname");
    if (role) addRole(b, role);
    return true;
  }
  const known = st.gaz.bySurname.get(sur) ?? [];
  const current = date
    ? known.filter(
        (g) => g.roles.length === 0 || g.roles.some((r) => (r.from ?? "") <= date && (r.to === null || date < r.to)),
      )
    : known;
  // A bare surname names a listed person only where the document also names their country (or a
  // place or body of it): "Assad" in a story about Syria, not "Kennedy" in a story about a US court
  // that happens to share a listed politician's surname — unless a stated office matches.
  const fitting = role
    ? current.filter((g) => heldOffice(g, (o) => officeMatches(role.office, o), role.country, date))
    : current.filter((g) => countryInDocument(st, g.affiliation));
  if (fitting.length === 1) {
    fromGaz(st, fitting[0]!);
    addMention(st, first, last, fitting[0]!.id, "surname");
    if (role) addRole(st.builds.get(fitting[0]!.id)!, role);
    return true;
  }
  return false;
}

/** Phase 4: single-token person names and bare surnames link to the last person with that surname. */
function linkSingles(st: NerState): void {
  const { text, tokens, taken, facts, gaz } = st;
  const shortForms = companyShortForms(st);
  const namedSurnames = new Set<string>();
  for (const b of st.builds.values()) if (b.entity.type === "person" && b.surname) namedSurnames.add(b.surname);
  for (const s of st.pendingSingles) {
    const surface = text.slice(tokens[s.first]!.start, tokens[s.last]!.end);
    // the short form of a company named in full here, unless a person the text names has it as surname
    const single = tokens[s.first]!.text;
    const company =
      !s.role && !s.honorific && s.first === s.last && !namedSurnames.has(foldText(single))
        ? shortForms.get(single)
        : undefined;
    if (company) {
      addMention(st, s.first, s.last, company, "alias");
      continue;
    }
    // "The Hague", "The Bronx": a place the gazetteer lists with its article is no surname after that article
    const articled =
      s.first > 0 &&
      st.tokenWords[s.first - 1] === "the" &&
      s.names?.some((n) => n.entity.type === "place" || n.entity.type === "country") === true;
    // "Rice farmers lost…", "Bush fires spread": a sentence-opening English word before a lower-case noun modifies it
    const modifier =
      s.first === s.last &&
      !s.role &&
      !s.honorific &&
      isSentenceInitial(tokens, s.first) &&
      lexiconClass(facts.lower[s.first]!) !== "N" &&
      tokens[s.first + 1]?.pos === "NOUN" &&
      /^\p{Ll}/u.test(tokens[s.first + 1]!.text);
    if (modifier) continue;
    if (!articled && linkSingle(st, s.first, s.last, s.role)) continue;
    if (s.names && st.groupContext) {
      groupListedSpan(st, s, s.names, surface, st.groupContext);
      continue;
    }
    // a lone capitalised word the tagger liked is too weak alone as a person, but a place, country or body the
    // gazetteer lists under that word, or the tagger's own reading before it was held back as a surname, stands
    if (s.source === "tagger" && !s.role && !s.honorific && !(s.type === "person" && isLoneGivenName(st, s))) {
      unlinkedSingle(st, s, surface);
      continue;
    }
    const key = "person:" + translitKey(surface);
    const b = ensure(st, key, () => freshBuild(key, "person", surface, foldText(surnameOf(surface))));
    addMention(st, s.first, s.last, key, "name");
    if (s.role) addRole(b, s.role);
  }
  // uncovered capitalised tokens equal to a known surname in the document ("Lavrov said", "Comrade Kim")
  const docSurnames = new Set<string>();
  for (const b of st.builds.values()) if (b.entity.type === "person" && b.surname) docSurnames.add(b.surname);
  for (let i = 0; i < tokens.length && !st.gazOnly; i++) {
    if (taken[i] !== -1 || st.mentionAt.has(i)) continue;
    const t = tokens[i]!;
    if (!/^\p{Lu}/u.test(t.text) || t.text.length < 2) continue;
    const sur = foldText(t.text);
    // a surname the document has not named in full: a listed person's (curated or Phoenix), when the word is no
    // English word and acts as a subject or possessor ("Lavrov dismissed…", "Merkel's cabinet"); linkSingle
    // then needs exactly one listed person with that surname, in office on the date when roles are known
    const company = shortForms.get(t.text);
    if (company && !docSurnames.has(sur) && !(isSentenceInitial(tokens, i) && lexiconClass(facts.lower[i]!) !== "N")) {
      addMention(st, i, i, company, "alias");
      taken[i] = -2;
      continue;
    }
    if (!docSurnames.has(sur)) {
      const next = tokens[i + 1];
      const acts =
        next !== undefined &&
        next.sentence === t.sentence &&
        (next.pos === "VERB" || next.pos === "AUX" || next.text === "'s" || next.text === "’s");
      if (!gaz.bySurname.has(sur) || !acts || lexiconClass(facts.lower[i]!) !== "N") continue;
    }
    if (
      i + 1 < tokens.length &&
      /^\p{Lu}/u.test(tokens[i + 1]!.text) &&
      !tokens[i + 1]!.lineStart &&
      tokens[i + 1]!.sentence === t.sentence
    )
      continue; // part of a longer unknown name
    linkSingle(st, i, i, undefined);
    taken[i] = -2;
  }
}

/**
 * A one-word tagger name that linked to no person: the single non-person entity the gazetteer lists under the
 * word ("fall behind Rotterdam and Hamburg", where the tagger read a person; "in Austin", held back because
 * someone listed is called Austin), unless the tagger read a person and the word acts as a subject ("Houston
 * said"). Otherwise it is dropped, as a lone capitalised word is too weak a name.
 */
/**
 * Short forms of the companies and bodies the document names in full: "Brackwell" for "Brackwell Foods",
 * "Halvorsen" for "Halvorsen Pharma" — the name's first word, when the rest is organisation words and the first
 * word is no English word and no name the gazetteer lists. First word → entity key.
 */
function companyShortForms(st: NerState): Map<string, string> {
  const out = new Map<string, string>();
  const clash = new Set<string>();
  for (const b of st.builds.values()) {
    if (b.entity.type !== "organization" || b.gaz) continue;
    const words = b.entity.name.split(/\s+/);
    if (words.length < 2 || !/^\p{Lu}\p{Ll}+$/u.test(words[0]!)) continue;
    if (!words.slice(1).every((w) => ORG_HEADS.has(w.toLowerCase()))) continue;
    if (lexiconClass(words[0]!.toLowerCase()) !== "N" || st.gaz.lookup(matchKey(words[0]!))) continue;
    if (out.has(words[0]!) && out.get(words[0]!) !== b.entity.key) clash.add(words[0]!);
    out.set(words[0]!, b.entity.key);
  }
  for (const w of clash) out.delete(w);
  return out;
}

/**
 * A one-word person the tagger found that is a known first name (open first-name lists), no English word and
 * no name the gazetteer lists: someone named by their first name alone ("call Melanie's mother", "Kwame, 34,
 * said"), a person even without a full name in the document.
 */
function isLoneGivenName(st: NerState, s: Span): boolean {
  if (s.first !== s.last) return false;
  const w = st.tokens[s.first]!.text;
  if (
    !/^\p{Lu}\p{Ll}+$/u.test(w) ||
    getGender(w, "en") === "unknown" ||
    lexiconClass(w.toLowerCase()) !== "N" ||
    st.gaz.lookup(st.tokenKeys[s.first]!)
  )
    return false;
  // the first word of a company or place the document names in full ("Marlow Foods … shares in Marlow") is its short form
  for (const o of st.chosen)
    if (o.type !== "person" && o.last > o.first && st.tokens[o.first]!.text === w) return false;
  return true;
}

function unlinkedSingle(st: NerState, s: Span, surface: string): void {
  const next = st.tokens[s.last + 1];
  const acts =
    next !== undefined && next.sentence === st.tokens[s.last]!.sentence && (next.pos === "VERB" || next.pos === "AUX");
  if (s.readAs === undefined && acts) return;
  const listed = uniqueEntities(
    (st.gaz.lookup(matchKey(surface))?.names ?? []).filter((n) => n.via !== "demonym" && n.entity.type !== "person"),
  );
  const g = listed.length === 1 ? listed[0]! : undefined;
  if (!g || (s.readAs !== undefined && s.readAs !== g.type && !(s.readAs === "place" && g.type === "country"))) return;
  fromGaz(st, g);
  addMention(st, s.first, s.last, g.id, "name");
}

/** Moves every mention of entity `from` to entity `to` (as an abbreviation) and drops `from`. */
function foldEntityInto(st: NerState, from: string, to: string): void {
  for (const x of st.mentions) {
    if (x.entity !== from) continue;
    x.entity = to;
    x.via = "abbreviation";
  }
  st.builds.delete(from);
}

/** Phase 5: abbreviations defined in the text: "Global Institute for Strategic Research (GISR)" → later "GISR". */
function linkAbbreviations(st: NerState): void {
  const { tokens, taken, builds, mentionAt } = st;
  const defined = new Map<string, string>(); // acronym → entity key
  for (const m of [...st.mentions]) {
    const b = builds.get(m.entity)!;
    if (b.entity.type !== "organization" || m.via === "abbreviation") continue;
    let last = tokenIndexOf(tokens, m.start);
    while (last + 1 < tokens.length && tokens[last + 1]!.end <= m.end) last++;
    const open = tokens[last + 1];
    const abbr = tokens[last + 2];
    const close = tokens[last + 3];
    if (!open || !abbr || !close || open.text !== "(" || close.text !== ")") continue;
    if (!/^\p{Lu}[\p{Lu}&.]{1,7}$/u.test(abbr.text)) continue;
    const initials = m.text
      .split(/[\s-]+/)
      .filter((w) => /^\p{Lu}/u.test(w))
      .map((w) => w[0])
      .join("");
    if (abbr.text.replace(/[^\p{Lu}]/gu, "")[0] !== initials[0]) continue;
    // the tagger may already have made the abbreviation an entity of its own: fold it in
    const existing = mentionAt.get(last + 2);
    if (existing) {
      const other = builds.get(existing.entity)!;
      if (other.gaz !== null || existing.text !== abbr.text || other.entity.key === m.entity) continue;
      foldEntityInto(st, other.entity.key, m.entity);
      if (!b.entity.aliases.includes(abbr.text)) b.entity.aliases.push(abbr.text);
      defined.set(abbr.text, m.entity);
      continue;
    }
    if (taken[last + 2] !== -1) continue;
    defined.set(abbr.text, m.entity);
    addMention(st, last + 2, last + 2, m.entity, "abbreviation");
    taken[last + 2] = -3;
  }
  if (defined.size === 0) return;
  // later uses the tagger made entities of their own fold into the defined entity
  for (const x of st.mentions) {
    const key = defined.get(x.text);
    const other = key === undefined ? undefined : builds.get(x.entity);
    if (key === undefined || !other || other.gaz !== null || x.entity === key || other.entity.name !== x.text) continue;
    foldEntityInto(st, other.entity.key, key);
  }
  for (let i = 0; i < tokens.length; i++) {
    const key = defined.get(tokens[i]!.text);
    if (key === undefined || taken[i] !== -1 || mentionAt.has(i)) continue;
    addMention(st, i, i, key, "abbreviation");
    taken[i] = -3;
  }
}

/**
 * Phase 6: appositions give roles: "Tim Ward, Acme's chief executive, said", "Ana Ruiz, a prosecutor in Lima,",
 * and before the name: "Acme's chief executive, Tim Ward, said".
 */
function linkAppositions(st: NerState): void {
  const { tokens } = st;
  for (const m of [...st.mentions]) {
    const b = st.builds.get(m.entity);
    if (b?.entity.type !== "person" || (m.via !== "name" && m.via !== "alias" && m.via !== "surname")) continue;
    const first = tokenIndexOf(tokens, m.start);
    let last = first;
    while (last + 1 < tokens.length && tokens[last + 1]!.end <= m.end) last++;
    const role = appositiveRole(tokens, first, last, st.tokenWords, st.tokenKeys);
    if (role) addRole(b, role);
  }
}

/** Phase 7: role-based coreference: "the Russian minister", "Russia's top diplomat", "the North Korean leader". */
function linkRoleReferences(st: NerState): void {
  const { tokens, date, mentions } = st;
  for (const r of roleReferences(tokens, st.taken, st.tokenWords, st.tokenKeys, st.facts.cap)) {
    // "the minister", "the leader" with no country could be anyone: they link only when the document names
    // exactly one person holding that office
    const generic =
      r.country === null &&
      [
        "Minister",
        "Leader",
        "President",
        "Prime Minister",
        "Spokesperson",
        "Ambassador",
        "Diplomat",
        "Commander",
        "Executive",
        "Lawyer",
        "General",
      ].includes(r.office);
    const candidates = [...st.builds.values()].filter(
      (b) =>
        b.entity.type === "person" &&
        (b.offices.some((o) => officeMatches(r.office, o.office) && (r.country === null || o.country === r.country)) ||
          (b.gaz !== null && heldOffice(b.gaz, (o) => officeMatches(r.office, o), r.country, date))),
    );
    let target: EntityBuild | null = null;
    if (generic && candidates.length !== 1) continue;
    if (candidates.length > 0) {
      // most recent mention before the reference
      let bestAt = -1;
      for (const c of candidates) {
        const at = lastMentionBefore(mentions, c.entity.key, tokens[r.first]!.start);
        if (at > bestAt) {
          bestAt = at;
          target = c;
        }
      }
    } else if (r.country && r.specific && date) {
      // the recorded holder on the publish date (curated roles, else Phoenix terms that are not stale)
      const holders = officeHolders(r.country, r.office, date).filter((h) => !h.stale);
      if (holders.length === 1 || (holders.length > 1 && holders[0]!.curated && !holders[1]!.curated))
        target = fromGaz(st, holders[0]!.holder);
    }
    if (!target) continue;
    addMention(st, r.first, r.last, target.entity.key, "role");
  }
}

// ---------------------------------------------------------------------------------------------

/**
 * The gazetteer's reading of each word of a sentence, as tagger features: "B-country"/"I-country" inside a
 * country name, "demonym", "B-place"/"I-place" (cities, states, provinces), "B-person"/"B-organization"
 * (listed actors), "title" for office words ("governor", "Sen."), "" elsewhere.
 * @param words token texts of one sentence
 */
export function gazetteerTags(words: readonly string[]): string[] {
  const gaz = gazetteer();
  const out = words.map(() => "");
  for (const m of gaz.match(words, (i) => /^[\p{Lu}\p{N}]/u.test(words[i]!))) {
    const e = m.names[0]!;
    const type = m.names.every((n) => n.via === "demonym") ? "demonym" : e.entity.type;
    for (let k = m.first; k <= m.last; k++)
      out[k] = type === "demonym" ? "demonym" : (k === m.first ? "B-" : "I-") + type;
  }
  const lower = words.map((w) => w.toLowerCase().replace(/’/g, "'"));
  for (let i = 0; i < words.length; i++) {
    if (out[i] !== "") continue;
    const t = matchTitle(lower, i, words.length) ?? (HONORIFICS.has(lower[i]!.replace(/\.$/, "")) ? { end: i } : null);
    if (t) for (let k = i; k <= t.end; k++) if (out[k] === "") out[k] = "title";
  }
  return out;
}

/** Lower-cased token texts (for the title matcher). */
type TokenWords = ArrayLike<string>;

/** Facts about a token text, computed once per distinct text (cached across documents). */
interface WordFacts {
  lower: string;
  key: string;
  /** Bits: 1 cap, 2 cap-or-digit, 4 three letters, 8 all caps, 16 name-word shape. */
  bits: number;
}
const wordFactsCache = new Map<string, WordFacts>();

function wordFacts(w: string): WordFacts {
  let f = wordFactsCache.get(w);
  if (f) return f;
  const c = w.charCodeAt(0);
  const cap = c >= 65 && c <= 90 ? true : c < 128 ? false : /^\p{Lu}/u.test(w);
  let bits = 0;
  if (cap) bits |= 1;
  if (cap || (c >= 48 && c <= 57) || (c >= 128 && /^\p{N}/u.test(w))) bits |= 2;
  if (/^\p{L}{3}/u.test(w)) bits |= 4;
  if (/\p{L}{2}/u.test(w) && w === w.toUpperCase()) bits |= 8;
  if (cap && /^\p{Lu}[\p{L}'’.&-]*$/u.test(w)) bits |= 16;
  const low = w.toLowerCase();
  f = { lower: low.includes("’") ? low.replace(/’/g, "'") : low, key: matchKey(w), bits };
  if (wordFactsCache.size > 200_000) wordFactsCache.clear();
  wordFactsCache.set(w, f);
  return f;
}

/** Per-token letter-case facts and keys, computed once per document. */
interface CaseFacts {
  /** Starts with an upper-case letter. */
  cap: Uint8Array;
  /** Starts with an upper-case letter or digit. */
  capOrDigit: Uint8Array;
  /** Has 2+ letters, all upper-case. */
  allCaps: Uint8Array;
  /** Starts with 3+ letters. */
  word3: Uint8Array;
  /** Shape of a capitalised name word (letters, apostrophes, dots, hyphens, ampersand). */
  capWord: Uint8Array;
  /** Lower-cased texts. */
  lower: string[];
  /** `matchKey` of each token. */
  keys: string[];
}

function caseFacts(tokens: RichToken[]): CaseFacts {
  const n = tokens.length;
  const f: CaseFacts = {
    cap: new Uint8Array(n),
    capOrDigit: new Uint8Array(n),
    allCaps: new Uint8Array(n),
    word3: new Uint8Array(n),
    capWord: new Uint8Array(n),
    lower: new Array<string>(n),
    keys: new Array<string>(n),
  };
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const wf = wordFacts(t.text);
    const bits = wf.bits;
    f.cap[i] = bits & 1;
    f.capOrDigit[i] = (bits >> 1) & 1;
    f.word3[i] = (bits >> 2) & 1;
    f.allCaps[i] = (bits >> 3) & 1;
    f.capWord[i] = (bits >> 4) & 1 && t.kind !== "url" && t.kind !== "email" ? 1 : 0;
    f.lower[i] = wf.lower;
    f.keys[i] = wf.key;
  }
  return f;
}

function startsName(t: RichToken): boolean {
  if (t.kind === "url" || t.kind === "email" || t.kind === "punctuation") return false;
  return /^[\p{Lu}\p{N}]/u.test(t.text);
}

/**
 * Marks tokens on headline-style lines: a whole line without final punctuation where most content
 * words are capitalised ("West’s Fears Realized? WHAT Putin-Kim Summit Really Means"). The tagger
 * reads every capital as a name there.
 * @returns 1 per token on such a line, else 0
 */
function titleCaseLineTokens(tokens: RichToken[], facts: CaseFacts): Uint8Array {
  const marks = new Uint8Array(tokens.length);
  let a = 0;
  while (a < tokens.length) {
    let b = a + 1;
    while (b < tokens.length && !tokens[b]!.lineStart) b++;
    if (b - a <= 40) {
      let content = 0;
      let caps = 0;
      for (let k = a; k < b; k++) {
        const t = tokens[k]!;
        if (
          facts.word3[k] === 0 ||
          t.pos === "ADP" ||
          t.pos === "DET" ||
          t.pos === "CCONJ" ||
          NAME_FUNCTION_WORDS.has(t.lemma)
        )
          continue;
        content++;
        if (facts.cap[k] === 1) caps++;
      }
      const lastText = tokens[b - 1]!.text;
      if (content >= 3 && caps / content >= 0.75 && !/^[.:;]$/.test(lastText)) marks.fill(1, a, b);
    }
    a = b;
  }
  return marks;
}

const commonWordCache = new Map<string, boolean>();
/** Whether wink reads the lower-cased word as an adjective, adverb or function word (cached). */
function isCommonWord(word: string): boolean {
  const low = word.toLowerCase();
  let hit = commonWordCache.get(low);
  if (hit === undefined) {
    const nlp = wink();
    const doc = nlp.readDoc(low);
    const pos = doc.tokens().out(nlp.its.pos) as string[];
    hit = pos.length === 1 && ["ADJ", "ADV", "ADP", "DET", "PRON", "AUX", "CCONJ", "SCONJ", "VERB"].includes(pos[0]!);
    if (commonWordCache.size > 100_000) commonWordCache.clear();
    commonWordCache.set(low, hit);
  }
  return hit;
}

const dictionaryNounCache = new Map<string, boolean>();
/** A lower-case English dictionary word ("commerce"), unlike an unknown name ("okafor"). */
function isDictionaryNoun(word: string): boolean {
  const low = word.toLowerCase();
  let hit = dictionaryNounCache.get(low);
  if (hit === undefined) {
    hit = /^\p{Ll}+$/u.test(low) && inLexicon(low);
    if (dictionaryNounCache.size > 100_000) dictionaryNounCache.clear();
    dictionaryNounCache.set(low, hit);
  }
  return hit;
}

function isShouting(facts: CaseFacts, a: number, b: number): boolean {
  let caps = 0;
  let words = 0;
  for (let k = a; k < b; k++) {
    if (facts.word3[k] === 0) continue;
    words++;
    caps += facts.allCaps[k]!;
  }
  return words >= 4 && caps / words > 0.7;
}

function uniqueEntities(names: GazName[]): GazEntity[] {
  const seen = new Map<string, GazEntity>();
  for (const n of names) seen.set(n.entity.id, n.entity);
  return [...seen.values()];
}

function countHyphenless(tokens: RichToken[], first: number, last: number): number {
  let n = 0;
  for (let k = first; k <= last; k++) if (!/\p{L}/u.test(tokens[k]!.text)) n++;
  return n;
}

function tokenIndexOf(tokens: RichToken[], start: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lastMentionBefore(mentions: LocalMention[], key: string, offset: number): number {
  let best = -1;
  for (const m of mentions) if (m.entity === key && m.start < offset && m.start > best) best = m.start;
  return best;
}

/** "Russian Foreign Minister" — the role label kept on an entity. */
function roleLabel(office: string, country: string | null): string {
  const dem = country ? DEMONYM_OF[country] : undefined;
  return dem ? `${dem} ${office}` : office;
}
const DEMONYM_OF: Record<string, string> = {
  RUS: "Russian",
  PRK: "North Korean",
  KOR: "South Korean",
  USA: "US",
  CHN: "Chinese",
  JPN: "Japanese",
  UKR: "Ukrainian",
  GBR: "British",
  IRN: "Iranian",
  VNM: "Vietnamese",
  SUN: "Soviet",
  FRA: "French",
  DEU: "German",
  IND: "Indian",
  BLR: "Belarusian",
};

function orgAffiliation(name: string): string | null {
  const g = gazetteer();
  const words = name.split(/\s+/);
  for (let n = Math.min(2, words.length); n >= 1; n--) {
    const hit = g.lookup(matchKey(words.slice(0, n).join(" ")));
    const c = hit?.names.find((x) => x.entity.type === "country");
    if (c) return c.entity.affiliation;
  }
  const of = /\bof (?:the )?([\p{Lu}][\p{L}' ]+)$/u.exec(name);
  if (of) {
    const hit = g.lookup(matchKey(of[1]!));
    const c = hit?.names.find((x) => x.entity.type === "country");
    if (c) return c.entity.affiliation;
  }
  return null;
}

/**
 * Whether a capital city reads as the place whatever verb follows: the tail of a longer capitalised name
 * ("Vrije Universiteit Amsterdam"), a modifier of a common noun ("Amsterdam museums", "the Athens metro"),
 * or after "the", "old", "central", "downtown", "greater" ("old Athens").
 */
function readsAsPlaceName(tokens: RichToken[], first: number, last: number): boolean {
  const sent = tokens[first]!.sentence;
  const prev = first > 0 && tokens[first - 1]!.sentence === sent ? tokens[first - 1]! : null;
  if (
    prev &&
    !tokens[first]!.lineStart &&
    /^\p{Lu}\p{Ll}/u.test(prev.text) &&
    !isSentenceInitial(tokens, first - 1) &&
    !NAME_FUNCTION_WORDS.has(prev.lemma) &&
    !LEADING_FUNCTION_WORDS.has(prev.lemma)
  )
    return true;
  if (prev && /^(?:the|old|ancient|central|downtown|greater|modern|medieval|suburban)$/i.test(prev.text)) return true;
  const next = tokens[last + 1];
  if (next && next.sentence === sent && next.pos === "NOUN" && /^\p{Ll}/u.test(next.text)) return true;
  return false;
}

/**
 * Whether a capital city at token `first` is a place ("flew to Pyongyang", "in Moscow") rather than
 * its government ("Moscow and Pyongyang agreed", "Beijing's reaction"). A conjunct inherits the
 * reading of the conjunct before it ("in Moscow and Pyongyang").
 */
function isLocative(
  tokens: RichToken[],
  first: number,
  mentionAt: Map<number, LocalMention>,
  taken: Int32Array,
  chosen: Span[],
): boolean {
  const prev = first > 0 ? tokens[first - 1]! : null;
  // "LIMA, Peru —", "ROME (Wire) –": the all-caps place opening a dateline is where the story was filed
  const dateline =
    tokens[first]!.text === tokens[first]!.text.toUpperCase() && /^[,(—–-]$/.test(tokens[first + 1]?.text ?? "");
  if ((first === 0 || tokens[first]!.lineStart) && dateline) return true;
  if (!prev || prev.sentence !== tokens[first]!.sentence) return false;
  const p = prev.lemma;
  // "to"/"from" a capital is a journey only after a motion word ("flew to Moscow"); "weapons to Moscow" is its government
  if (p === "to" || p === "from") {
    for (let k = first - 2; k >= Math.max(0, first - 8); k--) {
      if (tokens[k]!.sentence !== tokens[first]!.sentence) break;
      if (MOTION_WORDS.has(tokens[k]!.lemma) || MOTION_WORDS.has(tokens[k]!.text.toLowerCase())) return true;
    }
    return false;
  }
  if (LOCATIVE_BEFORE.has(p) || LOCATIVE_BEFORE.has(prev.text.toLowerCase())) return true;
  // "its capital, Dodoma,": in apposition to a settlement noun the name is the city, not its government
  if (p === "," && first >= 2 && PLACE_APPOSITION_NOUNS.has(tokens[first - 2]!.text)) return true;
  // "south of the capital Kabul", "the port city Mombasa": the noun before the name says it is the city
  if (PLACE_APPOSITION_NOUNS.has(prev.text)) return true;
  const next = tokens[first + 1];
  if (next?.text.startsWith("-") && /based/.test(next.text)) return true;
  if ((p === "and" || p === "or" || p === ",") && first >= 2) {
    const spanIdx = taken[first - 2]!;
    if (spanIdx >= 0) {
      const before = chosen[spanIdx]!;
      const m = mentionAt.get(before.first);
      if (m)
        return (
          m.via !== "metonym" && before.names?.some((n) => n.entity.capitalOf || n.entity.type === "place") === true
        );
    }
  }
  // "Utah, Washington and Oregon": listed before places that are no country, the name is a place too
  const after = tokens[first + 2];
  if (next && after && (next.text === "," || next.text === "and" || next.text === "or")) {
    const spanIdx = taken[first + 2]!;
    if (spanIdx >= 0) {
      const later = chosen[spanIdx]!;
      if (later.type === "place" && !later.names?.some((n) => n.entity.capitalOf)) return true;
    }
  }
  return false;
}

/**
 * "Russian Foreign Minister Sergey Lavrov", "spokesman Dmitry Peskov", "North Korean leader Kim
 * Jong-un": a title (optionally after a demonym or "X's") followed by capitalised words → a person span
 * over the name, with the role.
 */
function titledPersons(tokens: RichToken[], a: number, b: number, words: TokenWords, keys: readonly string[]): Span[] {
  const out: Span[] = [];
  const gaz = gazetteer();
  for (let i = a; i < b; i++) {
    // longest title starting at i
    const best = matchTitle(words, i, b);
    if (!best) continue;
    let n = best.end + 1;
    if (n < b && HONORIFICS.has(foldText(tokens[n]!.text))) n++;
    // a name: 1–4 capitalised tokens (hyphen-joined tokens count as one)
    let last = -1;
    for (let k = n; k < Math.min(b, n + 5); k++) {
      const t = tokens[k]!;
      if (/^\p{Lu}[\p{L}'’.-]*$/u.test(t.text) && !NOT_NAMES.has(t.lemma) && !(k > n && t.lineStart)) last = k;
      // a surname particle between capitalised names: "Sanne de Groot", "Ana de la Cruz", "Karl von Bremen"
      else if (last === k - 1 && k > n && SURNAME_PARTICLES.has(t.text)) {
        let m = k;
        while (m + 1 < b && SURNAME_PARTICLES.has(tokens[m + 1]!.text)) m++;
        if (m + 1 >= b || !/^\p{Lu}\p{Ll}/u.test(tokens[m + 1]!.text) || NOT_NAMES.has(tokens[m + 1]!.lemma)) break;
        k = m;
      } else break;
    }
    if (last < 0) continue;
    // the "title" opens an organisation's name: "the General Workers Union", "the General Dockers' Union"
    const possessive = last + 2 < b && (tokens[last + 1]!.text === "'" || tokens[last + 1]!.text === "’");
    const nameEnd = possessive && /^\p{Lu}/u.test(tokens[last + 2]!.text) ? last + 2 : last;
    if (ORG_HEADS.has(words[nameEnd]!)) continue;
    // the capitalised words run on to an organisation head ("the official Velmari Central News Agency"): the name
    // is the organisation's, and "official" no title
    let run = nameEnd + 1;
    while (run < b && run - nameEnd <= 4 && /^\p{Lu}/u.test(tokens[run]!.text) && !ORG_HEADS.has(words[run]!)) run++;
    if (run < b && run - nameEnd <= 4 && /^\p{Lu}/u.test(tokens[run]!.text) && ORG_HEADS.has(words[run]!)) continue;
    // the title is the tail of a longer one we do not know ("Chief" + "Cabinet Secretary X"): no name here
    if (ORG_HEADS.has(words[n]!) || canonicalTitle(tokens[n]!.text) !== null) continue;
    // the title must be a title here, not the head of an organisation ("Minister of Defense" is fine,
    // "President Putin" is fine; "Council Chairman" etc. also fine)
    const firstTitleWord = tokens[i]!.text.toLowerCase();
    if (
      !PERSON_TITLE_WORDS.has(firstTitleWord) &&
      !PERSON_TITLE_WORDS.has(tokens[best.end]!.text.toLowerCase()) &&
      !canonicalTitle(tokens[best.end]!.text)
    )
      continue;
    // country before the title: "Russian", "Russia's", "North Korean", "US"
    let country: string | null = null;
    let roleStart = i;
    const poss = i - 1 >= a && (tokens[i - 1]!.text === "'s" || tokens[i - 1]!.text === "’s") ? 1 : 0;
    for (let back = 1 + poss; back <= 3 + poss && i - back >= a; back++) {
      let key = "";
      for (let x = i - back; x < i - poss; x++) key += keys[x];
      const hit = gaz.lookup(key);
      const c = hit?.names.find((x) => x.entity.type === "country");
      if (c) {
        country = c.entity.affiliation;
        roleStart = i - back;
      }
    }
    const roleText = tokens
      .slice(roleStart, best.end + 1)
      .map((t) => t.text)
      .join(" ");
    const role = { office: best.office, country, text: roleText, spun: best.spun };
    out.push({ first: n, last, type: "person", source: "rule", rank: 60, role });
    // the title words themselves are no name ("State Council Chairman" is not an organisation here)
    out.push({ first: i, last: n - 1, type: "other", source: "rule", rank: 60 });
    // a plural title covers the coordinated names: "Sens. Mark Ellery and Ruth Obi", "judges Ann Ito and Lee Park"
    const titleWord = tokens[best.end]!.text.toLowerCase();
    if (
      /s\.?$/.test(titleWord) &&
      !/ss\.?$/.test(titleWord) &&
      last + 2 < b &&
      (tokens[last + 1]!.lemma === "and" || tokens[last + 1]!.text === ",")
    ) {
      let k = last + 2;
      let end = -1;
      while (
        k < Math.min(b, last + 6) &&
        /^\p{Lu}[\p{L}'’.-]*$/u.test(tokens[k]!.text) &&
        !NOT_NAMES.has(tokens[k]!.lemma)
      )
        end = k++;
      if (end > last + 2) {
        out.push({ first: last + 2, last: end, type: "person", source: "rule", rank: 60, role });
        i = end;
        continue;
      }
    }
    i = last;
  }
  return out;
}

/**
 * A byline or credit line: "By Konstantin Asmolov", "Translation: V. Sergeev", "Author: …" — the
 * capitalised words up to the end of the line are a person.
 */
function bylinePerson(tokens: RichToken[], a: number, b: number, facts: CaseFacts): Span | null {
  if (!tokens[a]!.lineStart) return null;
  let k = a;
  const w0 = facts.lower[a]!;
  if (w0 === "by") k = a + 1;
  else if (
    (w0 === "translation" || w0 === "author" || w0 === "authors" || w0 === "text" || w0 === "reporting") &&
    tokens[a + 1]?.text === ":"
  )
    k = a + 2;
  else if ((w0 === "translated" || w0 === "written" || w0 === "reported") && facts.lower[a + 1] === "by") k = a + 2;
  else return null;
  let last = k - 1;
  while (last + 1 < b && facts.capWord[last + 1] === 1 && !tokens[last + 1]!.lineStart && last + 1 - k < 4) last++;
  const lineEnds = last + 1 >= b || tokens[last + 1]!.lineStart;
  if (last - k < 1 || !lineEnds) return null;
  if (NOT_NAMES.has(facts.lower[k]!)) return null;
  return { first: k, last, type: "person", source: "rule", rank: 55 };
}

/**
 * The abbreviations of US states the Associated Press style writes after a city ("Dekalb, Ill.", "Albany, N.Y."):
 * a published standard of the US press. Only those written with their dot, and not "Miss." (an honorific).
 */
const AP_STATES: ReadonlyMap<string, string> = new Map([
  ["ala.", "Alabama"],
  ["ariz.", "Arizona"],
  ["ark.", "Arkansas"],
  ["calif.", "California"],
  ["colo.", "Colorado"],
  ["conn.", "Connecticut"],
  ["del.", "Delaware"],
  ["fla.", "Florida"],
  ["ga.", "Georgia"],
  ["ill.", "Illinois"],
  ["ind.", "Indiana"],
  ["kan.", "Kansas"],
  ["ky.", "Kentucky"],
  ["la.", "Louisiana"],
  ["md.", "Maryland"],
  ["mass.", "Massachusetts"],
  ["mich.", "Michigan"],
  ["minn.", "Minnesota"],
  ["mo.", "Missouri"],
  ["mont.", "Montana"],
  ["neb.", "Nebraska"],
  ["nev.", "Nevada"],
  ["n.h.", "New Hampshire"],
  ["n.j.", "New Jersey"],
  ["n.m.", "New Mexico"],
  ["n.y.", "New York"],
  ["n.c.", "North Carolina"],
  ["n.d.", "North Dakota"],
  ["okla.", "Oklahoma"],
  ["ore.", "Oregon"],
  ["pa.", "Pennsylvania"],
  ["r.i.", "Rhode Island"],
  ["s.c.", "South Carolina"],
  ["s.d.", "South Dakota"],
  ["tenn.", "Tennessee"],
  ["vt.", "Vermont"],
  ["va.", "Virginia"],
  ["wash.", "Washington"],
  ["w.va.", "West Virginia"],
  ["wis.", "Wisconsin"],
  ["wyo.", "Wyoming"],
]);

/**
 * "Dekalb, Ill.", "Albany, N.Y.": a state abbreviated in the US press style after a comma and a capitalised name
 * is that state, and the one to three capitalised words before the comma are a place in it.
 */
function abbreviatedStates(st: NerState, a: number, b: number): Span[] {
  const { tokens, facts, gaz } = st;
  const out: Span[] = [];
  for (let k = a + 2; k < b; k++) {
    const state = AP_STATES.get(facts.lower[k]!);
    if (!state || facts.cap[k] !== 1 || tokens[k - 1]!.text !== ",") continue;
    // the state, not a city of the same name ("New York"); a state the gazetteer lacks is still a place
    const names = gaz.lookup(matchKey(state))?.names.filter((n) => n.entity.kind === "region");
    let first = k - 1; // the comma
    while (first - 1 >= a && k - 1 - first < 3 && facts.capWord[first - 1] === 1) {
      first--;
      if (tokens[first]!.lineStart) break; // a dateline's city opens its line
    }
    if (first === k - 1) continue;
    if (names?.length) out.push({ first: k, last: k, type: "place", source: "gazetteer", rank: 90, names });
    else out.push({ first: k, last: k, type: "place", source: "rule", rank: 90, phrase: true });
    out.push({ first, last: k - 2, type: "place", source: "rule", rank: 45 });
  }
  return out;
}

/** Capitalised words of a wire credit line before "by": "(Reporting by …; Editing by …)". */
const CREDIT_WORDS = new Set([
  "reporting",
  "editing",
  "writing",
  "compiled",
  "produced",
  "additional",
  "graphics",
  "photos",
  "video",
]);

/**
 * The people a wire credit line names, wherever it stands: "(Reporting by Ana Ruiz and Lee Park in Lima;
 * Editing by Tom Vale)", "Additional reporting by Ana Ruiz". Each name is two to four capitalised words.
 */
function creditNames(a: number, b: number, facts: CaseFacts): Span[] {
  const out: Span[] = [];
  for (let i = a; i + 2 < b; i++) {
    if (facts.cap[i] !== 1 || !CREDIT_WORDS.has(facts.lower[i]!)) continue;
    let k = i + 1;
    if (facts.lower[i] === "additional" && facts.lower[k] === "reporting") k++;
    if (facts.lower[k] !== "by") continue;
    k++;
    for (;;) {
      let last = k - 1;
      while (last + 1 < b && facts.capWord[last + 1] === 1 && last + 1 - k < 4) last++;
      if (last - k < 1 || facts.lower[k] === "the") break;
      // vouched for by the credit line: a first name that is also a word ("Will", "Grace") stays
      out.push({ first: k, last, type: "person", source: "rule", rank: 55, phrase: true });
      const joiner = facts.lower[last + 1];
      if ((joiner !== "and" && joiner !== ",") || facts.capWord[last + 2] !== 1) break;
      k = last + 2;
    }
  }
  return out;
}

/**
 * Capitalised phrases ending in a place word: "Amur Oblast", "Korean Peninsula", "Crater Lake", "Lake
 * Chad" is left to the gazetteer and tagger. Two to five words, no organisation head inside.
 */
function placePhrases(tokens: RichToken[], a: number, b: number, facts: CaseFacts): Span[] {
  const out: Span[] = [];
  const cap = facts.capWord;
  let i = a;
  while (i < b) {
    if (cap[i] !== 1) {
      i++;
      continue;
    }
    let j = i;
    // (a hyphen between capitalised words joins them: "the Baikal-Amur Railway")
    const joined = (k: number): boolean =>
      tokens[k]!.text === "-" &&
      !tokens[k]!.spaceBefore &&
      k + 1 < b &&
      cap[k + 1] === 1 &&
      !tokens[k + 1]!.spaceBefore;
    while (j + 1 < b && j + 1 - i < 7) {
      if (cap[j + 1] === 1 && !tokens[j + 1]!.lineStart) j++;
      else if (joined(j + 1)) j += 2;
      else break;
    }
    // "the Korean peninsula": a lower-case peninsula after a capitalised name is its place too
    if (j + 1 < b && tokens[j + 1]!.text === "peninsula") j++;
    const head = tokens[j]!;
    let first = i;
    while (
      first < j &&
      (tokens[first]!.lemma === "the" ||
        NOT_NAMES.has(tokens[first]!.lemma) ||
        LEADING_FUNCTION_WORDS.has(tokens[first]!.lemma))
    )
      first++;
    // "in the Tigray region", "across the Mekong delta", "Peru's Cusco province": the name before a lower-case
    // division or landform noun is that place (the noun stays out of the name)
    if (
      j + 1 < b &&
      LOWER_PLACE_NOUNS.has(tokens[j + 1]!.text) &&
      first > a &&
      /^(?:the|'s|’s)$/.test(tokens[first - 1]!.text) &&
      !(first === j && tokens[first]!.lemma === "the") &&
      !tokens.slice(first, j + 1).some((t) => ORG_HEADS.has(t.text.toLowerCase()) || canonicalTitle(t.text) !== null) &&
      facts.allCaps[j] !== 1
    ) {
      out.push({ first, last: j, type: "place", source: "rule", rank: 45 });
      i = j + 1;
      continue;
    }
    const hasOrgHead = tokens
      .slice(first, j + 1)
      .some((t) => ORG_HEADS.has(t.lemma) || ORG_HEADS.has(t.text.toLowerCase()));
    const pluralWorks = INFRASTRUCTURE_HEADS.has(head.lemma) && head.text.toLowerCase() !== head.lemma;
    if (
      j > first &&
      (PLACE_HEADS.has(head.lemma) || head.lemma === "east" || head.lemma === "west") &&
      !pluralWorks &&
      !hasOrgHead &&
      canonicalTitle(tokens[first]!.text) === null
    ) {
      // "Delmont Railway said…", "Northvale Railway's chairman": the company that runs the line
      const operator = INFRASTRUCTURE_HEADS.has(head.lemma) && runsAsOperator(tokens, first, j, b);
      out.push({ first, last: j, type: operator ? "organization" : "place", source: "rule", rank: 50, headAt: j });
    } else if (j > first && PLACE_FIRST_WORDS.has(tokens[first]!.lemma) && !hasOrgHead)
      out.push({ first, last: j, type: "place", source: "rule", rank: 50, headAt: first });
    i = j + 1;
  }
  return out;
}

/** Month names and their press abbreviations, as a dateline writes them after the place. */
const DATELINE_MONTH = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)(?:[a-z]*)\.?$/u;

/**
 * The place of a dateline: one to three all-caps words opening a line, then a comma and a country, region or date,
 * or a bracketed credit ("MARLOVA, Russia, May 3 (Northgate Wire) –", "KESTAVIA (Velmari Wire) –"). A place,
 * never an acronym's organisation.
 */
function datelinePlace(st: NerState, a: number, b: number): Span | null {
  const { tokens, facts, tokenWords } = st;
  if (!(a === 0 || tokens[a]!.lineStart)) return null;
  let last = a - 1;
  while (last + 1 < b && last + 1 - a < 3 && facts.allCaps[last + 1] === 1 && facts.capWord[last + 1] === 1) last++;
  if (last < a || last + 1 >= b || tokens[last + 1]!.lineStart) return null;
  const next = tokens[last + 1]!.text;
  const after = last + 2 < b ? last + 2 : -1;
  const placed =
    next === "(" ||
    (next === "," &&
      after >= 0 &&
      (DATELINE_MONTH.test(tokenWords[after]!) ||
        (facts.cap[after] === 1 &&
          st.gaz
            .lookup(st.tokenKeys[after]!)
            ?.names.some((n) => n.via !== "demonym" && (n.entity.type === "country" || n.entity.kind === "region")) ===
            true)));
  if (!placed || (last === a && usedAsAcronym(st, a))) return null;
  return { first: a, last, type: "place", source: "rule", rank: 100 };
}

/**
 * Whether the all-caps word at `at` is an acronym, by how the document writes it elsewhere: in capitals inside a
 * running sentence ("KAVRA, the farmers' lobby, said…", "the lobby group (KAVRA)") and never in title case, or
 * listed as an organisation only. A dateline place is written "Marlova" in the story it opens.
 */
function usedAsAcronym(st: NerState, at: number): boolean {
  const { tokens, facts } = st;
  const word = tokens[at]!.text;
  if (st.gaz.lookup(st.tokenKeys[at]!)?.names.every((n) => n.entity.type === "organization") === true) return true;
  const title = word.charAt(0) + word.slice(1).toLowerCase();
  let running = false;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!.text;
    if (t === title) return false;
    if (k === at || t !== word || tokens[k]!.lineStart) continue;
    // a running sentence: a lower-case word next to it (capitals alone may be a headline or another dateline)
    const lowerNear = [k - 2, k - 1, k + 1, k + 2].some(
      (j) =>
        j >= 0 && j < tokens.length && tokens[j]!.sentence === tokens[k]!.sentence && /^\p{Ll}/u.test(tokens[j]!.text),
    );
    // after a preposition it may still be the place written loud ("the port of KESTAVIA"): no evidence
    const prep = k > 0 && tokens[k - 1]!.pos === "ADP";
    if (lowerNear && facts.allCaps[k] === 1 && !prep) running = true;
  }
  return running;
}

/**
 * A place whose name carries its article, after a preposition of place mid-sentence: "grew up in The Bronx", "a
 * house near The Woodlands". The weakest reading (rank 5): the gazetteer, the tagger and the publication cue ("wrote in The X",
 * org-context.ts) outrank it.
 */
function articlePlaces(st: NerState, a: number, b: number): Span[] {
  const out: Span[] = [];
  const { tokens, facts } = st;
  for (let i = a + 2; i + 1 < b; i++) {
    if (tokens[i]!.text !== "The" || tokens[i]!.lineStart || !LOCATIVE_PREPOSITIONS.has(tokens[i - 1]!.text)) continue;
    let last = i;
    while (last + 1 < b && last - i < 3 && facts.capWord[last + 1] === 1 && facts.allCaps[last + 1] !== 1) last++;
    if (last === i || hasOrgHead(tokens, i + 1, last)) continue;
    out.push({ first: i + 1, last, type: "place", source: "rule", rank: 5 });
  }
  return out;
}

/** Lower-case nouns of a settlement or division that a name in apposition names: "its new capital, Kestavia,". */
const PLACE_APPOSITION_NOUNS = new Set([
  "capital",
  "city",
  "town",
  "village",
  "port",
  "island",
  "province",
  "region",
  "district",
]);

/**
 * A name in apposition to a place noun phrase is that place: "its new capital, Kestavia, by 2026", "the river port,
 * Tessaly, was closed". The noun phrase opens with a determiner or a possessive within three words; the name is one
 * to three capitalised words closed by a comma or the sentence end.
 */
function appositivePlaces(st: NerState, a: number, b: number): Span[] {
  const out: Span[] = [];
  const { tokens, facts, tokenWords } = st;
  for (let k = a + 1; k + 2 < b; k++) {
    if (!PLACE_APPOSITION_NOUNS.has(tokens[k]!.text) || tokens[k + 1]!.text !== ",") continue;
    let d = k - 1;
    while (d > a && k - d < 3 && /^(?:ADJ|NOUN)$/.test(tokens[d]!.pos) && /^\p{Ll}/u.test(tokens[d]!.text)) d--;
    if (!/^(?:the|its|their|his|her|our|a|an|'s|’s)$/.test(tokenWords[d]!)) continue;
    const first = k + 2;
    let last = first - 1;
    while (last + 1 < b && last + 1 - first < 3 && facts.capWord[last + 1] === 1) last++;
    if (last < first || !(last + 1 >= b || /^[,.;]$/.test(tokens[last + 1]!.text))) continue;
    // "Across the region, Daniel Okafor, a farmer, said…": the comma closes a fronted adverbial and the name is the
    // clause's subject, not the noun's apposition, when it reads as a person's name or a description of its own
    // follows it ("In the capital, Nairobi, crowds gathered" keeps the place)
    const fronted = d > a && d - a <= 2 && tokens[a]!.pos === "ADP";
    if (fronted && (readsAsPersonName(st, first, last) || describedAfter(st, last + 1, b))) continue;
    out.push({ first, last, type: "place", source: "rule", rank: 50 });
  }
  return out;
}

/**
 * Whether a comma at `comma` opens a description of the name before it that a further comma closes and a verb
 * follows: ", a farmer, said", ", the union's treasurer, told". That name is who the clause is about.
 */
function describedAfter(st: NerState, comma: number, b: number): boolean {
  const { tokens, tokenWords } = st;
  if (comma >= b || tokens[comma]!.text !== "," || !/^(?:a|an|the|who|whose)$/.test(tokenWords[comma + 1] ?? ""))
    return false;
  for (let k = comma + 2; k < b && k - comma <= 8; k++)
    if (tokens[k]!.text === ",") return k + 1 < b && /^(?:VERB|AUX)$/.test(tokens[k + 1]!.pos);
  return false;
}

/** Lower-case nouns before a publication's own title ("the journal Annals of …", "the magazine …"). */
const PUBLICATION_NOUNS = new Set(["journal", "magazine", "newspaper", "publication", "periodical", "bulletin"]);

/** Plural nouns of people that name institutions in the possessive ("Children's Hospital", "Veterans' Fund"). */
const POSSESSIVE_NAME_NOUNS = new Set(["children", "women", "men", "people", "veterans", "workers", "teachers"]);

/** Whether tokens `[a, b]` hold an organisation head word. */
function hasOrgHead(tokens: RichToken[], a: number, b: number): boolean {
  for (let k = a; k <= b; k++)
    if (ORG_HEADS.has(tokens[k]!.lemma) || ORG_HEADS.has(tokens[k]!.text.toLowerCase())) return true;
  return false;
}

/** Capitalised phrases headed by an organisation word, plus "of the Russian Academy of Sciences" tails. */
function orgPhrases(
  tokens: RichToken[],
  a: number,
  b: number,
  facts: CaseFacts,
  isPlaceName: (k: number) => boolean = () => false,
): Span[] {
  const out: Span[] = [];
  const cap = facts.capWord;
  let i = a;
  while (i < b) {
    if (cap[i] !== 1) {
      i++;
      continue;
    }
    // maximal capitalised phrase with inner function words
    let j = i;
    let lastCap = i;
    while (j + 1 < b) {
      const n = tokens[j + 1]!;
      if (n.lineStart) break;
      if (cap[j + 1] === 1) {
        j++;
        lastCap = j;
        continue;
      }
      // "the General Dockers' Union": a plural possessive inside the name
      if ((n.text === "'" || n.text === "’") && /s$/.test(tokens[j]!.text) && j + 2 < b && cap[j + 2] === 1) {
        j += 2;
        lastCap = j;
        continue;
      }
      // "the District Attorney's Office", "Children's Hospital": a title or a people's noun in the possessive
      // before an organisation head is part of the name
      if (
        /^['’]s$/u.test(n.text) &&
        j + 2 < b &&
        cap[j + 2] === 1 &&
        (ORG_HEADS.has(tokens[j + 2]!.lemma) || ORG_HEADS.has(tokens[j + 2]!.text.toLowerCase())) &&
        (canonicalTitle(tokens[j]!.text) !== null || POSSESSIVE_NAME_NOUNS.has(tokens[j]!.text.toLowerCase()))
      ) {
        j += 2;
        lastCap = j;
        continue;
      }
      // "British Library and Columbia University": an organisation head before "and" closes the first name
      // "the Central Bank of Chile and the University of Lagos": after a head, "and the" opens a second name
      const closedByHead =
        (n.lemma === "and" || n.text === "&") &&
        j > i &&
        (ORG_HEADS.has(tokens[j]!.lemma) ||
          ORG_HEADS.has(tokens[j]!.text.toLowerCase()) ||
          (j + 2 < b && tokens[j + 2]!.lemma === "the" && hasOrgHead(tokens, i, j)));
      // "the Council on Foreign Relations", "the Institute on Ageing": "on" joins only right after a head
      // (not before a day or a month: "the Ministry on Friday said")
      const onAfterHead =
        n.lemma === "on" &&
        (ORG_HEADS.has(tokens[j]!.lemma) || ORG_HEADS.has(tokens[j]!.text.toLowerCase())) &&
        !/^(?:mon|tues|wednes|thurs|fri|satur|sun)day$/iu.test(tokens[j + 2]?.text ?? "") &&
        !DATELINE_MONTH.test((tokens[j + 2]?.text ?? "").toLowerCase());
      const joiner =
        !closedByHead &&
        (n.lemma === "of" ||
          n.lemma === "for" ||
          n.lemma === "and" ||
          n.lemma === "the" ||
          n.text === "&" ||
          onAfterHead);
      // "the Security Council for Resolution 1718": a numbered document after the joiner is no part of the name
      const numbered = j + 3 < b && /^\d/.test(tokens[j + 3]!.text);
      if (
        joiner &&
        !numbered &&
        j + 2 < b &&
        (cap[j + 2] === 1 || (tokens[j + 2]!.lemma === "the" && j + 3 < b && cap[j + 3] === 1))
      ) {
        j++;
        continue;
      }
      break;
    }
    // the head ends the phrase ("Moscow State University") or opens an of/for phrase ("Ministry of …")
    let head = -1;
    for (let k = i; k <= lastCap; k++) {
      if (ORG_HEADS.has(tokens[k]!.lemma) || ORG_HEADS.has(tokens[k]!.text.toLowerCase())) {
        // "University College Dublin", "Imperial College London": a head, then the city that names it
        if (
          k === lastCap ||
          ["of", "for", "on"].includes(tokens[k + 1]!.lemma) ||
          (k + 1 === lastCap && k > i && isPlaceName(lastCap))
        ) {
          head = k;
          break;
        }
      }
    }
    // "Banco Meridional", "Grupo Andino": an institution noun that opens the name
    let opener = i;
    while (opener < lastCap && tokens[opener]!.lemma === "the") opener++;
    if (head < 0 && opener < lastCap && ORG_FIRST_WORDS.has(tokens[opener]!.text.toLowerCase())) head = opener;
    if (head >= 0 && lastCap > i) {
      // drop a leading "The" and other non-name openers
      let first = i;
      // "Mara Velsen of the Baltic Institute …": a head-less name before "of (the)" is a person, not part of the organisation
      // (not after a word of publication: "the journal Annals of the Harbour Society" is one title)
      const titled = i > a && PUBLICATION_NOUNS.has(tokens[i - 1]!.text.toLowerCase());
      for (let k = head - 1; k > i && !titled; k--) {
        if (cap[k] === 1) continue;
        if (tokens[k]!.lemma === "of" || tokens[k]!.lemma === "the") {
          let j = k;
          while (j > i && cap[j] !== 1) j--;
          let headBefore = false;
          for (let x = i; x <= j; x++)
            if (ORG_HEADS.has(tokens[x]!.lemma) || ORG_HEADS.has(tokens[x]!.text.toLowerCase())) headBefore = true;
          if (!headBefore && tokens[j + 1]!.lemma === "of") {
            first = k + 1;
            while (first < head && tokens[first]!.lemma === "the") first++;
            // two or three plain capitalised words before it: the person ("Dr. Mara Velsen of the …")
            let p0 = i;
            while (p0 < j && (NOT_NAMES.has(tokens[p0]!.lemma) || HONORIFICS.has(foldText(tokens[p0]!.text)))) p0++;
            const n = j - p0 + 1;
            let plain = n >= 2 && n <= 3;
            for (let x = p0; x <= j && plain; x++)
              if (cap[x] !== 1 || canonicalTitle(tokens[x]!.text) !== null || NOT_NAMES.has(tokens[x]!.lemma))
                plain = false;
            if (plain) out.push({ first: p0, last: j, type: "person", source: "rule", rank: 35 });
          }
        }
        break;
      }
      while (first < lastCap && (tokens[first]!.lemma === "the" || NOT_NAMES.has(tokens[first]!.lemma))) first++;
      // "Ghana and the Kenya Ports Authority": a head-less name, "and the", then the organisation
      for (let k = first + 1; k + 1 < head; k++)
        if ((tokens[k]!.lemma === "and" || tokens[k]!.text === "&") && tokens[k + 1]!.lemma === "the") first = k + 2;
      if (first < lastCap)
        out.push({ first, last: lastCap, type: "organization", source: "rule", rank: 50, headAt: head });
    }
    i = lastCap + 1;
  }
  return out;
}

/** Trims titles, articles and possessives off a span; rejects spans that are not names. */
function trimSpan(text: string, tokens: RichToken[], s: Span, words: TokenWords): Span | null {
  const lead = trimLeading(text, tokens, s, words);
  let { first } = lead;
  let { last } = s;
  while (first <= last && !/^[\p{L}\p{N}]/u.test(tokens[first]!.text)) first++;
  while (
    last >= first &&
    (tokens[last]!.text === "'s" ||
      tokens[last]!.text === "’s" ||
      !/[\p{L}\p{N}]/u.test(tokens[last]!.text) ||
      honorificWithDot(tokens, last))
  )
    last--;
  if (last < first) return null;
  if (s.type === "other") return { ...s, first, last };
  const parts = tokens.slice(first, last + 1);
  if (parts.some((t) => t.kind === "url" || t.kind === "email" || /[@/\\=[\]{}<>|#_]/.test(t.text))) return null;
  if (parts.some((t, k) => k > 0 && t.lineStart)) return null;
  if (!parts.some((t) => /^\p{Lu}/u.test(t.text))) return null;
  // a lone acronym the tagger calls a person ("members of the KVR") names a body: people are not written so
  if (s.source === "tagger" && s.type === "person" && parts.length === 1 && /^\p{Lu}{2,5}$/u.test(parts[0]!.text))
    s = { ...s, type: "organization" };
  if (s.source !== "gazetteer" && !s.phrase) {
    if (rejectsWordShape(tokens, parts, first, last, s)) return null;
    if (rejectsTaggerReading(tokens, parts, first, s, words)) return null;
    if (rejectsNameEnds(parts, s, isSentenceInitial(tokens, first))) return null;
  }
  return finishSpan(tokens, s, first, last, lead.role, lead.honorific);
}

/** "Rt.", "Hon.", "Dr." at a span's end open the next person's name ("… of Delegates Rt. Hon. K. O. Balogun"). */
function honorificWithDot(tokens: RichToken[], k: number): boolean {
  const t = tokens[k]!;
  const next = tokens[k + 1];
  return (
    HONORIFICS.has(t.text.toLowerCase().replace(/\.$/u, "")) &&
    (t.text.endsWith(".") || (next?.text === "." && next.start === t.end))
  );
}

/** What `trimSpan` strips off a span's start: the new first token, the role a title states, an honorific seen. */
interface LeadingTrim {
  first: number;
  role: Span["role"];
  honorific: boolean;
}

/** Skips leading articles, honorifics and (for tagger persons) titles, keeping the role a multi-word title states. */
function trimLeading(text: string, tokens: RichToken[], s: Span, words: TokenWords): LeadingTrim {
  let { first } = s;
  const { last } = s;
  let role = s.role;
  let honorific = false;
  // leading articles, honorifics and (for tagger persons) titles
  while (first <= last) {
    const t = tokens[first]!;
    const low = t.text.toLowerCase().replace(/\.$/, "");
    // a rank word spelled out at the start of a headed organisation phrase is part of its name ("the General
    // Workers' Union", "General Motors"): no honorific there
    if (
      HONORIFICS.has(low) &&
      s.type === "organization" &&
      s.source === "rule" &&
      s.headAt !== undefined &&
      /^\p{Lu}\p{Ll}+$/u.test(t.text)
    )
      break;
    if (HONORIFICS.has(low) && first < last) honorific = true;
    if (s.type === "person" && s.source === "tagger" && PERSON_TITLE_WORDS.has(low) && first < last) honorific = true;
    if (
      low === "the" ||
      HONORIFICS.has(low) ||
      (s.type === "person" && s.source === "tagger" && PERSON_TITLE_WORDS.has(low)) ||
      (s.source !== "gazetteer" && first < last && LEADING_FUNCTION_WORDS.has(low))
    ) {
      first++;
      continue;
    }
    // "the CEO of Hipvale": an officer's title and "of" before a body's name are no part of it
    if (
      s.type === "organization" &&
      s.source !== "gazetteer" &&
      first + 2 <= last &&
      words[first + 1] === "of" &&
      canonicalTitle(t.text) !== null &&
      !ORG_HEADS.has(words[first]!)
    ) {
      first += 2;
      continue;
    }
    if (s.type === "person" && s.source === "tagger") {
      // a multi-word title inside a tagger person span ("Foreign Minister Sergei Lavrov")
      const t = matchTitle(words, first, last);
      if (t) {
        role = role ?? {
          office: t.office,
          country: null,
          text: text.slice(tokens[first]!.start, tokens[t.end]!.end),
          spun: t.spun,
        };
        first = t.end + 1;
        continue;
      }
    }
    break;
  }
  return { first, role, honorific };
}

/** True when the words of a non-gazetteer span `[first, last]` do not look like a name or are glued to a larger string. */
function rejectsWordShape(tokens: RichToken[], parts: RichToken[], first: number, last: number, s: Span): boolean {
  if (
    parts.every(
      (t) =>
        NOT_NAMES.has(t.lemma) || NOT_NAMES.has(t.text.toLowerCase()) || NAME_FUNCTION_WORDS.has(t.text.toLowerCase()),
    )
  )
    return true;
  if (parts.length === 1 && NOT_NAMES.has(parts[0]!.text.toLowerCase())) return true;
  // every content word of a name is capitalised
  if (
    parts.some(
      (t, k) =>
        /^\p{Ll}/u.test(t.text) &&
        !NAME_FUNCTION_WORDS.has(t.text.toLowerCase()) &&
        !(s.type === "place" && k === parts.length - 1 && t.text === "peninsula"),
    )
  )
    return true;
  // a lone sentence-initial word wink does not read as a proper noun is an ordinary word
  if (parts.length === 1 && isSentenceInitial(tokens, first) && parts[0]!.pos !== "PROPN") return true;
  if (parts.length === 1 && parts[0]!.text.length < 2) return true;
  if (parts.some((t) => /\d/.test(t.text))) return true;
  // glued to a larger string ("en_EN", "…T14:34", "Rt.com"): not a name on its own
  const before = first > 0 ? tokens[first - 1]! : null;
  if (before && !parts[0]!.spaceBefore && before.sentence === parts[0]!.sentence && !/^[“"‘'(«„‹[]$/.test(before.text))
    return true;
  const after = tokens[last + 1];
  if (
    after &&
    !after.spaceBefore &&
    after.sentence === parts[0]!.sentence &&
    !/^(?:[.,;:!?)”’"'»“›\]–—]|'s|’s|n't)$/.test(after.text)
  )
    return true;
  const after2 = tokens[last + 2];
  if (after && after.text === "." && after2 && !after2.spaceBefore && /^\p{L}/u.test(after2.text)) return true; // "Rt.com"
  return false;
}

/** True when a tagger span starting at `first` reads as a common word, an office or the tail of a longer name. */
function rejectsTaggerReading(
  tokens: RichToken[],
  parts: RichToken[],
  first: number,
  s: Span,
  words: TokenWords,
): boolean {
  // a capitalised common adjective/adverb is no name ("Imperial", "Scientific", "Daily")
  // (a surname after a first name may be a word too: "Tim Ward", "Ann Young")
  if (
    s.source === "tagger" &&
    isCommonWord(parts[parts.length - 1]!.text) &&
    !(s.type === "person" && parts.length >= 2 && !isCommonWord(parts[0]!.text))
  )
    return true;
  // a lone sentence-initial dictionary noun the tagger called an organisation or place ("Commerce between …")
  if (
    s.source === "tagger" &&
    s.type !== "person" &&
    parts.length === 1 &&
    isSentenceInitial(tokens, first) &&
    isDictionaryNoun(parts[0]!.text)
  )
    return true;
  if (s.source === "tagger" && parts.some((t) => t.lemma === "and" || t.text === "&")) return true;
  // a sentence opened by an ordinary word or an interjection ("No. Keys?", "Yes Minister"), not a first name
  if (s.source === "tagger" && s.type === "person" && isSentenceInitial(tokens, first)) {
    const opener = parts[0]!.text.replace(/\.$/, "");
    if ((isCommonWord(opener) || INTERJECTIONS.has(opener.toLowerCase())) && getGender(opener, "en") === "unknown")
      return true;
  }
  // inside a title ("Minister of Defense"): the office, not an organisation
  if (s.source === "tagger") {
    for (let back = 1; back <= 3 && first - back >= 0; back++) {
      const t = matchTitle(words, first - back, Math.min(words.length, first - back + MAX_TITLE_WORDS));
      if (t && t.end >= first) return true;
    }
  }
  // the tail of a longer capitalised name ("Treaty of Friendship", "Council for Resolution"): no name alone
  if (s.source === "tagger" && first >= 2) {
    const prev = tokens[first - 1]!;
    const prev2 = tokens[first - 2]!;
    if (
      (prev.lemma === "of" || prev.lemma === "for") &&
      prev2.sentence === prev.sentence &&
      /^\p{Lu}/u.test(prev2.text) &&
      !isSentenceInitial(tokens, first - 2)
    )
      return true;
  }
  // an unknown place from the tagger needs a place cue: a locative word before it or a place head
  if (s.source === "tagger" && s.type === "place") {
    const prevWord = first > 0 ? tokens[first - 1]!.lemma : "";
    const head = parts[parts.length - 1]!.lemma;
    if (!LOCATIVE_BEFORE.has(prevWord) && !PLACE_HEADS.has(head)) return true;
  }
  // adjectives are not names ("Democratic", "East Asian", "Imperial")
  if (
    s.source === "tagger" &&
    (parts[parts.length - 1]!.pos === "ADJ" || (parts.length === 1 && parts[0]!.pos !== "PROPN"))
  )
    return true;
  return false;
}

/** True when a non-gazetteer span ends in a title or starts with a verb, pronoun or determiner. */
function rejectsNameEnds(parts: RichToken[], s: Span, initial: boolean): boolean {
  // a name does not end in a title ("Strategy Officer")
  if (s.type === "person" && canonicalTitle(parts[parts.length - 1]!.text) !== null) return true;
  // organisations do not end in a personal title ("State Council Chairman")
  if (
    s.type === "organization" &&
    canonicalTitle(parts[parts.length - 1]!.text)?.family !== undefined &&
    !ORG_HEADS.has(parts[parts.length - 1]!.lemma)
  )
    return true;
  // lower-case continuation before the span end means we cut a phrase: fine. Reject spans starting with a verb-like word
  // (a context rule's name of several words written with a capital mid-sentence keeps its verb: "Save the Children")
  const namedVerb = s.source === "rule" && s.type === "organization" && parts.length >= 2 && !initial;
  if (
    (parts[0]!.pos === "VERB" && !namedVerb) ||
    parts[0]!.pos === "AUX" ||
    parts[0]!.pos === "PRON" ||
    parts[0]!.pos === "DET"
  )
    return true;
  return false;
}

/** The trimmed span `[first, last]` with its role; an honorific makes a person of the tagger's organisation or place. */
function finishSpan(
  tokens: RichToken[],
  s: Span,
  first: number,
  last: number,
  role: Span["role"],
  honorific: boolean,
): Span {
  const out: Span = { ...s, first, last };
  if (role) out.role = role;
  // "Dr. Hana Okafor": an honorific makes a person of the tagger's organisation or place
  const before = first > 0 ? tokens[first - 1]! : null;
  if (
    before &&
    before.sentence === tokens[first]!.sentence &&
    HONORIFICS.has(before.text.toLowerCase().replace(/\.$/, ""))
  )
    honorific = true;
  // "an economist at Zaltor Securities": the employer of someone named by their work, not a place
  if (s.source === "tagger" && s.type === "place" && followsWorkerAt(tokens, first)) out.type = "organization";
  if (honorific && s.source !== "gazetteer") {
    // "Mr. Tandy", "Secretary Okonjo": a lone surname after an honorific or a title stands as a person
    if (s.type === "organization" || s.type === "place") out.type = "person";
    if (out.type === "person") out.honorific = true;
  }
  return out;
}

function isSentenceInitial(tokens: RichToken[], i: number): boolean {
  if (i === 0) return true;
  const prev = tokens[i - 1]!;
  return prev.sentence !== tokens[i]!.sentence || tokens[i]!.lineStart || /^[“"‘'(«–—-]$/.test(prev.text);
}

/**
 * The role an apposition next to a person's name states: after it ("Tim Ward, Acme's chief executive, said";
 * "Ana Ruiz, a prosecutor in Lima,"; "Li Wen, the bank's chief economist") or before it ("Acme's chief
 * executive, Tim Ward, said"). The apposition is a short noun phrase — an article, a possessive owner or a
 * demonym, a title — closed by a comma, a sentence end or a prepositional tail ("of/at/in/for X").
 */
function appositiveRole(
  tokens: RichToken[],
  first: number,
  last: number,
  words: TokenWords,
  keys: readonly string[],
): NonNullable<Span["role"]> | null {
  const sent = tokens[first]!.sentence;
  const same = (k: number): boolean => k >= 0 && k < tokens.length && tokens[k]!.sentence === sent;
  const gaz = gazetteer();
  /** Reads "[the|a|an] [Owner 's | Demonym | Capitalised words] TITLE" from k; returns the title and its end. */
  const phrase = (k: number, limit: number): { role: NonNullable<Span["role"]>; end: number } | null => {
    let i = k;
    let country: string | null = null;
    if (same(i) && /^(?:the|a|an|its|his|her|their)$/.test(words[i]!)) i++;
    // owner or qualifier before the title: "Acme 's", "the bank 's", "Russian", "Ohio"
    for (let j = i; j < Math.min(limit, i + 4) && same(j); j++) {
      if (/^(?:'s|’s)$/.test(tokens[j]!.text)) {
        i = j + 1;
        break;
      }
      if (matchTitle(words, j, limit)) break;
      if (!/^[\p{L}&.-]+$/u.test(tokens[j]!.text)) break;
    }
    let t = matchTitle(words, i, limit);
    let start = i;
    // "Acme chief executive", "Ohio state senator": up to three capitalised or qualifier words before the title
    for (let j = i; !t && j < Math.min(limit, i + 3) && same(j); j++) {
      const hit = gaz.lookup(keys[j]!)?.names.find((n) => n.entity.type === "country");
      if (hit) country = hit.entity.affiliation;
      t = matchTitle(words, j + 1, limit);
      start = j + 1;
    }
    if (!t) return null;
    if (country === null) {
      for (let j = k; j < start; j++) {
        const hit = gaz.lookup(keys[j]!)?.names.find((n) => n.entity.type === "country");
        if (hit) country = hit.entity.affiliation;
      }
    }
    const text = tokens
      .slice(start, t.end + 1)
      .map((x) => x.text)
      .join(" ");
    return { role: { office: t.office, country, text, spun: t.spun }, end: t.end };
  };
  // after the name
  if (same(last + 2) && tokens[last + 1]!.text === ",") {
    let limit = last + 2;
    while (
      same(limit) &&
      limit - last < 12 &&
      !/^[,;:()“”"]$/.test(tokens[limit]!.text) &&
      tokens[limit]!.pos !== "VERB" &&
      tokens[limit]!.pos !== "AUX"
    )
      limit++;
    const p = phrase(last + 2, limit);
    if (p) {
      // the title must close the apposition or open an of/at/in/for tail
      const after = tokens[p.end + 1];
      if (
        !after ||
        !same(p.end + 1) ||
        /^[,.;:)]$/.test(after.text) ||
        /^(?:of|at|in|for|with|to)$/.test(words[p.end + 1]!)
      )
        return p.role;
    }
  }
  // before the name: "…, Acme's chief executive, Tim Ward, said" → the phrase ends with a comma right before the name
  if (first >= 2 && same(first - 1) && tokens[first - 1]!.text === ",") {
    let from = first - 2;
    while (
      from - 1 >= 0 &&
      same(from - 1) &&
      first - from < 8 &&
      !/^[,;:()“”"]$/.test(tokens[from - 1]!.text) &&
      tokens[from - 1]!.pos !== "VERB"
    )
      from--;
    const p = phrase(from, first - 1);
    if (p && p.end === first - 2) return p.role;
  }
  return null;
}

/** A role reference: "the Russian minister", "Russia's top diplomat", "the North Korean leader". */
interface RoleRef {
  first: number;
  last: number;
  office: string;
  country: string | null;
  /** A specific office ("Foreign Minister"), not a generic one ("minister"). */
  specific: boolean;
}

function roleReferences(
  tokens: RichToken[],
  taken: Int32Array,
  words: TokenWords,
  keys: readonly string[],
  caps: Uint8Array,
): RoleRef[] {
  const out: RoleRef[] = [];
  const gaz = gazetteer();
  for (let i = 0; i < tokens.length; i++) {
    if (
      tokens[i]!.lemma !== "the" &&
      !(i + 1 < tokens.length && (tokens[i + 1]!.text === "'s" || tokens[i + 1]!.text === "’s"))
    )
      continue;
    let k = i;
    let country: string | null = null;
    if (tokens[i]!.lemma === "the") k = i + 1;
    // country part: demonym ("Russian", "North Korean") or "Russia 's"
    for (let len = 3; len >= 1 && k < tokens.length && caps[k] === 1; len--) {
      if (k + len > tokens.length) continue;
      if (tokens[k + len - 1]!.sentence !== tokens[k]!.sentence) continue;
      let key = "";
      for (let x = k; x < k + len; x++) key += keys[x];
      const hit = gaz.lookup(key);
      const c = hit?.names.find((x) => x.entity.type === "country");
      if (c) {
        country = c.entity.affiliation;
        k += len;
        if (k < tokens.length && (tokens[k]!.text === "'s" || tokens[k]!.text === "’s")) k++;
        break;
      }
    }
    if (tokens[i]!.lemma !== "the" && country === null) continue;
    // title
    let limit = k;
    while (limit < tokens.length && limit - k < MAX_TITLE_WORDS && tokens[limit]!.sentence === tokens[i]!.sentence)
      limit++;
    const best = matchTitle(words, k, limit);
    if (!best) continue;
    // a title followed by a name is not a reference ("the Russian minister Sergey Lavrov")
    const after = tokens[best.end + 1];
    if (after && /^\p{Lu}/u.test(after.text) && after.sentence === tokens[i]!.sentence) continue;
    if (after && (after.lemma === "of" || after.lemma === "'s")) continue; // "the head of …", "the minister's"
    const specific =
      !["Minister", "Leader", "Official", "Diplomat", "President", "Researcher", "Lawmaker", "Commander"].includes(
        best.office,
      ) ||
      best.office === "President" ||
      best.office === "Leader";
    if (best.office === "Researcher" || best.office === "Official" || best.office === "Lawmaker") continue;
    let free = true;
    for (let x = i; x <= best.end; x++) if (taken[x] !== -1 && tokens[x]!.lemma !== "the") free = false;
    // the demonym inside the phrase is a country mention already; a role reference may overlap it
    const first = tokens[i]!.lemma === "the" ? i : i;
    if (!free && country === null) continue;
    out.push({ first, last: best.end, office: best.office, country, specific });
    i = best.end;
  }
  return out;
}

function linkPronouns(
  tokens: RichToken[],
  sentences: Sentence[],
  mentions: LocalMention[],
  builds: Map<string, EntityBuild>,
  addMention: (first: number, last: number, key: string, via: string) => void,
): void {
  const persons = mentions
    .filter((m) => builds.get(m.entity)?.entity.type === "person")
    .sort((a, b) => a.start - b.start);
  let p = 0;
  let lastPerson: string | null = null;
  let lastPara = -1;
  const namedInPara = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const para = sentences[t.sentence]!.paragraph;
    if (para !== lastPara) {
      lastPerson = null;
      namedInPara.clear();
      lastPara = para;
    }
    while (p < persons.length && persons[p]!.start < t.start) {
      lastPerson = persons[p]!.entity;
      namedInPara.add(lastPerson);
      p++;
    }
    const low = t.lemma;
    if ((low === "he" || low === "she") && PRONOUN_PERSON.has(low) && lastPerson && namedInPara.size === 1) {
      addMention(i, i, lastPerson, "pronoun");
    }
  }
}
