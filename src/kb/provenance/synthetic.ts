/**
 * Synthetic spinning and corpora, for tests and benchmarks of copy linking: a word-by-word spinner
 * driven by Dossier's own substitution list (the spin lexicon read backwards), and a generator of
 * random news-like documents. Deterministic for a given seed.
 */
import { defaultLexicon, type CompiledLexicon } from "./lexicon.js";
import { seededRandom } from "../../util/random.js";

/** Extra general-English swaps the spinner makes (original → spun), beyond the lexicon. */
const GENERAL_SWAPS: Record<string, string[]> = {
  said: ["stated", "mentioned"],
  visit: ["go to"],
  meeting: ["assembly"],
  countries: ["international locations", "nations"],
  important: ["necessary", "vital"],
  military: ["navy", "army"],
  more: ["extra"],
  security: ["safety"],
  economic: ["financial"],
  trade: ["commerce"],
  head: ["pinnacle"],
  became: ["grew to become"],
  where: ["the place"],
  thousands: ["1000's"],
  however: ["nevertheless"],
  experts: ["specialists"],
  war: ["struggle", "warfare"],
  policy: ["coverage"],
  interests: ["pursuits"],
  friendly: ["pleasant"],
  events: ["occasions"],
  talks: ["talks"],
  agreed: ["agreed"],
};

export interface Spinner {
  /** Rewrites `text` word by word, swapping each known original with probability `rate`. */
  spin(text: string, rate?: number): string;
}

/**
 * A spinner that uses the lexicon backwards (original → spun form) plus a few general swaps.
 * @example makeSpinner(1).spin("The Foreign Minister said", 1) // "The International Minister stated"
 */
export function makeSpinner(seed: number, lexicon: CompiledLexicon = defaultLexicon()): Spinner {
  const rng = seededRandom(seed);
  const table = new Map<string, string[]>();
  const put = (original: string, spun: string) => {
    const key = original.toLowerCase();
    const list = table.get(key) ?? [];
    if (!list.includes(spun)) list.push(spun);
    table.set(key, list);
  };
  for (const list of lexicon.byFirstWord.values()) {
    for (const p of list) if (p.weight >= 0.5 && p.original.split(/\s+/).length <= 3) put(p.original, p.spun);
  }
  for (const [spun, original] of lexicon.contextual) put(original, spun);
  for (const [original, spuns] of Object.entries(GENERAL_SWAPS)) for (const s of spuns) if (s !== original) put(original, s);
  for (const [spunWord, originals] of lexicon.nameWords) for (const o of originals) put(o, spunWord.charAt(0).toUpperCase() + spunWord.slice(1));
  // Longest originals first, matched on word boundaries.
  const keys = [...table.keys()].sort((a, b) => b.length - a.length);
  const escaped = keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}'’])(?:${escaped.join("|")})(?![\\p{L}\\p{N}'’])`, "giu");
  return {
    spin(text: string, rate = 0.8): string {
      return text.replace(pattern, (m) => {
        const options = table.get(m.toLowerCase());
        if (!options || rng() >= rate) return m;
        const pick = options[Math.floor(rng() * options.length)]!;
        const upper = m.charAt(0) !== m.charAt(0).toLowerCase();
        return upper ? pick.charAt(0).toUpperCase() + pick.slice(1) : pick;
      });
    },
  };
}

const SUBJECT_WORDS =
  "minister official delegation government agency ministry leader president spokesman analyst envoy commander committee parliament council company bank".split(" ");
const VERBS = "said announced confirmed denied agreed discussed signed rejected proposed visited warned promised reported expected claimed".split(" ");
const NOUNS =
  "talks agreement sanctions deal visit meeting cooperation trade security energy project pipeline treaty exercise weapons shipment summit border railway bridge aid loan grain oil gas workers students satellite port".split(
    " ",
  );
const ADJECTIVES = "new bilateral military economic important regional strategic joint official secret major formal direct annual possible".split(" ");
const FUNCTION = "the the the a of of in on with for to and and that which by from after before during".split(" ");
const PLACES =
  "Moscow Pyongyang Seoul Beijing Tokyo Washington Vladivostok Khabarovsk Rason Kyiv Minsk Tehran Hanoi Ulaanbaatar Nakhodka Busan Incheon Sinuiju Dandong Harbin".split(" ");

/** A random capitalised surname (from syllables), so names are many and rarely repeat by chance. */
export function randomName(rng: () => number): string {
  const syl = ["ka", "lo", "vin", "sha", "mir", "to", "rem", "ba", "chu", "dan", "gor", "sun", "hee", "pak", "ri", "yon", "zhe", "nov", "ev", "ko"];
  const n = 2 + Math.floor(rng() * 2);
  let s = "";
  for (let i = 0; i < n; i++) s += syl[Math.floor(rng() * syl.length)]!;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A random news-like document: sentences mixing function words, content words, places, names and
 * numbers, about `words` long. Pass `names` to write an independent report about the same people.
 */
export function randomNewsText(rng: () => number, words = 180, names: string[] = [randomName(rng), randomName(rng), randomName(rng)]): string {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rng() * list.length)]!;
  const sentences: string[] = [];
  let count = 0;
  while (count < words) {
    const parts: string[] = [];
    const len = 10 + Math.floor(rng() * 14);
    for (let k = 0; k < len; k++) {
      const r = rng();
      if (r < 0.35) parts.push(pick(FUNCTION));
      else if (r < 0.55) parts.push(pick(NOUNS));
      else if (r < 0.65) parts.push(pick(ADJECTIVES));
      else if (r < 0.75) parts.push(pick(VERBS));
      else if (r < 0.8) parts.push(pick(SUBJECT_WORDS));
      else if (r < 0.88) parts.push(pick(PLACES));
      else if (r < 0.95) parts.push(pick(names));
      else parts.push(String(2 + Math.floor(rng() * 3000)));
    }
    const s = parts.join(" ");
    sentences.push(s.charAt(0).toUpperCase() + s.slice(1) + ".");
    count += len;
  }
  return sentences.join(" ");
}

/**
 * Swaps a fraction of lower-case content words for random other words: a spinner whose dictionary
 * Dossier does not know (no restoration possible), to test linking without lexicon help.
 */
export function randomSwap(text: string, rate: number, rng: () => number): string {
  const pool = [...NOUNS, ...ADJECTIVES, ...VERBS, ...SUBJECT_WORDS];
  return text.replace(/(?<![\p{L}'’])\p{Ll}{4,}(?![\p{L}'’])/gu, (w) => (rng() < rate ? pool[Math.floor(rng() * pool.length)]! : w));
}
