/**
 * Name normalisation: the keys under which surface forms are compared.
 *
 * Two levels, deliberately separate:
 * - {@link matchKey}: case-, diacritic-, hyphen- and space-insensitive ("Kim Jong-un" = "Kim Jong Un"),
 *   used for gazetteer look-up. It never equates different spellings.
 * - {@link translitKey}: additionally folds common romanisation variants name part by name part
 *   (Sergey/Sergei, Choi/Choe, Dmitry/Dmitri), used to merge unknown people across documents. Parts are
 *   compared whole, so Kim Jong Un and Kim Jong Il never meet (unlike a Jaro–Winkler threshold).
 */

/** Honorifics and forms of address dropped from the front of a person's name. */
export const HONORIFICS = new Set([
  "mr",
  "mrs",
  "ms",
  "miss",
  "dr",
  "prof",
  "professor",
  "sir",
  "comrade",
  "madam",
  "lord",
  "lady",
  "gen",
  "general",
  "col",
  "colonel",
  "lt",
  "sgt",
  "adm",
  "admiral",
  "marshal",
  "rev",
  "hon",
  "rt",
]);

/** Lower-case, strip diacritics and punctuation, collapse spaces and hyphens. */
export function foldText(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .replace(/[’‘`´]/g, "'")
    .toLowerCase()
    .replace(/'s$/, "")
    .replace(/[^\p{L}\p{N}' ]+/gu, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Key for exact gazetteer look-up: folded, with spaces, hyphens and dots removed.
 * @example matchKey("Lee Jae-myung") === matchKey("Lee Jae Myung") // same key
 */
export function matchKey(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/ł/g, "l")
    .replace(/Ł/g, "L")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Romanisation variants of one name part, folded to one spelling (longest patterns first). */
const PART_RULES: Array<[RegExp, string]> = [
  [/^choi$/, "choe"],
  [/^ri$/, "lee"],
  [/^rhee$/, "lee"],
  [/^yi$/, "lee"],
  [/^pak$/, "park"],
  [/^yun$/, "yoon"],
  [/^mun$/, "moon"],
  [/^aleksandr$/, "alexander"],
  [/^alexandr$/, "alexander"],
  [/^aleksei$|^alexei$|^alexey$|^aleksey$/, "alexey"],
  [/^yury$|^yuri$|^yuriy$|^iurii$/, "yury"],
  [/^andrei$|^andrey$/, "andrey"],
  [/^mariya$/, "maria"],
  [/^dmitri$|^dmitriy$|^dmitrii$/, "dmitry"],
  [/^zelenskyy$|^zelenskiy$|^zelenskii$/, "zelensky"],
  [/^(\p{L}+)ii$/u, "$1y"],
  [/^(\p{L}{3,})ei$/u, "$1ey"], // Sergei → Sergey, Matvei → Matvey
  [/^(\p{L}{3,})iy$/u, "$1y"],
];

/** Folds one name part's romanisation. */
export function foldPart(part: string): string {
  for (const [re, to] of PART_RULES) if (re.test(part)) return part.replace(re, to);
  return part;
}

/**
 * Key that merges transliteration variants part by part: "Sergei Lavrov" and "Sergey Lavrov" share it,
 * "Choi Son-hui" and "Choe Son Hui" share it; "Kim Jong Un" and "Kim Jong Il" do not.
 * Hyphenated Korean given names are joined ("Son-hui" → "sonhui") so spacing variants agree.
 */
export function translitKey(name: string): string {
  const parts = foldText(name.replace(/(\p{L})-(\p{L})/gu, "$1$2"))
    .split(" ")
    .filter((p) => p.length > 0 && !HONORIFICS.has(p));
  const folded = parts.map(foldPart);
  // Korean given names are written as one word, hyphenated or spaced: "Son-hui" = "Son Hui"
  if (folded.length >= 3 && SURNAME_FIRST.has(folded[0]!)) return `${folded[0]} ${folded.slice(1).join("")}`;
  return folded.join(" ");
}

/** Lower-case particles inside a person's name, between given name and surname ("de", "van der", "bin"). */
export const SURNAME_PARTICLES = new Set([
  "de",
  "da",
  "das",
  "do",
  "dos",
  "du",
  "del",
  "della",
  "di",
  "la",
  "le",
  "van",
  "von",
  "der",
  "den",
  "ter",
  "ten",
  "bin",
  "ibn",
  "al",
  "el",
]);

/** East Asian family names written first ("Kim Jong Un": surname Kim). */
const SURNAME_FIRST = new Set([
  "kim",
  "choe",
  "choi",
  "pak",
  "park",
  "ri",
  "lee",
  "li",
  "yi",
  "jang",
  "jong",
  "kang",
  "ko",
  "yoon",
  "yun",
  "moon",
  "mun",
  "cho",
  "han",
  "shin",
  "xi",
  "wang",
  "zhang",
  "liu",
  "chen",
  "yang",
  "zhao",
  "huang",
  "zhou",
  "wu",
  "hu",
  "sun",
  "ma",
  "guo",
  "he",
  "lin",
  "qin",
  "no",
  "ro",
  "o",
  "hyon",
  "thae",
]);

/** Generational suffixes after a surname ("Jr.", "Sr"); a numeral only after two names ("John Ames III", not "Elizabeth II"). */
const GENERATIONAL = /^(?:jr|sr)\.?,?$/iu;
const GENERATION_NUMERAL = /^(?:ii|iii|iv)\.?,?$/iu;

/**
 * The family name of a person's name: first part for East Asian names ("Kim Jong Un" → "Kim",
 * "Li Haidong" → "Li"), last part otherwise ("Sergey Lavrov" → "Lavrov").
 */
export function surnameOf(name: string): string {
  const parts = name
    .replace(/[’']s$/, "")
    .split(/\s+/)
    .filter((p) => p.length > 0 && !HONORIFICS.has(foldText(p)));
  // a generational suffix is no surname: "Kennedy" in "James P. Kennedy Jr."
  while (
    (parts.length >= 2 && GENERATIONAL.test(parts[parts.length - 1]!)) ||
    (parts.length >= 3 && GENERATION_NUMERAL.test(parts[parts.length - 1]!))
  )
    parts.pop();
  if (parts.length === 0) return name;
  if (parts.length >= 2 && SURNAME_FIRST.has(foldText(parts[0]!)) && /^\p{Lu}/u.test(parts[1]!)) {
    // "Kim Jong Un", "Li Haidong", but not "Ho Chi Minh"-style ambiguity: good enough for news
    return parts[0]!;
  }
  return parts[parts.length - 1]!;
}
