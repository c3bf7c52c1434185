/**
 * English press forms of administrative divisions. Data sources name a first-level division one way
 * ("Kursk Oblast", "Kharkivska oblast", "Republic of Dagestan", "Guangdong"), while reports write
 * "the Kursk region", "Kharkiv Oblast", "Dagestan", "Guangdong province". This module derives, for every
 * division of the gazetteer, its base name and the forms built on it, so that all of them name the same
 * place — and never the city the division is named after ("the Kursk region" is not the city of Kursk).
 */
import { matchKey } from "./names.js";

/** The division word a data source puts after a name ("Oblast", "Krai", "Province"…), lower-cased. */
const DESIGNATOR =
  /^(.+?)\s+(autonomous okrug|autonomous oblast|autonomous region|oblast|oblasty|oblysy|voblast|krai|kray|region|province|prefecture|governorate|territory|okrug)$/iu;
/** "Republic of Dagestan", "Province of Ontario": the designator before the name. */
const DESIGNATOR_FIRST = /^(?:the\s+)?(?:republic|province|region|state|oblast)\s+of\s+(.+)$/iu;
/**
 * Adjectival endings of Slavic division names ("Kharkivska", "Minskaya", "Sumska"): the base is the
 * administrative centre the adjective is formed from.
 */
const SLAVIC_ADJECTIVE = /^(.+?)(?:s'?ka|skaya|skay|ska|ka|aya)$/u;
/** Generic words that must not become a base on their own ("Central Region" is not "Central province"). */
const GENERIC_BASE =
  /^(?:north|south|east|west|central|northern|southern|eastern|western|north[- ]?east|north[- ]?west|south[- ]?east|south[- ]?west|northeastern|northwestern|southeastern|southwestern|upper|lower|capital|national|federal|greater|middle|coastal|island|islands|inner|outer|autonomous|jewish)$/iu;

/** Derived names of one division. */
export interface DivisionForms {
  /** The name the press uses alone ("Kursk", "Kharkiv", "Dagestan"), or null when none can be derived. */
  base: string | null;
  /** The English name when the data's differs from it ("Kharkivska oblast" → "Kharkiv Oblast"), else null. */
  english: string | null;
  /** Forms built on the base ("Kursk region", "Kursk Oblast", "Kursk province"…), the base itself excluded. */
  forms: string[];
}

/**
 * The base name and press forms of a first-level division.
 * @param name the division's name in the data ("Kursk Oblast", "Kharkivska oblast", "Guangdong")
 * @param cities names of the country's cities, used to turn an adjectival name ("Kharkivska") into the
 *   city it is formed from ("Kharkiv"); a name with no such city keeps no base
 */
export function divisionForms(name: string, cities: readonly string[]): DivisionForms {
  let base: string | null = null;
  let designator: string | null = null;
  let english: string | null = null;
  const first = DESIGNATOR_FIRST.exec(name);
  const last = DESIGNATOR.exec(name);
  if (first) {
    base = first[1]!.trim();
  } else if (last) {
    base = last[1]!.trim();
    designator = last[2]!.toLowerCase();
    if (/^(?:oblast|oblasty|oblysy|voblast)$/u.test(designator) && /^\p{Ll}/u.test(last[2]!)) {
      // "Kharkivska oblast": the data gives the adjective; the press uses the city's name
      const city = SLAVIC_ADJECTIVE.test(base) ? cityOfAdjective(base, cities) : base;
      if (city && city !== base) english = `${city} Oblast`;
      base = city;
    }
  } else {
    base = name;
  }
  if (!base || GENERIC_BASE.test(base) || base.length < 3 || !/^\p{Lu}/u.test(base))
    return { base: null, english: null, forms: [] };
  const words = ["region", "province", "oblast"];
  if (designator === "krai" || designator === "kray") words.push("krai", "territory");
  if (designator === "prefecture") words.push("prefecture");
  if (designator === "governorate") words.push("governorate");
  if (designator === "okrug" || designator === "autonomous okrug") words.push("okrug", "autonomous okrug");
  const forms = new Set<string>();
  for (const w of words) {
    forms.add(`${base} ${w}`);
    forms.add(`${base} ${w[0]!.toUpperCase()}${w.slice(1)}`);
  }
  forms.delete(name);
  return { base, english, forms: [...forms] };
}

/**
 * The city an adjectival division name is formed from: "Kharkivska" → "Kharkiv", "Donetska" → "Donetsk",
 * "Poltavska" → "Poltava". The city sharing the longest prefix with the adjective's stem wins, if that
 * prefix covers all but at most two letters of the stem and no other city shares as much.
 */
export function cityOfAdjective(adjective: string, cities: readonly string[]): string | null {
  const m = SLAVIC_ADJECTIVE.exec(adjective);
  if (!m) return null;
  const stem = matchKey(m[1]!);
  if (stem.length < 3) return null;
  let best: string | null = null;
  let bestLen = 0;
  let tie = false;
  for (const city of cities) {
    const key = matchKey(city);
    let k = 0;
    while (k < key.length && k < stem.length && key[k] === stem[k]) k++;
    if (k < Math.max(3, stem.length - 2)) continue;
    if (k > bestLen) {
      best = city;
      bestLen = k;
      tie = false;
    } else if (k === bestLen && city !== best) tie = true;
  }
  return tie ? null : best;
}
