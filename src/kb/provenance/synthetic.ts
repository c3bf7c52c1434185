/**
 * Synthetic spinning and corpora, for training, tests and benchmarks: a word-by-word spinner driven
 * by WordNet synonym sets (the shipped spin resources), which records every substitution it makes,
 * and a generator of random news-like documents. Deterministic for a given seed.
 */
import { defaultSpinResources, type SpinResources } from "./substitution.js";
import { tokenize } from "./text.js";
import { seededRandom } from "../../util/random.js";

/** One substitution the spinner made: offsets into the spun text and the word it replaced. */
export interface SpinSubstitution {
  start: number;
  end: number;
  spun: string;
  original: string;
}

/** How the spinner treats a word written several times in one text. */
export interface SpinOptions {
  /**
   * false (default): every occurrence is swapped (or not) on its own, each with its own synonym.
   * true: as article spinners with one thesaurus pick per word do — the first occurrence of a word
   * decides, and every occurrence of that word (same lower-cased form) in the text is swapped for
   * the same synonym, or none is.
   */
  consistent?: boolean;
}

export interface Spinner {
  /** Rewrites `text` word by word, swapping each word that has synonyms with probability `rate`. */
  spin(text: string, rate?: number, options?: SpinOptions): string;
  /** Like {@link Spinner.spin}, and lists each substitution with offsets into the spun text. */
  spinTraced(text: string, rate?: number, options?: SpinOptions): { text: string; substitutions: SpinSubstitution[] };
}

/**
 * A synonym spinner: each word with a synonym list is replaced, with probability `rate`, by one of
 * its synonyms picked at random (the way article spinners pick from a thesaurus entry), keeping the
 * capitalisation of the word it replaces.
 * @example makeSpinner(1).spin("The talks were important", 1) // e.g. "The negotiations were significant"
 */
export function makeSpinner(
  seed: number,
  resources: Pick<SpinResources, "synonyms"> = defaultSpinResources(),
): Spinner {
  const rng = seededRandom(seed);
  const spinTraced = (text: string, rate = 0.8, spinOptions: SpinOptions = {}) => {
    const substitutions: SpinSubstitution[] = [];
    // Consistent mode: each word's one decision (its synonym, or null: left alone) for the whole text.
    const chosen = new Map<string, string | null>();
    const choose = (options: string[]) => (rng() >= rate ? null : options[Math.floor(rng() * options.length)]!);
    let out = "";
    let pos = 0;
    for (const t of tokenize(text)) {
      const options = resources.synonyms.get(t.norm);
      if (!options || options.length === 0) continue;
      let pick: string | null;
      if (spinOptions.consistent) {
        if (!chosen.has(t.norm)) chosen.set(t.norm, choose(options));
        pick = chosen.get(t.norm)!;
      } else pick = choose(options);
      if (pick === null) continue;
      if (t.capitalised) pick = pick.charAt(0).toUpperCase() + pick.slice(1);
      out += text.slice(pos, t.start);
      substitutions.push({ start: out.length, end: out.length + pick.length, spun: pick, original: t.raw });
      out += pick;
      pos = t.end;
    }
    out += text.slice(pos);
    return { text: out, substitutions };
  };
  return { spin: (text, rate, options) => spinTraced(text, rate, options).text, spinTraced };
}

const SUBJECT_WORDS =
  "minister official delegation government agency ministry leader president spokesman analyst envoy commander committee parliament council company bank".split(
    " ",
  );
const VERBS =
  "said announced confirmed denied agreed discussed signed rejected proposed visited warned promised reported expected claimed".split(
    " ",
  );
const NOUNS =
  "talks agreement sanctions deal visit meeting cooperation trade security energy project pipeline treaty exercise weapons shipment summit border railway bridge aid loan grain oil gas workers students satellite port".split(
    " ",
  );
const ADJECTIVES =
  "new bilateral military economic important regional strategic joint official secret major formal direct annual possible".split(
    " ",
  );
const FUNCTION = "the the the a of of in on with for to and and that which by from after before during".split(" ");
const PLACES =
  "Moscow Pyongyang Seoul Beijing Tokyo Washington Vladivostok Khabarovsk Rason Kyiv Minsk Tehran Hanoi Ulaanbaatar Nakhodka Busan Incheon Sinuiju Dandong Harbin".split(
    " ",
  );

/** A random capitalised surname (from syllables), so names are many and rarely repeat by chance. */
export function randomName(rng: () => number): string {
  const syl = [
    "ka",
    "lo",
    "vin",
    "sha",
    "mir",
    "to",
    "rem",
    "ba",
    "chu",
    "dan",
    "gor",
    "sun",
    "hee",
    "pak",
    "ri",
    "yon",
    "zhe",
    "nov",
    "ev",
    "ko",
  ];
  const n = 2 + Math.floor(rng() * 2);
  let s = "";
  for (let i = 0; i < n; i++) s += syl[Math.floor(rng() * syl.length)]!;
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A random news-like document: sentences mixing function words, content words, places, names and
 * numbers, about `words` long. Pass `names` to write an independent report about the same people.
 */
export function randomNewsText(
  rng: () => number,
  words = 180,
  names: string[] = [randomName(rng), randomName(rng), randomName(rng)],
): string {
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
  return text.replace(/(?<![\p{L}'’])\p{Ll}{4,}(?![\p{L}'’])/gu, (w) =>
    rng() < rate ? pool[Math.floor(rng() * pool.length)]! : w,
  );
}

/** A document of a synthetic copy-family corpus, with its true family and source. */
export interface FamilyDoc {
  id: string;
  text: string;
  outlet: string;
  published: string;
  /** Outlets the document credits ("Source: …"). */
  credits: string[];
  /** True family: the id of the original it derives from (its own id for an original or an unrelated piece). */
  family: string;
  /** The document it was made from, or null (originals, unrelated pieces). */
  source: string | null;
  /** How it was made. */
  kind:
    | "original"
    | "mirror"
    | "new-headline"
    | "paragraph-edit"
    | "reworded"
    | "spun"
    | "partial"
    | "same-topic"
    | "shared-quote"
    | "aggregator"
    | "same-source";
}

const HEADLINE_WORDS = "talks deal visit plan vote report crisis reform budget probe strike summit row".split(" ");

function paragraphsOf(text: string): string[] {
  const ps = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (ps.length >= 3) return ps;
  // Texts without paragraph breaks: cut into groups of three sentences.
  const sentences = text.match(/[^.!?]+[.!?]+["”’)]*\s*/g) ?? [text];
  const out: string[] = [];
  for (let i = 0; i < sentences.length; i += 3)
    out.push(
      sentences
        .slice(i, i + 3)
        .join("")
        .trim(),
    );
  return out.filter(Boolean);
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * A synthetic corpus of copy families built from real clean texts: each base text is an original,
 * and family members are mirrors, reposts with a new headline and dateline, copies with a paragraph
 * dropped or added, aggregator rewrites (new headline, cuts, sentences reworded with synonyms, about
 * a third of 5-word shingles kept), spun copies and partial copies inside longer articles. Distractors
 * are unrelated same-topic pieces (another text carrying the original's names and numbers) and pairs
 * of independent texts that quote the same third source at length. Deterministic for a seed.
 *
 * @param bases clean texts, each used at most once as an original or a filler
 * @param size number of documents to produce (stops earlier when bases run out)
 */
export function makeFamilyCorpus(
  bases: string[],
  size: number,
  seed: number,
  resources: Pick<SpinResources, "synonyms"> = defaultSpinResources(),
): FamilyDoc[] {
  const rng = seededRandom(seed);
  const spinner = makeSpinner(seed ^ 0x5eed, resources);
  const pool = [...bases];
  const take = () => pool.pop();
  // Paragraphs added to copies come from texts that are never an original, each used once (two
  // copies sharing an added paragraph would be real text reuse).
  const fillers: string[] = [];
  for (let k = 0; k < Math.floor(pool.length / 5); k++) fillers.push(...paragraphsOf(take()!));
  const filler = () => fillers.pop() ?? randomNewsText(rng, 60);
  const docs: FamilyDoc[] = [];
  let outletNo = 0;
  const outlet = () => `outlet${String(outletNo++ % 97).padStart(2, "0")}`;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
  const headline = () =>
    `${pick(HEADLINE_WORDS).replace(/^./, (c) => c.toUpperCase())} ${pick(HEADLINE_WORDS)} ${Math.floor(rng() * 90 + 10)} ${pick(HEADLINE_WORDS)}`;
  let famNo = 0;
  while (docs.length < size) {
    const base = take();
    if (!base) break;
    const famId = `f${String(famNo++).padStart(4, "0")}`;
    const day = addDays("2024-01-01", Math.floor(rng() * 300));
    const origOutlet = outlet();
    const paras = paragraphsOf(base);
    const origText = `${headline()}\n\n${paras.join("\n\n")}`;
    docs.push({
      id: `${famId}_o`,
      text: origText,
      outlet: origOutlet,
      published: day,
      credits: [],
      family: `${famId}_o`,
      source: null,
      kind: "original",
    });
    const r = rng();
    if (r < 0.12) {
      // Unrelated same-topic piece: another text carrying the original's names and numbers.
      const other = take();
      if (!other) break;
      const names = (base.match(/(?<=[a-z,;] )[A-Z][a-z]{3,}/g) ?? []).slice(0, 8);
      const numbers = base.match(/\b\d{2,4}\b/g) ?? [];
      const text = `${headline()}\n\n${names.join(" and ")} ${numbers.slice(0, 3).join(", ")}.\n\n${paragraphsOf(other).join("\n\n")}\n\n${names.slice(0, 4).join(", ")}.`;
      docs.push({
        id: `${famId}_t`,
        text,
        outlet: outlet(),
        published: addDays(day, 1),
        credits: [],
        family: `${famId}_t`,
        source: null,
        kind: "same-topic",
      });
      continue;
    }
    if (r < 0.22) {
      // Two independent texts quoting the same third source at length.
      const other = take();
      const quoteSource = take();
      if (!other || !quoteSource) break;
      // One paragraph, no inner quotation marks (a quotation spanning paragraphs re-opens in each).
      const q = (quoteSource.match(/[^.!?]+[.!?]/g) ?? [quoteSource])
        .slice(0, 3)
        .join(" ")
        .replace(/["“”«»]/g, "")
        .replace(/\s+/g, " ")
        .trim();
      const withQuote = (ps: string[]) => [...ps.slice(0, 1), `The agency said: “${q}”`, ...ps.slice(1)].join("\n\n");
      docs[docs.length - 1]!.text = `${headline()}\n\n${withQuote(paras)}`;
      docs.push({
        id: `${famId}_q`,
        text: `${headline()}\n\n${withQuote(paragraphsOf(other))}`,
        outlet: outlet(),
        published: day,
        credits: [],
        family: `${famId}_q`,
        source: null,
        kind: "shared-quote",
      });
      continue;
    }
    const members = 1 + Math.floor(rng() * 4);
    for (let m = 0; m < members && docs.length < size; m++) {
      const kind = pick(["mirror", "new-headline", "paragraph-edit", "reworded", "spun", "partial"] as const);
      const credited = rng() < 0.3;
      const pDay = addDays(day, rng() < 0.2 ? 0 : 1 + Math.floor(rng() * 5));
      let text: string;
      if (kind === "mirror") text = origText;
      else if (kind === "new-headline")
        text = `${headline()}\n\n${pick(["MOSCOW", "SEOUL", "LONDON", "NEW YORK"])}, ${pDay} — ${paras.join("\n\n")}`;
      else if (kind === "paragraph-edit") {
        const ps = [...paras];
        if (rng() < 0.5 && ps.length > 3) ps.splice(1 + Math.floor(rng() * (ps.length - 2)), 1);
        else ps.splice(Math.floor(rng() * ps.length), 0, filler());
        text = `${headline()}\n\n${ps.join("\n\n")}`;
      } else if (kind === "reworded") {
        // Aggregator rewrite: cut about a third of the sentences, reword most of the rest with
        // synonyms (about 30 % of 5-word shingles survive).
        const sentences = paras.join("\n\n").match(/[^.!?]+[.!?]+["”’)]*\s*/g) ?? paras;
        const kept = sentences.filter(() => rng() >= 0.3);
        text = `${headline()}\n\n${spinner.spin((kept.length ? kept : sentences).join("").trim(), 0.9)}`;
      } else if (kind === "spun") text = spinner.spin(origText, 0.6);
      else {
        const around = [filler(), filler(), filler(), filler()];
        text = `${headline()}\n\n${around.join("\n\n")}\n\n${paras.slice(0, Math.max(2, Math.ceil(paras.length / 2))).join("\n\n")}`;
      }
      const credits = credited ? [origOutlet] : [];
      if (credited) text += `\n\nSource: ${origOutlet}`;
      docs.push({
        id: `${famId}_${m}${kind.slice(0, 2)}`,
        text,
        outlet: outlet(),
        published: pDay,
        credits,
        family: `${famId}_o`,
        source: `${famId}_o`,
        kind,
      });
    }
  }
  return docs.slice(0, size);
}
