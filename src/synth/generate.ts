/**
 * Seeded, deterministic generator of news-like articles for benchmarks and scale tests: a title
 * line, paragraphs with named actors, quotes with cue verbs, dates and numbers, and a controlled
 * share of exact copies (republications) and machine-spun copies (dictionary synonym swaps). The
 * same options always give the same corpus, byte for byte, on every machine.
 *
 * Not test data for extraction quality: the text is templated. It exercises throughput, storage,
 * search and de-duplication at volume.
 */
import { DossierError } from "../util/errors.js";
import {
  BACKGROUND,
  CITIES,
  COUNTRIES,
  CUES,
  DEMONYMS,
  EVENT_KINDS,
  GENERATED_ROLES,
  GIVEN_NAMES,
  KNOWN_ACTORS,
  OUTLETS,
  QUOTES,
  SPIN_SYNONYMS,
  SURNAMES,
  TOPICS,
  type SynthActor,
} from "./pools.js";
import { seededRandom } from "../util/random.js";

/** Options of {@link generateCorpus}. */
export interface CorpusOptions {
  /** Number of articles. */
  count: number;
  /** PRNG seed (any integer). */
  seed: number;
  /** Share of articles that are exact copies of an earlier article under another outlet. Default 0.1. */
  copyRate?: number;
  /** Share of articles that are spun copies of an earlier article. Default 0.05. */
  spinRate?: number;
  /** Earliest and latest publish dates (`YYYY-MM-DD`). Default 2023-01-01 … 2024-12-31. */
  from?: string;
  to?: string;
}

/** One generated article. */
export interface SynthArticle {
  /** File name, unique in the corpus: `a000042.txt`. */
  name: string;
  /** Title line, blank line, paragraphs separated by blank lines. */
  text: string;
  /** `YYYY-MM-DD`. */
  published: string;
  outlet: string;
  url: string;
  /** Name of the article this one copies, or null for an original. */
  copy_of: string | null;
  copy_kind: "exact" | "spun" | null;
}

/** Largest corpus one call generates (bounded time and memory). */
export const MAX_SYNTH_COUNT = 5_000_000;
/** Originals kept as copy sources: copies reuse one of the most recent this many. */
const SOURCE_WINDOW = 1_000;
/** Share of spinnable words a spun copy swaps. */
const SPIN_SHARE = 0.6;

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const DAY_MS = 86_400_000;

function parseDay(day: string, what: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!Number.isFinite(t)) throw new DossierError("USAGE", `${what} must be YYYY-MM-DD, got "${day}"`);
  return t;
}

const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);

function rate(v: number | undefined, dflt: number, what: string): number {
  const r = v ?? dflt;
  if (!(typeof r === "number" && r >= 0 && r <= 1))
    throw new DossierError("USAGE", `${what} must be between 0 and 1, got ${v}`);
  return r;
}

/**
 * Generates `count` articles lazily (memory stays bounded for any count).
 *
 * @throws DossierError `USAGE` for a count outside [0, 5 000 000], rates outside [0, 1] or
 *   `copyRate + spinRate > 1`.
 * @example
 * for (const a of generateCorpus({ count: 3, seed: 1 })) console.log(a.name, a.outlet, a.text.split("\n")[0]);
 */
export function* generateCorpus(opts: CorpusOptions): Generator<SynthArticle> {
  const count = opts.count;
  if (!Number.isInteger(count) || count < 0 || count > MAX_SYNTH_COUNT) {
    throw new DossierError("USAGE", `count must be a whole number from 0 to ${MAX_SYNTH_COUNT}, got ${count}`);
  }
  if (!Number.isInteger(opts.seed)) throw new DossierError("USAGE", `seed must be an integer, got ${opts.seed}`);
  const copyRate = rate(opts.copyRate, 0.1, "copyRate");
  const spinRate = rate(opts.spinRate, 0.05, "spinRate");
  if (copyRate + spinRate > 1) throw new DossierError("USAGE", "copyRate + spinRate must not exceed 1");
  const start = parseDay(opts.from ?? "2023-01-01", "from");
  const end = parseDay(opts.to ?? "2024-12-31", "to");
  if (end < start) throw new DossierError("USAGE", "to must not be before from");

  const rng = seededRandom(opts.seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
  const width = Math.max(6, String(count).length);
  const sources: SynthArticle[] = [];

  // A fixed cast for this seed: the known actors plus generated officials.
  const cast: SynthActor[] = [...KNOWN_ACTORS];
  for (let i = 0; i < 120; i++) {
    const country = pick(COUNTRIES);
    const name = `${pick(GIVEN_NAMES)} ${pick(SURNAMES)}`;
    cast.push({ name, short: name.split(" ").slice(-1)[0]!, role: pick(GENERATED_ROLES), country });
  }

  for (let i = 0; i < count; i++) {
    const name = `a${String(i).padStart(width, "0")}.txt`;
    const roll = rng();
    const source = sources.length ? sources[Math.floor(rng() * sources.length)]! : null;
    if (source && roll < copyRate + spinRate) {
      const spun = roll >= copyRate;
      const [outlet, domain] = pick(OUTLETS.filter((o) => o[0] !== source.outlet));
      const published = isoDay(Math.min(end, parseDay(source.published, "published") + int(0, 3) * DAY_MS));
      const text = spun ? spin(source.text, rng) : source.text;
      yield {
        name,
        text,
        published,
        outlet,
        url: articleUrl(domain, published, text, i),
        copy_of: source.name,
        copy_kind: spun ? "spun" : "exact",
      };
      continue;
    }
    const article = original(name, i);
    if (sources.length < SOURCE_WINDOW) sources.push(article);
    else sources[i % SOURCE_WINDOW] = article;
    yield article;
  }

  function original(name: string, index: number): SynthArticle {
    const [outlet, domain] = pick(OUTLETS);
    const pubT = start + int(0, Math.round((end - start) / DAY_MS)) * DAY_MS;
    const published = isoDay(pubT);
    const eventT = pubT - int(0, 3) * DAY_MS;
    const eventDay = new Date(eventT);
    const D = `${MONTHS[eventDay.getUTCMonth()]} ${eventDay.getUTCDate()}`;
    const kind = pick(EVENT_KINDS);
    const a = pick(cast);
    let b = pick(cast);
    for (let k = 0; k < 5 && b.country === a.country; k++) b = pick(cast);
    const p1 = a.country;
    const p2 = b.country === a.country ? pick(COUNTRIES.filter((c) => c !== p1)) : b.country;
    const place = pick(CITIES);
    const topic = pick(TOPICS);
    const fill = (tpl: string, actorFull: boolean) =>
      tpl
        .replace(
          /\{A\}/g,
          actorFull ? `${DEMONYMS[a.country as keyof typeof DEMONYMS] ?? ""} ${a.role} ${a.name}`.trim() : a.name,
        )
        .replace(/\{B\}/g, `${b.name}, ${b.country}'s ${b.role}`)
        .replace(/\{C\}/g, place.city)
        .replace(/\{X\}/g, topic)
        .replace(/\{P1\}/g, p1)
        .replace(/\{P2\}/g, p2)
        .replace(/\{D\}/g, D)
        .replace(/\{Y\}/g, String(eventDay.getUTCFullYear() - int(1, 6)))
        .replace(/\{N\}/g, () => String(int(2, 30)))
        .replace(/\{M\}/g, () => String(pick([150, 300, 450, 1200, 1500, 6000, 10000, 24000])));
    // Background sentences are drawn without repeats within one article.
    const background = [...BACKGROUND];
    const nextBackground = () => {
      if (!background.length) background.push(...BACKGROUND);
      return background.splice(Math.floor(rng() * background.length), 1)[0]!;
    };
    const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
    const title = cap(fill(pick(kind.headline), false).replace(/^(\w)/, (c) => c.toUpperCase()));
    const paragraphs: string[] = [fill(pick(kind.lead), true) + " " + fill(nextBackground(), false)];
    const nParas = int(4, 8);
    const speakers = [a, b, pick(cast)];
    for (let p = 0; p < nParas; p++) {
      const sentences: string[] = [];
      if (rng() < 0.7) {
        const s = speakers[p % speakers.length]!;
        const quote = fill(pick(QUOTES), false);
        const cue = pick(CUES);
        const who =
          p < speakers.length
            ? `${s.name}, ${DEMONYMS[s.country as keyof typeof DEMONYMS] ?? ""} ${s.role},`.replace(/\s+,/, ",")
            : s.short;
        sentences.push(`"${quote}," ${who} ${cue}.`);
      }
      const k = int(1, 3);
      for (let j = 0; j < k; j++) sentences.push(fill(nextBackground(), false));
      paragraphs.push(sentences.join(" "));
    }
    const text = `${title}\n\n${paragraphs.join("\n\n")}\n`;
    return {
      name,
      text,
      published,
      outlet,
      url: articleUrl(domain, published, title, index),
      copy_of: null,
      copy_kind: null,
    };
  }
}

function articleUrl(domain: string, published: string, title: string, index: number): string {
  const slug = title
    .split("\n")[0]!
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 60);
  return `https://${domain}/${published.slice(0, 4)}/${published.slice(5, 7)}/${slug}-${index}`;
}

const SPIN_KEYS = Object.keys(SPIN_SYNONYMS).sort((x, y) => y.length - x.length);
const SPIN_RE = new RegExp(`\\b(${SPIN_KEYS.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\b`, "g");

/**
 * A crude spinner: swaps about 60% of the dictionary words and phrases it finds for one of their
 * awkward substitutes (keeping a capital first letter), like the article spinners seen in scraped
 * news. Quotes are spun too, as real spinners do.
 */
export function spin(text: string, rng: () => number): string {
  return text.replace(SPIN_RE, (m) => {
    if (rng() >= SPIN_SHARE) return m;
    const subs = SPIN_SYNONYMS[m]!;
    return subs[Math.floor(rng() * subs.length)]!;
  });
}
