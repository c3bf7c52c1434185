/**
 * Synthetic aggregator reposts and their hard negatives, for measuring copy linking across heavy
 * rewording (issue 13: an agency story re-posted by an aggregator with a new headline, cuts and
 * reworded sentences, about 30 % of 5-word shingles shared).
 *
 * An aggregator repost ({@link aggregatorRewrite}) gets a new headline and dateline, loses 20–40 %
 * of its paragraphs, has sentences reordered, merged and split, and most sentences reworded by a
 * human-style editor: attribution and subordinate clauses moved, phrases paraphrased from a small
 * table of everyday news wording (written for this module, not taken from any corpus), a few
 * WordNet synonyms, tense changes, and numbers written another way ("1,500" → "1500", "25 percent"
 * → "25%", "3" → "three"). Quotations are kept word for word, as aggregators keep them.
 *
 * A hard negative ({@link independentReport}) is another outlet's own story on the same event: a
 * different text carrying the original's names and numbers and quoting the same third source with
 * the same words. Deterministic for a given random source.
 */
import { seededRandom } from "../../util/random.js";
import { defaultSpinResources, type SpinResources } from "./substitution.js";
import type { FamilyDoc } from "./synthetic.js";
import { tokenize } from "./text.js";

/**
 * Everyday paraphrases an editor uses when rewording a news story (either direction). Written for
 * this generator from general newsroom usage.
 */
const PARAPHRASES: Array<[string, string]> = [
  ["said", "told reporters"],
  ["said", "stated"],
  ["says", "claims"],
  ["announced", "made public"],
  ["according to", "citing"],
  ["more than", "over"],
  ["about", "around"],
  ["approximately", "roughly"],
  ["because", "as"],
  ["however", "but"],
  ["in order to", "to"],
  ["also", "additionally"],
  ["begin", "start"],
  ["began", "started"],
  ["buy", "purchase"],
  ["help", "assist"],
  ["need", "require"],
  ["needs", "requires"],
  ["show", "indicate"],
  ["shows", "indicates"],
  ["showed", "indicated"],
  ["try", "attempt"],
  ["tried", "attempted"],
  ["enough", "sufficient"],
  ["many", "numerous"],
  ["big", "large"],
  ["large", "major"],
  ["small", "minor"],
  ["important", "key"],
  ["recent", "latest"],
  ["people", "individuals"],
  ["children", "kids"],
  ["company", "firm"],
  ["companies", "firms"],
  ["government", "administration"],
  ["officials", "authorities"],
  ["police", "officers"],
  ["plan", "proposal"],
  ["plans", "proposals"],
  ["problem", "issue"],
  ["problems", "issues"],
  ["money", "funds"],
  ["job", "role"],
  ["jobs", "positions"],
  ["week", "seven days"],
  ["later", "subsequently"],
  ["before", "prior to"],
  ["after", "following"],
  ["during", "throughout"],
  ["while", "whereas"],
  ["despite", "in spite of"],
  ["if", "should"],
  ["so", "therefore"],
  ["but", "yet"],
  ["very", "extremely"],
  ["quickly", "rapidly"],
  ["now", "currently"],
  ["still", "nonetheless"],
  ["often", "frequently"],
  ["almost", "nearly"],
  ["only", "just"],
  ["get", "obtain"],
  ["got", "received"],
  ["make", "create"],
  ["made", "produced"],
  ["give", "provide"],
  ["gave", "provided"],
  ["use", "employ"],
  ["used", "utilised"],
  ["find", "discover"],
  ["found", "discovered"],
  ["think", "believe"],
  ["thinks", "believes"],
  ["want", "wish"],
  ["wants", "hopes"],
  ["ask", "request"],
  ["asked", "requested"],
  ["end", "conclude"],
  ["ended", "concluded"],
  ["keep", "retain"],
  ["kept", "retained"],
  ["allow", "permit"],
  ["allowed", "permitted"],
  ["increase", "rise"],
  ["increased", "rose"],
  ["decrease", "fall"],
  ["fell", "dropped"],
  ["first", "initial"],
  ["last", "previous"],
  ["major", "significant"],
  ["main", "principal"],
  ["whole", "entire"],
  ["area", "region"],
  ["city", "town"],
  ["country", "nation"],
  ["meeting", "talks"],
  ["report", "study"],
  ["result", "outcome"],
  ["results", "findings"],
  ["worker", "employee"],
  ["workers", "employees"],
  ["expected to", "set to"],
  ["going to", "likely to"],
  ["has been", "was"],
  ["have been", "were"],
  ["will", "is set to"],
  ["can", "is able to"],
  ["could", "might"],
  ["would", "will"],
  ["must", "has to"],
  ["on Monday", "Monday"],
  ["on Tuesday", "Tuesday"],
  ["on Wednesday", "earlier this week"],
  ["on Thursday", "Thursday"],
  ["on Friday", "late last week"],
  ["last year", "in the previous year"],
  ["this year", "so far this year"],
  ["a number of", "several"],
  ["at least", "no fewer than"],
  ["as well as", "and"],
  ["such as", "including"],
  ["due to", "owing to"],
  ["in addition", "moreover"],
  ["for example", "for instance"],
  ["told", "informed"],
  ["top", "senior"],
  ["leader", "head"],
  ["leaders", "heads"],
  ["members", "representatives"],
  ["today", "on the day"],
  ["afterwards", "later on"],
  ["number", "figure"],
  ["percent", "per cent"],
  ["died", "lost their lives"],
  ["killed", "left dead"],
  ["is", "remains"],
  ["are", "remain"],
  ["the company", "the business"],
  ["do not", "don't"],
  ["does not", "doesn't"],
  ["did not", "didn't"],
  ["it is", "it's"],
  ["there is", "there's"],
  ["said that", "said"],
  ["new", "fresh"],
  ["high", "elevated"],
  ["low", "reduced"],
  ["old", "former"],
  ["good", "positive"],
  ["bad", "negative"],
  ["hard", "difficult"],
  ["easy", "simple"],
  ["start", "launch"],
  ["called", "labelled"],
  ["came", "arrived"],
  ["went", "headed"],
  ["took", "seized"],
  ["take", "carry out"],
  ["put", "placed"],
  ["set up", "established"],
  ["look", "appear"],
  ["looks", "appears"],
  ["seem", "appear"],
  ["seems", "appears"],
  ["become", "turn into"],
  ["became", "turned into"],
  ["across", "throughout"],
  ["around the world", "globally"],
  ["in the past", "previously"],
  ["at the moment", "currently"],
  ["a lot of", "plenty of"],
  ["lots of", "a great deal of"],
  ["each", "every"],
  ["whether", "if"],
  ["like", "such as"],
  ["since", "ever since"],
  ["until", "till"],
  ["among", "amongst"],
  ["within", "inside"],
  ["outside", "beyond"],
  ["near", "close to"],
  ["next", "following"],
  ["other", "further"],
  ["several", "a handful of"],
  ["most", "the majority of"],
  ["some", "certain"],
  ["added", "went on to say"],
  ["explained", "elaborated"],
  ["noted", "pointed out"],
  ["believe", "are convinced"],
  ["likely", "probably"],
  ["possible", "feasible"],
];

/** Targets of the table never rewritten back (too common to be an editor's choice each time). */
const ONE_WAY = new Set(
  "to and but as so if over around just key was were will might several should yet talks set to likely to fall rise start role issue issues including".split(
    " ",
  ),
);

const SUBORDINATORS = ["When", "After", "Before", "While", "Although", "Because", "If", "As", "Since", "Though"];
const NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const AGGREGATOR_LEADS = [
  "According to reports,",
  "Reports say",
  "In a development reported today,",
  "As reported by news agencies,",
  "It has emerged that",
];
const AGGREGATOR_FOOTERS = [
  "This story was compiled from agency reports.",
  "With inputs from agencies.",
  "This article has been edited for length.",
  "More updates to follow.",
];
const DATELINES = ["NEW DELHI", "LONDON", "SINGAPORE", "NAIROBI", "SYDNEY", "TORONTO", "DUBAI", "LAGOS"];
const HEADLINE_WORDS =
  "officials say report finds warning over plan row deepens move sparks debate new figures show talks stall".split(" ");

/** Paraphrase lookup: lower-case phrase → its paraphrases (both directions of the table). */
const PARAPHRASE_MAP: Map<string, string[]> = (() => {
  const m = new Map<string, string[]>();
  const add = (x: string, y: string) => m.set(x, [...(m.get(x) ?? []), y]);
  for (const [x, y] of PARAPHRASES) {
    add(x, y);
    // A short common word is not rewritten into a longer phrase everywhere ("to" → "in order to").
    if (!ONE_WAY.has(y)) add(y, x);
  }
  return m;
})();
const LONGEST_PHRASE = Math.max(...[...PARAPHRASE_MAP.keys()].map((k) => k.split(" ").length));

/** Sentences of a paragraph (kept with their closing punctuation and quotation marks). */
function sentencesOf(paragraph: string): string[] {
  return (paragraph.match(/[^.!?]+(?:[.!?]+["”’)]*|$)\s*/g) ?? [paragraph]).map((s) => s.trim()).filter(Boolean);
}

function paragraphsOf(text: string): string[] {
  const ps = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (ps.length >= 3) return ps;
  const sentences = sentencesOf(text);
  const out: string[] = [];
  for (let i = 0; i < sentences.length; i += 3) out.push(sentences.slice(i, i + 3).join(" "));
  return out.filter(Boolean);
}

const hasQuote = (s: string) => /["“”«»‘]/.test(s);
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const uncapitalise = (s: string) =>
  /^[A-Z][a-z]/.test(s) && !/^I\b/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s;

/** A number written another way: grouping commas dropped or added, small numbers as words, percent signs. */
function reformatNumbers(s: string, rng: () => number): string {
  return s
    .replace(/\b(\d+(?:\.\d+)?) (?:per ?cent|percent)\b/g, (_m, n: string) => `${n}%`)
    .replace(/\b(\d+(?:\.\d+)?)%/g, (m, n: string) => (rng() < 0.3 ? `${n} percent` : m))
    .replace(/\b(\d{1,3}),(\d{3})\b(?!,\d)/g, (m, a: string, b: string) => (rng() < 0.7 ? `${a}${b}` : m))
    .replace(
      /\b(\d{1,3}),(\d{3}),(\d{3})\b/g,
      (_m, a: string, b: string) => `${(Number(a) + Number(b) / 1000).toFixed(1).replace(/\.0$/, "")} million`,
    )
    .replace(/(?<![\d.,])([1-9])(?![\d.,%])/g, (m, n: string) => (rng() < 0.7 ? NUMBER_WORDS[Number(n)]! : m))
    .replace(/\b(one|two|three|four|five|six|seven|eight|nine)\b/gi, (m) => {
      const i = NUMBER_WORDS.indexOf(m.toLowerCase());
      return i > 0 && rng() < 0.3 ? String(i) : m;
    });
}

/** Word-level rewording of text outside quotations: paraphrases, WordNet synonyms. */
function rewordWords(s: string, rng: () => number, synonyms: Map<string, string[]>, rate: number): string {
  const words = s.split(" ");
  const out: string[] = [];
  for (let i = 0; i < words.length; ) {
    let done = false;
    for (let n = Math.min(LONGEST_PHRASE, words.length - i); n >= 1 && !done; n--) {
      const bare = words
        .slice(i, i + n)
        .join(" ")
        .replace(/[,;:]$/, "");
      const trail = words[i + n - 1]!.slice(words[i + n - 1]!.replace(/[,;:]$/, "").length);
      const options = PARAPHRASE_MAP.get(bare.toLowerCase());
      if (options && rng() < rate) {
        let pick = options[Math.floor(rng() * options.length)]!;
        if (/^[A-Z]/.test(bare)) pick = capitalise(pick);
        out.push(pick + trail);
        i += n;
        done = true;
      }
    }
    if (done) continue;
    const w = words[i]!;
    const core = w.replace(/[^\p{L}]+$/u, "");
    const syn = /^\p{Ll}{4,}$/u.test(core) ? synonyms.get(core) : undefined;
    if (syn?.length && rng() < rate * 0.3) {
      const pick = syn[Math.floor(rng() * syn.length)]!;
      out.push(pick + w.slice(core.length));
    } else out.push(w);
    i++;
  }
  return out.join(" ");
}

/** Moves an attribution or a subordinate clause to the other end of the sentence. */
function reorderClauses(s: string, rng: () => number): string {
  const end = /[.!?]$/.test(s) ? s.slice(-1) : ".";
  const body = s.replace(/[.!?]$/, "");
  // "X said (that) Y." ↔ "Y, X said."
  const said =
    /^((?:[A-Z][\w'’-]*\s?){1,4}|(?:The|A|An) [\w\s'’-]{3,40}?|He|She|They) (said|says|stated|told reporters|added|noted) (?:that )?(.{20,})$/.exec(
      body,
    );
  if (said && rng() < 0.8)
    return `${capitalise(said[3]!)}, ${uncapitalise(said[1]!)} ${said[2]} ${end === "." ? "." : end}`.replace(
      " .",
      ".",
    );
  const saidEnd = /^(.{20,}), ((?:[A-Z][\w'’-]*\s?){1,4}|the [\w\s'’-]{3,40}?|he|she|they) (said|says|added)$/.exec(
    body,
  );
  if (saidEnd && rng() < 0.8) return `${capitalise(saidEnd[2]!)} ${saidEnd[3]} that ${uncapitalise(saidEnd[1]!)}${end}`;
  // "When X, Y." ↔ "Y when X."
  const sub = new RegExp(`^(${SUBORDINATORS.join("|")}) ([^,]{8,}), (.{12,})$`).exec(body);
  if (sub && rng() < 0.8) return `${capitalise(sub[3]!)} ${sub[1]!.toLowerCase()} ${uncapitalise(sub[2]!)}${end}`;
  const subEnd = new RegExp(`^(.{12,}?) (${SUBORDINATORS.map((x) => x.toLowerCase()).join("|")}) ([^,]{8,})$`).exec(
    body,
  );
  if (subEnd && rng() < 0.6) return `${capitalise(subEnd[2]!)} ${subEnd[3]}, ${uncapitalise(subEnd[1]!)}${end}`;
  // "A, and B." → "B. A." is too strong; split instead: "A, and B." → "A. B."
  const and = /^(.{20,}?), (?:and|but) (.{20,})$/.exec(body);
  if (and && rng() < 0.5) return `${and[1]}. ${capitalise(and[2]!)}${end}`;
  return s;
}

/** Tense and voice changes an editor makes: "has announced" → "announced", "was approved by X" → "X approved". */
function changeTense(s: string, rng: () => number): string {
  return s
    .replace(/\b(has|have) (\w+ed)\b/g, (m, _h, v: string) => (rng() < 0.6 ? v : m))
    .replace(/\b(announced|confirmed|reported|warned|rejected|approved|denied)\b/g, (m) =>
      rng() < 0.3 ? `has ${m}` : m,
    )
    .replace(/\b(?:was|were) (\w+ed) by (the [a-z]+|[A-Z]\w+)\b/g, (m, v: string, agent: string) =>
      rng() < 0.7 ? `was ${v} — ${agent} did so` : m,
    );
}

/** Splits a sentence into parts outside and inside quotations (inside parts are kept word for word). */
function outsideQuotes(s: string, f: (part: string) => string): string {
  return s
    .split(/(“[^”]*”|"[^"]*"|‘(?:[^’]|’(?=\p{L}))*’(?!\p{L}))/u)
    .map((part, i) => (i % 2 === 1 ? part : f(part)))
    .join("");
}

/** Cuts a quotation of several sentences to its first sentence, now and then (an editor shortening). */
function trimQuotes(p: string, rng: () => number): string {
  return p.replace(/(“[^”]*”|"[^"]*"|‘(?:[^’]|’(?=\p{L}))*’(?!\p{L}))/gu, (q) => {
    const first = /^(.[^.!?]{30,}?[.!?])\s+\S/.exec(q);
    return first && rng() < 0.6 ? `${first[1]}${q.slice(-1)}` : q;
  });
}

/** How strongly {@link aggregatorRewrite} rewords (defaults give about 30 % of 5-word shingles shared). */
export interface RewriteOptions {
  /** Share of paragraphs cut (the first paragraph is always kept). */
  cut?: number;
  /** Probability that a phrase with a paraphrase is replaced. */
  reword?: number;
  /** WordNet synonyms (the shipped spin resources by default). */
  synonyms?: Map<string, string[]>;
}

/**
 * An aggregator's repost of `text`: new headline and dateline, 20–40 % of paragraphs cut (the lead
 * kept), sentences reordered, clauses moved, phrases paraphrased, tense changed, numbers
 * reformatted; quotations kept word for word.
 * @example aggregatorRewrite(agencyStory, seededRandom(3))
 */
export function aggregatorRewrite(text: string, rng: () => number, options: RewriteOptions = {}): string {
  const synonyms = options.synonyms ?? defaultSpinResources().synonyms;
  const reword = options.reword ?? 1;
  const paras = paragraphsOf(text);
  // The original's headline (a short first line without a full stop) is replaced, not reworded.
  if (paras.length > 1 && paras[0]!.split(" ").length < 12 && !/[.!?]$/.test(paras[0]!)) paras.shift();
  const cutShare = options.cut ?? 0.2 + rng() * 0.2;
  const keep = paras.map((_, i) => i === 0 || rng() >= cutShare);
  let kept = paras.filter((_, i) => keep[i]);
  if (kept.length > 2 && rng() < 0.5) {
    // Move one later paragraph up, as editors re-prioritise.
    const from = 1 + Math.floor(rng() * (kept.length - 1));
    const [p] = kept.splice(from, 1);
    kept.splice(1, 0, p!);
  }
  kept = kept.map((p) => {
    // A paragraph with a quotation keeps its sentences in place; only the words around the quotation change.
    if (hasQuote(p))
      return outsideQuotes(trimQuotes(p, rng), (part) =>
        reformatNumbers(changeTense(rewordWords(part, rng, synonyms, reword), rng), rng),
      );
    const all = sentencesOf(p);
    // Editors drop a sentence here and there inside the paragraphs they keep.
    const ss = (all.length > 2 ? all.filter(() => rng() >= 0.2) : all).map((s) =>
      reformatNumbers(changeTense(rewordWords(reorderClauses(s, rng), rng, synonyms, reword), rng), rng),
    );
    // Swap neighbouring sentences now and then, merge two short ones.
    for (let i = 0; i + 1 < ss.length; i++) {
      if (rng() < 0.3) [ss[i], ss[i + 1]] = [ss[i + 1]!, ss[i]!];
      else if (rng() < 0.15 && ss[i]!.length < 120) {
        ss[i] = `${ss[i]!.replace(/[.!?]$/, "")}, and ${uncapitalise(ss[i + 1]!)}`;
        ss.splice(i + 1, 1);
      }
    }
    return ss.join(" ");
  });
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
  const headline = capitalise(
    `${pick(HEADLINE_WORDS)} ${pick(HEADLINE_WORDS)} ${pick(HEADLINE_WORDS)} ${pick(HEADLINE_WORDS)}`,
  );
  const lead = kept[0]!.replace(/^[A-Z][A-Z ,.'-]{2,40}\s*[—–-]+\s*/, "");
  kept[0] = `${pick(DATELINES)} (${pick(["Agencies", "News Desk", "Staff"])}) — ${rng() < 0.5 ? `${pick(AGGREGATOR_LEADS)} ${uncapitalise(lead)}` : lead}`;
  return `${headline}\n\n${kept.join("\n\n")}\n\n${pick(AGGREGATOR_FOOTERS)}`;
}

/**
 * Another outlet's own report on the same event: `other` (an unrelated text) with its capitalised
 * names and numbers replaced by the original's, a lead naming them, and the same quotations.
 */
export function independentReport(original: string, other: string, quotes: string[], rng: () => number): string {
  const names = [...new Set(original.match(/(?<=[a-z,;] )[A-Z][a-z]{3,}/g) ?? [])];
  const numbers = [...new Set(original.match(/\b\d[\d,.]*\d\b/g) ?? [])];
  let n = 0;
  let k = 0;
  // The outlet's own text: paragraphs up to 150 words or more (its story, not a bare quotation).
  const own: string[] = [];
  let words = 0;
  for (const p of paragraphsOf(other)) {
    if (own.length >= 4 && words >= 150) break;
    own.push(p);
    words += p.split(/\s+/).length;
  }
  const body = own.map((p) =>
    p
      .replace(/(?<=[a-z,;] )[A-Z][a-z]{3,}/g, (m) => (names.length && rng() < 0.6 ? names[n++ % names.length]! : m))
      .replace(/\b\d[\d,.]*\d\b/g, (m) => (numbers.length ? numbers[k++ % numbers.length]! : m)),
  );
  const lead = `${names.slice(0, 3).join(", ") || "Officials"} were at the centre of events on ${numbers[0] ?? "Monday"}.`;
  const out = [lead, ...body];
  quotes.forEach((q, i) => out.splice(Math.min(out.length, 1 + i * 2), 0, q));
  return out.join("\n\n");
}

/** Third-source quotations to put into a family's original and its independent reports. */
function quotationsFrom(
  source: string,
  rng: () => number,
  style: "curly" | "straight" | "single" | "reported",
): string[] {
  const sents = sentencesOf(source.replace(/["“”«»‘’]/g, "").replace(/\s+/g, " ")).filter(
    (s) => s.split(" ").length >= 8,
  );
  const speaker = [
    "a spokesperson for the ministry",
    "the regional governor",
    "a senior official",
    "the company's chief executive",
  ][Math.floor(rng() * 4)]!;
  const [open, close] = style === "curly" ? ["“", "”"] : style === "straight" ? ['"', '"'] : ["‘", "’"];
  const out: string[] = [];
  for (let i = 0; i + 1 < sents.length && out.length < 2; i += 2)
    out.push(
      style === "reported"
        ? `${capitalise(speaker)} said that ${uncapitalise(sents[i]!)} ${sents[i + 1]}`
        : `${capitalise(speaker)} said: ${open}${sents[i]} ${sents[i + 1]}${close}`,
    );
  return out;
}

/**
 * A corpus of agency stories, their aggregator reposts (1–2 per story, kind "aggregator") and hard
 * negatives: independent reports by other outlets carrying the story's names and numbers and
 * quoting the same third source word for word (kind "same-source"). Every story quotes a third
 * source; quotation style varies (curly, straight, British single quotes, or reported speech with
 * no quotation marks).
 */
export function makeAggregatorCorpus(
  bases: string[],
  size: number,
  seed: number,
  resources: Pick<SpinResources, "synonyms"> = defaultSpinResources(),
): FamilyDoc[] {
  const rng = seededRandom(seed ^ 0xa66);
  // English bodies only: the rewriter's paraphrases are English.
  const pool = bases.filter((b) => (b.match(/[^\x00-\x7f’‘“”—–…]/g) ?? []).length < b.length * 0.01);
  const docs: FamilyDoc[] = [];
  let famNo = 0;
  let outletNo = 0;
  const outlet = () => `outlet${String(outletNo++ % 97).padStart(2, "0")}`;
  while (docs.length < size) {
    const base = pool.pop();
    const other = pool.pop();
    const quoteSource = pool.pop();
    if (!base || !other || !quoteSource) break;
    const famId = `a${String(famNo++).padStart(4, "0")}`;
    const day = new Date(Date.UTC(2024, 0, 1 + Math.floor(rng() * 300))).toISOString().slice(0, 10);
    // Reported speech ("said that …", no quotation marks) is the hardest case: the shared words are not marked.
    const style = (["curly", "straight", "single", "reported"] as const)[Math.floor(rng() * 4)]!;
    const quotes = quotationsFrom(quoteSource, rng, style);
    const paras = paragraphsOf(base);
    quotes.forEach((q, i) => paras.splice(Math.min(paras.length, 1 + i * 2), 0, q));
    const origOutlet = outlet();
    const original = `Agency wire ${famNo}\n\n${paras.join("\n\n")}`;
    const oid = `${famId}_o`;
    docs.push({
      id: oid,
      text: original,
      outlet: origOutlet,
      published: day,
      credits: [],
      family: oid,
      source: null,
      kind: "original",
    });
    const copies = 1 + Math.floor(rng() * 2);
    for (let m = 0; m < copies && docs.length < size; m++) {
      const text = aggregatorRewrite(original, rng, { synonyms: resources.synonyms });
      const pDay = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000 * Math.floor(rng() * 3))
        .toISOString()
        .slice(0, 10);
      docs.push({
        id: `${famId}_${m}ag`,
        text,
        outlet: outlet(),
        published: pDay,
        credits: [],
        family: oid,
        source: oid,
        kind: "aggregator",
      });
    }
    if (docs.length < size && rng() < 0.8) {
      const text = independentReport(original, other, quotes, rng);
      docs.push({
        id: `${famId}_s`,
        text,
        outlet: outlet(),
        published: day,
        credits: [],
        family: `${famId}_s`,
        source: null,
        kind: "same-source",
      });
    }
  }
  return docs.slice(0, size);
}

/** Share of `copy`'s word 5-grams (all words, quotations included) that also occur in `source`. */
export function shingleShare(copy: string, source: string): number {
  const grams = (t: string) => {
    const w = tokenize(t).map((x) => x.norm);
    const s = new Set<string>();
    for (let i = 0; i + 5 <= w.length; i++) s.add(w.slice(i, i + 5).join(" "));
    return s;
  };
  const a = grams(copy);
  const b = grams(source);
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return a.size ? shared / a.size : 0;
}
