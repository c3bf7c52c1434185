/**
 * Organisations recognised from their context rather than from a list: a news outlet, an agency, a company or
 * a pact is often introduced by what it is ("the state news agency X", "X, the national weather agency", "the X
 * newspaper"), read through what it produces ("an X reporter", "X articles"), named as the party a source spoke
 * to ("told X that"), or written as an acronym standing on its own ("ABC said", "members of the ABC").
 * The entity layer (./ner.ts) adds these as rule candidates; the gazetteer's readings (places, countries,
 * people) always win over them.
 */
import { getGender } from "gender-detection-from-name";
import type { RichToken } from "./tokenize.js";
import { lexiconClass } from "./perceptron.js";

/** Lower-case head nouns of a noun phrase that names an institution ("agency", "newspaper", "pact"). */
export const INSTITUTION_NOUNS = new Set([
  // media
  "newspaper",
  "daily",
  "tabloid",
  "weekly",
  "magazine",
  "journal",
  "broadcaster",
  "channel",
  "network",
  "outlet",
  "website",
  "site",
  "portal",
  "agency",
  "wire",
  "newswire",
  "publication",
  "publisher",
  "radio",
  "television",
  "station",
  "newsroom",
  "blog",
  "podcast",
  "media",
  // companies
  "company",
  "firm",
  "group",
  "conglomerate",
  "corporation",
  "bank",
  "lender",
  "insurer",
  "airline",
  "carrier",
  "retailer",
  "manufacturer",
  "maker",
  "automaker",
  "carmaker",
  "chipmaker",
  "drugmaker",
  "startup",
  "start-up",
  "consultancy",
  "subsidiary",
  "operator",
  "utility",
  "developer",
  "exchange",
  "fund",
  "brokerage",
  "supermarket",
  "chain",
  "brand",
  "label",
  "studio",
  "club",
  "team",
  // public bodies, parties, groups, pacts
  "ministry",
  "department",
  "authority",
  "regulator",
  "watchdog",
  "institute",
  "university",
  "charity",
  "foundation",
  "organisation",
  "organization",
  "association",
  "federation",
  "union",
  "party",
  "movement",
  "militia",
  "gang",
  "cartel",
  "faction",
  "collective",
  "coalition",
  "alliance",
  "bloc",
  "pact",
  "partnership",
  "council",
  "commission",
  "committee",
  "court",
  "tribunal",
  "parliament",
  "assembly",
  "think-tank",
  "tank",
  "nonprofit",
  "non-profit",
  "ngo",
  "lobby",
  "body",
  "hospital",
  "clinic",
]);

/**
 * Plural institution nouns that introduce examples by name: "groups including X and Y", "lenders such as X".
 * Each name listed after the cue is an organisation. Nouns that also list people ("rivals", "competitors",
 * "parties" in court or politics: "rivals such as <two politicians>") are left out.
 */
const INSTITUTION_PLURALS = new Set([
  "groups",
  "companies",
  "firms",
  "banks",
  "lenders",
  "insurers",
  "charities",
  "unions",
  "airlines",
  "carriers",
  "retailers",
  "manufacturers",
  "makers",
  "carmakers",
  "chipmakers",
  "drugmakers",
  "broadcasters",
  "newspapers",
  "agencies",
  "organisations",
  "organizations",
  "associations",
  "clubs",
  "startups",
  "start-ups",
  "brands",
  "ngos",
]);

/**
 * "Nordvik Air and Salten Wings, two regional carriers, …": names listed before a comma and a counted institution
 * plural in apposition ("two regional carriers", "both lenders") are each an organisation.
 */
function pluralAppositionCues(scan: OrgScan, i: number): void {
  const { tokens, a, facts, lower, nameTo, push } = scan;
  if (!INSTITUTION_PLURALS.has(lower[i]!) || facts.cap[i] === 1) return;
  // in apposition: the plural closes its phrase ("two carriers, …", "two carriers serving …"), it is no subject
  // of a verb ("…, Samuel Boateng, three companies had paused …")
  const next = tokens[i + 1];
  if (
    next &&
    !/^(?:,|\.|;|that|which|based)$/.test(lower[i + 1]!) &&
    !(next.pos === "VERB" && /ing$/.test(lower[i + 1]!))
  )
    return;
  let d = i - 1;
  while (d > a && i - d <= 3 && /^\p{Ll}/u.test(tokens[d]!.text) && !/^(?:two|three|four|five|both)$/.test(lower[d]!))
    d--;
  if (!/^(?:two|three|four|five|both)$/.test(lower[d] ?? "")) return;
  if (lower[d - 1] === "the") d--;
  if (tokens[d - 1]?.text !== ",") return;
  const end = d - 2;
  const first = nameTo(end);
  if (first < 0 || first === end) return;
  let from = first;
  for (let j = first; j <= end + 1; j++)
    if (j > end || lower[j] === "and" || lower[j] === "or" || tokens[j]!.text === ",") {
      const person = j - 1 > from && getGender(tokens[from]!.text, "en") !== "unknown";
      if (j - 1 >= from && !person) push(from, j - 1, "counted");
      from = j + 1;
    }
}

/** "groups including X, Y and Z", "firms such as X or Y", "lenders like X": every listed name is an organisation. */
function exampleListCues(scan: OrgScan, i: number): void {
  const { tokens, a, b, facts, lower, nameFrom, push } = scan;
  if (!INSTITUTION_PLURALS.has(lower[i]!) || (facts.cap[i] === 1 && i !== a)) return;
  let k = i + 1;
  if (lower[k] === "including" || lower[k] === "like") k++;
  else if (lower[k] === "such" && lower[k + 1] === "as") k += 2;
  else return;
  while (k < b) {
    let last = nameFrom(k);
    if (last < 0) return;
    // the list's own "and"/"or" ends a name ("X and Y" are two)
    for (let j = k + 1; j < last; j++)
      if (lower[j] === "and" || lower[j] === "or") {
        last = j - 1;
        break;
      }
    push(k, last, "example");
    k = last + 1;
    if (tokens[k]?.text === ",") k++;
    if (lower[k] === "and" || lower[k] === "or") k++;
  }
}

/** Nouns after a name that make the name a publisher or pollster: "an X reporter", "X articles", "an X poll". */
const OUTLET_PRODUCTS = new Set([
  "reporter",
  "reporters",
  "correspondent",
  "correspondents",
  "journalist",
  "journalists",
  "editor",
  "editors",
  "columnist",
  "columnists",
  "article",
  "articles",
  "editorial",
  "editorials",
  "op-ed",
  "headline",
  "headlines",
  "broadcast",
  "broadcasts",
  "poll",
  "polls",
  "survey",
  "newsletter",
  "podcast",
  "interview",
  "interviews",
  "investigation",
  "readers",
  "viewers",
  "subscribers",
  "anchor",
  "presenter",
]);

/** What only a publication has, after its possessive: "X's newsletter", "X's editorial board". */
const OWN_PRODUCTS = new Set(["newsletter", "newsletters", "editorial", "editorials", "newsroom", "subscribers"]);
/** Verbs and phrases after which a name is who a source spoke or wrote to: "told X that", "said to X". */
const SPOKE_TO = new Set(["told", "tells", "telling", "tell", "informed", "informs"]);
/** What organisations do, after ", which": "X, which represents 300 firms", "X, which employs…". */
const ORG_ACTIVITY = new Set([
  "represents",
  "represented",
  "employs",
  "employed",
  "owns",
  "owned",
  "operates",
  "operated",
  "runs",
  "ran",
  "manufactures",
  "manufactured",
  "publishes",
  "published",
  "lobbies",
  "lobbied",
  "organises",
  "organizes",
  "organised",
  "organized",
  "funds",
  "funded",
  "manages",
  "managed",
  "supplies",
  "supplied",
  "sells",
  "sold",
  "builds",
  "built",
  "produces",
  "produced",
  "campaigns",
  "campaigned",
  "advises",
  "advised",
]);
/** Nouns and verbs of ownership before "in" + a company: "a stake in X", "invested in X", "shareholders in X". */
const STAKE_IN = new Set([
  "stake",
  "stakes",
  "shareholding",
  "shareholders",
  "investors",
  "invest",
  "invests",
  "invested",
  "investing",
  "investment",
  "investments",
]);
/** A company's traded shares: "X shares fell", "shares in X". */
const SHARES = new Set(["shares", "stock"]);
/** Verbs of a publisher after its name: "X reported that…", "X quoted a source as saying…". */
const REPORTED_BY = new Set(["reported", "reports", "quoted", "quotes", "cited", "cites"]);
/** Verbs of a publisher after a quote: "…,” writes X." */
const PUBLISHED = new Set(["writes", "wrote", "reports", "reported", "notes", "noted", "adds", "added"]);
const SPOKE_TO_PREP = new Map<string, Set<string>>([
  [
    "to",
    new Set([
      "said",
      "says",
      "explained",
      "explains",
      "spoke",
      "speaks",
      "speaking",
      "talked",
      "talking",
      "confirmed",
      "confirms",
      "described",
      "defined",
      "stated",
      "wrote",
      "admitted",
      "revealed",
    ]),
  ],
  ["with", new Set(["interview", "interviews", "conversation", "talk"])],
  [
    "by",
    new Set(["interviewed", "quoted", "cited", "reported", "published", "obtained", "seen", "broadcast", "aired"]),
  ],
]);

/**
 * Legal-form abbreviations written before a quoted company name in Russian, Ukrainian and other post-Soviet
 * usage and its English renderings: OOO „X“, JSC "X", PJSC «X».
 */
const LEGAL_FORMS = new Set([
  "OOO",
  "OAO",
  "ZAO",
  "PAO",
  "AO",
  "ANO",
  "NPO",
  "GUP",
  "FGUP",
  "FSUE",
  "FGBU",
  "MUP",
  "TOV",
  "PJSC",
  "OJSC",
  "CJSC",
  "JSC",
  "LLC",
]);
const OPEN_QUOTES = new Set(["„", "«", "“", '"', "‹", "‘"]);
const CLOSE_QUOTES = new Set(["“", "»", "”", '"', "›", "’"]);
/** Portfolios of a government ministry, as the press writes them in lower case after a demonym. */
export const PORTFOLIOS = new Set([
  "foreign",
  "defence",
  "defense",
  "interior",
  "finance",
  "economy",
  "justice",
  "health",
  "education",
  "agriculture",
  "energy",
  "trade",
  "culture",
  "transport",
  "emergencies",
  "environment",
  "labour",
  "labor",
  "information",
]);

/** Verbs between an institution noun and the name it goes by: "a group called …", "a firm known as …". */
const NAMING_VERBS = new Set(["called", "named", "dubbed", "known", "calling"]);
/** Verbs of a publication written in quotation marks as the subject: “X” reports, “X” writes. */
const QUOTED_PUBLISHER_VERBS = new Set([
  "writes",
  "wrote",
  "reports",
  "reported",
  "notes",
  "noted",
  "says",
  "said",
  "claims",
  "claimed",
  "calls",
  "called",
  "argues",
  "argued",
  "cites",
  "cited",
  "publishes",
  "published",
  "quotes",
  "quoted",
  "learned",
  "learnt",
  "describes",
  "described",
]);

/** What a context rule finds: an organisation over tokens `[first, last]`. */
export interface ContextOrg {
  first: number;
  last: number;
  /** Which context said so ("apposition", "modifier", "product", "spoke-to", "acronym"). */
  cue: string;
}

/** Word facts the rules read (from ./ner.ts). */
export interface ContextFacts {
  /** Starts with an upper-case letter. */
  cap: Uint8Array;
  /** Has 2+ letters, all upper-case. */
  allCaps: Uint8Array;
  /** Lower-cased texts. */
  lower: string[];
}

const CALENDAR =
  /^(?:mon|tues|wednes|thurs|fri|satur|sun)day$|^(?:january|february|march|april|may|june|july|august|september|october|november|december)$/;
const DETERMINERS = new Set(["the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "another"]);
const CONNECTORS = new Set(["of", "for", "and", "&", "de", "du", "des", "la", "le", "el", "al", "von", "van"]);
const CLOSERS = new Set([
  ",",
  ".",
  ";",
  ":",
  ")",
  "(",
  "–",
  "—",
  "-",
  "!",
  "?",
  "said",
  "says",
  "reported",
  "reports",
  "which",
  "that",
  "who",
  "and",
  "on",
  "in",
  "has",
  "had",
  "is",
  "was",
  "will",
]);

/**
 * Organisations named by their context in the sentence `[a, b)`.
 * @param tokens document tokens
 * @param facts word facts per document token
 * @param isOther true when the gazetteer reads tokens `[first, last]` as a person, place or country (those win)
 */
export function contextOrganisations(
  tokens: readonly RichToken[],
  a: number,
  b: number,
  facts: ContextFacts,
  isOther: (first: number, last: number) => boolean,
): ContextOrg[] {
  const out: ContextOrg[] = [];
  const lower = facts.lower;
  const isName = (i: number): boolean =>
    i >= a &&
    i < b &&
    facts.cap[i] === 1 &&
    /^\p{Lu}[\p{L}\p{N}'’.&-]*$/u.test(tokens[i]!.text) &&
    (i === a || !tokens[i]!.lineStart);
  /**
   * A lower-case "the" inside a name, after a capitalised word or a connector and before a capitalised word: "Save
   * the Children", "Friends of the Earth" (j is the "the", or the connector before it).
   */
  const innerThe = (j: number): boolean =>
    (lower[j] === "the" && tokens[j]!.text === "the" && isName(j + 1) && isName(j - 1)) ||
    (CONNECTORS.has(lower[j]!) && tokens[j + 1]?.text === "the" && isName(j + 2));
  /** The capitalised name starting at i (connectors allowed inside), as its last token, or -1. */
  const nameFrom = (i: number): number => {
    if (!isName(i)) return -1;
    let last = i;
    let j = i + 1;
    while (j < b && j - i < 7) {
      if (isName(j)) last = j;
      else if (innerThe(j)) j += lower[j] === "the" ? 0 : 1;
      else if (!(CONNECTORS.has(lower[j]!) && isName(j + 1))) break;
      j++;
    }
    return last;
  };
  /** The capitalised name ending at i, as its first token, or -1. */
  const nameTo = (i: number): number => {
    if (!isName(i)) return -1;
    let first = i;
    let j = i - 1;
    while (j >= a && i - j < 7) {
      if (isName(j)) first = j;
      else if (!(CONNECTORS.has(lower[j]!) && isName(j - 1))) break;
      j--;
    }
    return first;
  };
  const push = (first: number, last: number, cue: string): void => {
    if (first < 0 || last < first || isOther(first, last)) return;
    // "a Dubai-based consultancy", "the Kremlin-backed daily": a modifier, not a name
    if (/-\p{Ll}+$/u.test(tokens[last]!.text)) return;
    // "the agency Monday said": dates are no names
    if (first === last && CALENDAR.test(lower[first]!)) return;
    // a sentence-initial capitalised word alone is no evidence
    if (first === a && last === first && lexiconClass(lower[first]!) === "L" && facts.allCaps[first] !== 1) return;
    if (!out.some((o) => o.first === first && o.last === last)) out.push({ first, last, cue });
  };
  const scan: OrgScan = { tokens, a, b, facts, lower, nameFrom, nameTo, push };
  for (let i = a; i < b; i++) {
    institutionCues(scan, i);
    quoteCues(scan, i);
    bodyCues(scan, i);
    acronymCue(scan, i);
    quotedNameCues(scan, i);
    exampleListCues(scan, i);
    pluralAppositionCues(scan, i);
  }
  return out;
}

/** The sentence `[a, b)` that `contextOrganisations` scans, its name finders and the sink for organisations found. */
interface OrgScan {
  tokens: readonly RichToken[];
  a: number;
  b: number;
  facts: ContextFacts;
  lower: string[];
  /** The capitalised name starting at i, as its last token, or -1. */
  nameFrom: (i: number) => number;
  /** The capitalised name ending at i, as its first token, or -1. */
  nameTo: (i: number) => number;
  /** Records `[first, last]` as an organisation named by `cue`, unless it is no name. */
  push: (first: number, last: number, cue: string) => void;
}

/** Cues around an institution noun at `i`: a name in apposition after or before it, or modifying it. */
function institutionCues(scan: OrgScan, i: number): void {
  const { tokens, a, b, facts, lower, nameFrom, nameTo, push } = scan;
  const w = lower[i]!;
  if (INSTITUTION_NOUNS.has(w) && facts.cap[i] !== 1) {
    // "the state news agency X", "Chile's biggest daily, X" (the noun phrase opens with a determiner,
    // a possessive or a modifier run starting the clause)
    const comma = tokens[i + 1]?.text === ",";
    const at = comma ? i + 2 : i + 1;
    const last = nameFrom(at);
    if (last >= 0 && hasDeterminer(tokens, lower, a, i) && (!comma || last + 1 >= b || CLOSERS.has(lower[last + 1]!)))
      push(at, last, "apposition");
    // "the X newspaper", "the X news agency": a name right before the noun phrase (up to two lower-case words between)
    let k = i - 1;
    while (k > a && i - k <= 2 && /^[\p{Ll}-]+$/u.test(tokens[k]!.text) && !DETERMINERS.has(lower[k]!)) k--;
    let first = nameTo(k);
    // "The Voice of Lagos news agency said": a sentence-opening article is no part of the name
    if (first === a && first < k && DETERMINERS.has(lower[first]!)) first++;
    // "at Mulvani hospital": a hospital or clinic is named without an article after a preposition
    const bareCare = (w === "hospital" || w === "clinic") && k === i - 1 && tokens[first - 1]?.pos === "ADP";
    if (first > a && (DETERMINERS.has(lower[first - 1]!) || /^(?:'s|’s)$/.test(tokens[first - 1]!.text) || bareCare))
      push(first, k, "modifier");
    // "X, the national weather agency," / "X, China's official news agency": apposition after the name
    if (i + 1 >= b || CLOSERS.has(lower[i + 1]!)) {
      let d = i - 1;
      while (d > a && i - d <= 6 && tokens[d]!.text !== ",") d--;
      const opener = d + 1 < i ? d + 1 : -1;
      // the noun heads the apposition: no preposition or verb inside ("X, a fellow at the institute," is a person)
      let simple = true;
      for (let k = d + 1; k < i; k++)
        if (/^(?:ADP|VERB|AUX|PRON|SCONJ|CCONJ)$/.test(tokens[k]!.pos) && !/^(?:'s|’s)$/.test(tokens[k]!.text))
          simple = false;
      const opens =
        opener > 0 && simple && (DETERMINERS.has(lower[opener]!) || /^(?:'s|’s)$/.test(tokens[opener + 1]?.text ?? ""));
      if (d > a && tokens[d]!.text === "," && opens) {
        const nameFirst = nameTo(d - 1);
        if (nameFirst >= 0) push(nameFirst, d - 1, "apposition");
      }
    }
  }
}

/** Cues of a publisher at `i`: an outlet product ("an X reporter"), someone spoken to, a quote printed by it. */
function quoteCues(scan: OrgScan, i: number): void {
  const { tokens, a, b, facts, lower, nameFrom, nameTo, push } = scan;
  const w = lower[i]!;
  const t = tokens[i]!;
  // "an X reporter", "X articles", "an X poll"
  if (OUTLET_PRODUCTS.has(w) && facts.cap[i] !== 1) {
    let first = nameTo(i - 1);
    // "All Halden Review articles…", "Many Vantor readers…": a capitalised word opening the clause is no part of the name
    while (
      first >= 0 &&
      first < i - 1 &&
      (first === a || tokens[first]!.lineStart) &&
      lexiconClass(lower[first]!) === "L" &&
      facts.allCaps[first] !== 1
    )
      first++;
    if (first >= 0 && (first === a || !/^(?:'s|’s)$/.test(tokens[first - 1]?.text ?? "")))
      push(first, i - 1, "product");
  }
  // "the Halden Review's newsletter", "Vantor’s Daily Newsletter": a publication's own product after its possessive
  if (OWN_PRODUCTS.has(w)) {
    let k = i - 1;
    if (/^(?:daily|weekly|monthly|morning|evening|breaking)$/.test(lower[k] ?? "")) k--;
    if (k > a && /^(?:'s|’s)$/.test(tokens[k]!.text)) {
      const first = nameTo(k - 1);
      if (first >= 0 && first <= k - 1) push(first, k - 1, "product");
    }
  }
  // "told X that", "explained to X:", "in an interview with X"
  const spoke = SPOKE_TO.has(w) || (SPOKE_TO_PREP.get(w)?.has(lower[i - 1] ?? "") === true && i > a);
  if (spoke && t.text === w) {
    const at = tokens[i + 1]?.text.toLowerCase() === "the" ? i + 2 : i + 1;
    const last = nameFrom(at);
    if (
      last === at &&
      (last + 1 >= b || /^(?:that|:|,|\.|on|in|about|last|this)$/.test(lower[last + 1]!)) &&
      looksLikeOutlet(tokens[at]!.text, lower[at]!, tokens)
    )
      push(at, last, "spoke-to");
  }
  // ", Korvana reported." / "Velstra reported that…" / "According to Tarnex, …": a one-word name that reports or is
  // cited is a publisher, unless the document names someone with it as a surname
  if (REPORTED_BY.has(w) && i > a && t.text === w) {
    const first = nameTo(i - 1);
    const opens = first === a || (first > a && /^[,;(]$/.test(tokens[first - 1]!.text));
    const after = lower[i + 1] ?? ".";
    if (
      first === i - 1 &&
      opens &&
      /^(?:that|on|late|earlier|last|this|,|\.|;|:|\)|a|an)$/.test(after) &&
      looksLikeOutlet(tokens[first]!.text, lower[first]!, tokens) &&
      !namedAsSurname(tokens[first]!.text, tokens)
    )
      push(first, first, "reported");
  }
  if (w === "according" && lower[i + 1] === "to") {
    const at = i + 2;
    const last = nameFrom(at);
    if (
      last === at &&
      (last + 1 >= b || /^[,.;]$/.test(tokens[last + 1]!.text)) &&
      looksLikeOutlet(tokens[at]!.text, lower[at]!, tokens) &&
      !namedAsSurname(tokens[at]!.text, tokens)
    )
      push(at, at, "according-to");
  }
  // "reported in The Lancet", "told The Meridian": a capitalised article inside a running sentence opens a title
  // (a publication; the gazetteer's places such as "The Hague" win over it)
  if (t.text === "The" && i > a + 1 && /^\p{Ll}+$/u.test(tokens[i - 1]!.text) && !tokens[i]!.lineStart) {
    const last = nameFrom(i + 1);
    // "grew up in The Bronx", "a house near The Woodlands": after a preposition of place the article is part of a
    // place's name, unless something was written or said there ("an op-ed in The Meridian", "wrote in The X")
    const placed = LOCATIVE_PREPOSITIONS.has(lower[i - 1]!) && !publishedBefore(lower, a, i - 1);
    if (last >= i + 1 && last - i <= 3 && !placed) push(i + 1, last, "title");
  }
  // "…,” writes X." / "…, reported X.": a publisher after the quote it printed
  if (PUBLISHED.has(w) && i > a && /^[,”"’]$/.test(tokens[i - 1]!.text)) {
    const last = nameFrom(i + 1);
    if (
      last === i + 1 &&
      (last + 1 >= b || /^[.,;]$/.test(tokens[last + 1]!.text)) &&
      looksLikeOutlet(tokens[last]!.text, lower[last]!, tokens)
    )
      push(last, last, "published");
  }
}

/** Prepositions of place before "The X" ("in The Bronx", "from The Hague"); ner.ts reads them too. */
export const LOCATIVE_PREPOSITIONS = new Set([
  "in",
  "from",
  "near",
  "across",
  "around",
  "outside",
  "inside",
  "into",
  "throughout",
  "to",
  "at",
]);

/**
 * Words before "in The X" that make X a publication: writing and print ("wrote in", "an op-ed in", "published in").
 * Speech is no cue: "said in The Hague" is where it was said.
 */
const PUBLISHED_IN = new Set([
  "wrote",
  "writes",
  "written",
  "writing",
  "published",
  "printed",
  "reported",
  "quoted",
  "cited",
  "appeared",
  "article",
  "articles",
  "op-ed",
  "column",
  "columns",
  "essay",
  "editorial",
  "interview",
  "letter",
  "piece",
  "story",
  "stories",
  "report",
  "study",
  "paper",
  "ad",
  "advertisement",
  "review",
  "obituary",
  "headline",
  "poll",
  "survey",
]);

/** Whether a word of writing or print stands within five words before `at` in the sentence starting at `a`. */
function publishedBefore(lower: readonly string[], a: number, at: number): boolean {
  for (let k = at - 1; k >= a && at - k <= 5; k--) if (PUBLISHED_IN.has(lower[k]!)) return true;
  return false;
}

/** Spokesperson nouns: "the party's housing spokeswoman". */
const SPOKESPERSONS = new Set(["spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen", "spokeswomen"]);
/** Areas a party's spokesperson covers: the ministries' portfolios and other policy areas. */
const PORTFOLIOS_OR_AREAS = new Set([
  ...PORTFOLIOS,
  "housing",
  "immigration",
  "climate",
  "treasury",
  "policing",
  "welfare",
  "pensions",
  "employment",
]);

/** Cues of a body at `i`: a name that acts as an organisation ("X, which represents …") or owns the address at `i`. */
function bodyCues(scan: OrgScan, i: number): void {
  const { tokens, a, lower, nameTo, push } = scan;
  const w = lower[i]!;
  const t = tokens[i]!;
  // "Brightwell shares fell", "shares in Corvala rose", "shares of Tamsin Group": a listed company
  // (a word the document also writes as the start of a longer name is that name's short form: linked later)
  const shortForm = (k: number): boolean =>
    tokens.some(
      (x, j) =>
        x.text === tokens[k]!.text &&
        /^\p{Lu}/u.test(tokens[j + 1]?.text ?? "") &&
        j + 1 < tokens.length &&
        tokens[j + 1]!.sentence === x.sentence,
    );
  if (SHARES.has(w) && (t.text === w || i === a)) {
    const first = nameTo(i - 1);
    const verb = tokens[i + 1];
    if (
      first >= 0 &&
      verb !== undefined &&
      /^(?:VERB|AUX)$/.test(verb.pos) &&
      !/^(?:'s|’s)$/.test(tokens[first - 1]?.text ?? "")
    )
      if (first < i - 1 || !shortForm(first)) push(first, i - 1, "shares");
    if (lower[i + 1] === "in" || lower[i + 1] === "of") {
      const last = scan.nameFrom(i + 2);
      if (last >= 0 && (last > i + 2 || !shortForm(i + 2))) push(i + 2, last, "shares");
    }
  }
  // "a stake in Corvala", "invested in Brightwell", "shareholders in Tamsin": a company, not a place (a place or
  // country the gazetteer lists stays one: "invested in Kenya")
  if (STAKE_IN.has(w) && (t.text === w || i === a) && lower[i + 1] === "in") {
    const last = scan.nameFrom(i + 2);
    if (last >= 0 && (last > i + 2 || !shortForm(i + 2))) push(i + 2, last, "stake");
  }
  // "Sinn Féin's housing spokeswoman", "the Greens' finance spokesman": a party's spokesperson for a portfolio
  // (a person's spokesman has no portfolio: "the president's spokesman")
  if (
    SPOKESPERSONS.has(w) &&
    i - 2 > a &&
    PORTFOLIOS_OR_AREAS.has(lower[i - 1]!) &&
    /^(?:'s|’s|'|’)$/.test(tokens[i - 2]!.text)
  ) {
    const first = nameTo(i - 3);
    if (first >= 0) push(first, i - 3, "portfolio-spokesperson");
  }
  // "X, which represents manufacturers": a body that acts as an organisation
  if (w === "which" && tokens[i - 1]?.text === "," && ORG_ACTIVITY.has(lower[i + 1] ?? "")) {
    const first = nameTo(i - 2);
    if (first >= 0) push(first, i - 2, "activity");
  }
  // "Acme Courier news@acmecourier.com": a name right before an address of its own domain is that publisher
  if ((t.kind === "email" || t.kind === "url") && i > a) {
    const stem = (/@([^.]+)\./.exec(w) ?? /^(?:https?:\/\/)?(?:www\.)?([^./]+)\./.exec(w))?.[1] ?? "";
    const first = nameTo(i - 1);
    if (
      first >= 0 &&
      stem.length >= 4 &&
      stem.startsWith(lower[first]!.replace(/[^\p{L}\p{N}]/gu, "")) &&
      lower[first]!.length >= 3
    )
      push(first, i - 1, "address");
  }
}

/** Cue of an acronym standing on its own at `i`: "ABC said", "members of the ABC", "joined ABC". */
function acronymCue(scan: OrgScan, i: number): void {
  const { tokens, a, b, facts, lower, push } = scan;
  const w = lower[i]!;
  const t = tokens[i]!;
  // an acronym standing on its own: "ABC said", "members of the ABC", "joined ABC"
  if (
    facts.allCaps[i] === 1 &&
    /^\p{Lu}{2,6}$/u.test(t.text) &&
    lexiconClass(w) === "N" &&
    !(facts.allCaps[i - 1] === 1 || facts.allCaps[i + 1] === 1)
  ) {
    const next = tokens[i + 1];
    const prev = lower[i - 1] ?? "";
    const subject =
      next !== undefined &&
      i + 1 < b &&
      (next.pos === "VERB" || next.pos === "AUX") &&
      (i === a || !/^(?:NOUN|ADJ|PROPN)$/.test(tokens[i - 1]!.pos));
    const standalone = i + 1 >= b || /^(?:PUNCT|ADP|CCONJ|VERB|AUX)$/.test(next!.pos);
    const object =
      standalone &&
      (prev === "the" || /^(?:join|joins|joined|joining|of|by|with|from|at)$/.test(prev)) &&
      !/^(?:during|since|after|before|amid)$/.test(lower[i - 2] ?? "");
    if (subject || object) push(i, i, "acronym");
  }
}

/** A determiner or possessive opens the noun phrase ending at `head` within four words ("the state news agency"). */
function hasDeterminer(tokens: readonly RichToken[], lower: readonly string[], a: number, head: number): boolean {
  for (let k = head - 1; k >= a && head - k <= 5; k--) {
    const w = lower[k]!;
    if (DETERMINERS.has(w) || /^(?:'s|’s)$/.test(tokens[k]!.text)) return true;
    if (/^[,.;:()]$/.test(w)) return false;
  }
  // "state broadcaster X said": a clause-initial modifier run
  return (
    head - 1 >= a &&
    /^(?:state|state-run|state-owned|official|national|public|private|local|regional|independent|online)$/.test(
      lower[head - 1]!,
    )
  );
}

/**
 * A one-word name a source speaks to that is no one's first name and no common word ("told Vantor that").
 * A name with a surname's ending ("-son", "-berg") is an outlet only when the document also prints it in
 * quotation marks as a title ("“Kallberg” reports"), the way translated press writes publications, and never
 * after a first name or an honorific.
 */
/** Whether the document writes `text` after another capitalised word, as the surname of a full name ("Ana Tarnex"). */
function namedAsSurname(text: string, tokens: readonly RichToken[]): boolean {
  for (let j = 1; j < tokens.length; j++) {
    if (tokens[j]!.text !== text) continue;
    const prev = tokens[j - 1]!;
    // "Grace Tarnex", "Dr. Tarnex" (not "The Tarnex report", "In Tarnex")
    if (
      prev.sentence === tokens[j]!.sentence &&
      /^\p{Lu}\p{Ll}*\.?$/u.test(prev.text) &&
      !/^(?:DET|ADP|PRON|CCONJ|SCONJ|AUX|VERB)$/.test(prev.pos)
    )
      return true;
  }
  return false;
}

function looksLikeOutlet(text: string, lower: string, tokens: readonly RichToken[]): boolean {
  if (/^\p{Lu}{2,6}$/u.test(text)) return true;
  // no dictionary word, nobody's first name
  if (lexiconClass(lower) !== "N" || getGender(text, "en") !== "unknown") return false;
  if (!/(?:son|sen|ez|ov|ova|ev|eva|ski|sky|er|ssen|stein|berg|man|ton)$/.test(lower)) return true;
  let quoted = false;
  for (let j = 1; j < tokens.length; j++) {
    if (tokens[j]!.text !== text) continue;
    const prev = tokens[j - 1]!.text;
    if (
      /^(?:Mr|Mrs|Ms|Dr|Prof|Sir|Lady)\.?$/.test(prev) ||
      (/^\p{Lu}\p{Ll}+$/u.test(prev) && getGender(prev, "en") !== "unknown")
    )
      return false;
    if (OPEN_QUOTES.has(prev) && CLOSE_QUOTES.has(tokens[j + 1]?.text ?? "")) quoted = true;
  }
  return quoted;
}

/**
 * Cues of a name in quotation marks at `i` (an opening quote): after a legal form ("OOO „Velmar Press“",
 * "JSC "Arkan Rail"") it is a company; as the subject of a publisher's verb ("“Tellurian” reports") a publication.
 */
function quotedNameCues(scan: OrgScan, i: number): void {
  const { tokens, a, b, facts, lower, push } = scan;
  if (!OPEN_QUOTES.has(tokens[i]!.text)) return;
  let close = i + 1;
  while (close < b && close - i <= 6 && !CLOSE_QUOTES.has(tokens[close]!.text)) close++;
  if (close >= b || close === i + 1 || close - i > 6 || !CLOSE_QUOTES.has(tokens[close]!.text)) return;
  const first = i + 1;
  const last = close - 1;
  if (facts.cap[first] !== 1 || facts.cap[last] !== 1) return;
  for (let k = first; k <= last; k++)
    if (facts.cap[k] !== 1 && !CONNECTORS.has(lower[k]!) && !/^[-&]$/.test(tokens[k]!.text)) return;
  if (i > a && LEGAL_FORMS.has(tokens[i - 1]!.text)) {
    push(first, last, "legal-form");
    return;
  }
  // "a group called “Black Lantern”", "a charity known as “Open Hands”": the name an institution goes by
  let n = i - 1;
  if (n > a && lower[n] === "as" && lower[n - 1] === "known") n--;
  if (n > a && NAMING_VERBS.has(lower[n]!) && INSTITUTION_NOUNS.has(lower[n - 1]!) && facts.cap[n - 1] !== 1) {
    push(first, last, "named-group");
    return;
  }
  // “Tellurian” reports…: one or two words, no dictionary word alone ("“Freedom” says little")
  if (
    close + 1 < b &&
    QUOTED_PUBLISHER_VERBS.has(lower[close + 1]!) &&
    last - first <= 2 &&
    (first < last || lexiconClass(lower[first]!) === "N") &&
    tokens[close + 1]!.text === lower[close + 1] &&
    (i === a || /^(?:[,.;:]|and|but|while|as)$/.test(lower[i - 1]!))
  )
    push(first, last, "quoted-publisher");
}
