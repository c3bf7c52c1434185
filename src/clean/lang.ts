/**
 * Language of a document: franc-min's trigram guess (82 languages), mapped to ISO 639-1 where one
 * exists; `und` when the text is too short to tell. A language the page declares (`<html lang>`) is
 * used when the text is too short, and breaks near-ties between closely related languages.
 */
import { franc, francAll } from "franc-min";

/** ISO 639-3 (franc's codes, including macrolanguage members) → ISO 639-1. */
const ISO3_TO_1: Record<string, string> = {
  eng: "en",
  rus: "ru",
  ukr: "uk",
  bel: "be",
  bul: "bg",
  deu: "de",
  fra: "fr",
  spa: "es",
  por: "pt",
  ita: "it",
  nld: "nl",
  pol: "pl",
  ces: "cs",
  slk: "sk",
  hun: "hu",
  ron: "ro",
  swe: "sv",
  tur: "tr",
  ell: "el",
  jpn: "ja",
  kor: "ko",
  cmn: "zh",
  arb: "ar",
  pes: "fa",
  urd: "ur",
  hin: "hi",
  ben: "bn",
  tam: "ta",
  tel: "te",
  mar: "mr",
  guj: "gu",
  kan: "kn",
  mal: "ml",
  pan: "pa",
  npi: "ne",
  tha: "th",
  vie: "vi",
  ind: "id",
  zlm: "ms",
  tgl: "tl",
  swh: "sw",
  hau: "ha",
  yor: "yo",
  ibo: "ig",
  zul: "zu",
  som: "so",
  amh: "am",
  kaz: "kk",
  uzn: "uz",
  azj: "az",
  hrv: "hr",
  srp: "sr",
  bos: "bs",
  slv: "sl",
  lit: "lt",
  lav: "lv",
  est: "et",
  fin: "fi",
  dan: "da",
  nob: "nb",
  heb: "he",
  mya: "my",
  sin: "si",
  jav: "jv",
  sun: "su",
  kin: "rw",
  nya: "ny",
  run: "rn",
  lin: "ln",
  ckb: "ku",
  plt: "mg",
  ceb: "ceb",
};

/** Minimum letters franc needs before its guess means anything. */
const MIN_LETTERS = 40;

/**
 * Maps an ISO 639-3 code to ISO 639-1 when one exists, else returns it unchanged.
 * @example toIso6391("rus") // "ru"
 */
export function toIso6391(code: string): string {
  return ISO3_TO_1[code] ?? code;
}

/** Primary subtag of a declared language (`en-GB` → `en`, `ru_RU` → `ru`), or null. */
export function declaredLanguage(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const m = /^\s*([a-z]{2,3})(?:[-_][a-z0-9]+)*\s*$/i.exec(raw);
  return m ? toIso6391(m[1].toLowerCase()) : null;
}

/**
 * Detects the language of a document body.
 * @param text cleaned body (only the first 600 characters are read)
 * @param declared a language the page declares, used when the text cannot decide
 * @returns ISO 639-1 code, else ISO 639-3, else `und`
 */
export function detectLanguage(text: string, declared?: string | null): string {
  // franc reads at most 2,048 characters; on the 181 Zyte gold bodies 600 agree with 2,048 on all but two,
  // at a third of the cost.
  const sample = text.slice(0, 600);
  const letters = (sample.match(/\p{L}/gu) ?? []).length;
  const hint = declaredLanguage(declared);
  if (letters < MIN_LETTERS) return hint ?? "und";
  const guess = franc(sample, { minLength: 10 });
  if (guess === "und") return hint ?? "und";
  const code = toIso6391(guess);
  if (hint && hint !== code) {
    // Close call between the guess and the declared language (e.g. bs/hr/sr, id/ms): trust the page.
    const ranked = francAll(sample, { minLength: 10 }).slice(0, 4);
    const declaredScore = ranked.find(([c]) => toIso6391(c) === hint)?.[1];
    if (declaredScore !== undefined && declaredScore > 0.9) return hint;
  }
  return code;
}
