/**
 * Readers for the entity-tagger corpora (used by scripts/train-ner.ts and scripts/eval-ner.ts):
 * - the GMB extract (../shared/data/ner/ner_dataset.csv.gz), split by sentence number as its README
 *   suggests: train 1–43,163, held-out test 43,164–47,958 (47,959 is truncated and dropped);
 * - the entity layer of GUM (../shared/data/ud-english/en_gum-ud-*.conllu.gz), permitted genres only
 *   (essay, fiction, letter, podcast and whow are CC BY-NC-SA: never read here).
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { packageRoot } from "../../src/util/paths.js";
import { LABELS } from "../../src/nlp/perceptron.js";

/** One labelled sentence: words and BIO label indices into {@link LABELS}. */
export interface LabelledSentence {
  words: string[];
  labels: number[];
  /** Document id when the corpus has documents (GUM), else null (GMB has none). */
  doc: string | null;
  /** Words inside a name GUM types otherwise (event, object…): a guess there is not scored. */
  ignore?: boolean[];
}

export const SHARED = join(packageRoot(), "..", "shared");
export const GMB_TEST_FROM = 43164;
/** First sentence of the GMB dev block (38,164–43,163), held out of training for model selection. */
export const GMB_DEV_FROM = 38164;
export const GMB_LAST = 47958;

/** Windows-1252 bytes → string (Node's latin1 leaves 0x80–0x9F as C1 controls; fix the seven used). */
function decodeCp1252(buf: Buffer): string {
  const map: Record<string, string> = {
    "\u0085": "…",
    "\u0091": "‘",
    "\u0092": "’",
    "\u0093": "“",
    "\u0094": "”",
    "\u0096": "–",
    "\u0097": "—",
  };
  return buf.toString("latin1").replace(/[\u0085\u0091-\u0094\u0096\u0097]/g, (c) => map[c]!);
}

/** Minimal RFC 4180 line parser (fields may be quoted; "" is a quote). */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let val = "";
      i++;
      while (i < line.length) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            val += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        val += line[i++];
      }
      out.push(val);
      i++;
    } else {
      const j = line.indexOf(",", i);
      if (j < 0) {
        out.push(line.slice(i));
        break;
      }
      out.push(line.slice(i, j));
      i = j + 1;
    }
  }
  return out;
}

const GMB_TYPES: Record<string, string> = { per: "person", org: "organization", gpe: "country", geo: "place" };

function labelIndex(label: string, prevIdx: number | undefined): number {
  let idx = LABELS.indexOf(label as (typeof LABELS)[number]);
  // an I- whose B- was dropped becomes B-
  if (label.startsWith("I-") && (prevIdx === undefined || LABELS[prevIdx]!.slice(2) !== label.slice(2)))
    idx = LABELS.indexOf(("B-" + label.slice(2)) as (typeof LABELS)[number]);
  return idx;
}

/** The GMB extract: train (1–43,163) and held-out test (43,164–47,958) blocks. */
export function loadGmb(path = join(SHARED, "data", "ner", "ner_dataset.csv.gz")): {
  train: LabelledSentence[];
  test: LabelledSentence[];
} {
  const text = decodeCp1252(gunzipSync(readFileSync(path)));
  const lines = text.split(/\r?\n/);
  const train: LabelledSentence[] = [];
  const test: LabelledSentence[] = [];
  let cur: LabelledSentence | null = null;
  let num = 0;
  for (let li = 1; li < lines.length; li++) {
    const line = lines[li]!;
    if (line.length === 0) continue;
    const [sent, word, , tag] = parseCsvLine(line);
    if (sent?.startsWith("Sentence:")) {
      if (cur && num <= GMB_LAST) (num >= GMB_TEST_FROM ? test : train).push(cur);
      num = Number(sent.slice(9).trim());
      cur = { words: [], labels: [], doc: null };
    }
    if (!cur || word === undefined || tag === undefined) continue;
    let label = "O";
    if (tag !== "O") {
      const [bio, type] = tag.split("-");
      const mapped = GMB_TYPES[type!];
      if (mapped) label = `${bio}-${mapped}`;
    }
    cur.labels.push(labelIndex(label, cur.labels[cur.labels.length - 1]));
    cur.words.push(word);
  }
  if (cur && num <= GMB_LAST) (num >= GMB_TEST_FROM ? test : train).push(cur);
  return { train, test };
}

/** The GMB extract in three blocks: train (1–38,163), dev (38,164–43,163, model selection), held-out test (43,164–47,958). */
export function loadGmbBlocks(path?: string): {
  train: LabelledSentence[];
  dev: LabelledSentence[];
  test: LabelledSentence[];
} {
  const { train: all, test } = loadGmb(path);
  // loadGmb keeps sentence order and drops none before the test block: index i is sentence i + 1
  return { train: all.slice(0, GMB_DEV_FROM - 1), dev: all.slice(GMB_DEV_FROM - 1), test };
}

/** GUM genres whose texts are non-commercial (CC BY-NC-SA): never read. */
export const GUM_NC_GENRES = new Set(["essay", "fiction", "letter", "podcast", "whow"]);

/** One GUM document rebuilt as text, with its named-entity gold. */
export interface GumDoc {
  id: string;
  genre: string;
  text: string;
  /** Word tokens with offsets in `text`, sentence by sentence. */
  sentences: Array<Array<{ form: string; start: number; end: number; upos: string }>>;
  /** Named mentions: `[start, end)` offsets in `text`, type person/organization/place/country. */
  names: Array<{ start: number; end: number; type: string; text: string }>;
  /** Proper-noun-headed mentions of other GUM types (event, object, abstract…): guesses inside them are neither right nor wrong. */
  otherNames: Array<{ start: number; end: number }>;
}

interface GumToken {
  id: number;
  form: string;
  upos: string;
  head: number;
  misc: string;
  start: number;
  end: number;
}

/**
 * GUM documents of a split (train/dev/test), permitted genres only. A named mention is a GUM entity
 * mention of type person, organization or place whose syntactic head is a proper noun; its name is
 * the run of capitalised words around the head inside the mention (with inner "of", "the", "and", "&",
 * "for" and glued hyphens: "Bank of England", "Udvar-Hazy Center"), minus smaller named mentions it
 * contains ("NASA" in "NASA Administrator Charles Bolden") and leading titles ("Administrator").
 * A place whose name the country table knows is a country.
 */
export function loadGum(
  split: "train" | "dev" | "test",
  isCountry: (name: string) => boolean,
  isTitleWord: (word: string) => boolean,
): GumDoc[] {
  const raw = gunzipSync(readFileSync(join(SHARED, "data", "ud-english", `en_gum-ud-${split}.conllu.gz`))).toString(
    "utf8",
  );
  const docs: GumDoc[] = [];
  let doc: GumDoc | null = null;
  let skip = false;
  let text = "";
  let sent: GumToken[] = [];
  let newPar = false;
  // open mentions: entity id → stack of {type, start token (global), tokens}
  let docTokens: GumToken[] = [];
  let open = new Map<string, Array<{ type: string; from: number }>>();
  let mentions: Array<{ type: string; from: number; to: number }> = [];
  const finishDoc = (): void => {
    if (!doc) return;
    doc.text = text;
    // named mentions: head is a proper noun
    const named: Array<{ type: string; from: number; to: number; head: number }> = [];
    for (const m of mentions) {
      if (!["person", "organization", "place"].includes(m.type)) continue;
      let head = -1;
      for (let k = m.from; k <= m.to; k++) {
        const t = docTokens[k]!;
        const headIdx = t.head === 0 ? -1 : k - t.id + t.head;
        if (headIdx < m.from || headIdx > m.to) {
          head = k;
          break;
        }
      }
      if (head >= 0 && docTokens[head]!.upos === "PROPN") named.push({ ...m, head });
    }
    for (const m of mentions) {
      if (["person", "organization", "place"].includes(m.type)) continue;
      if (docTokens.slice(m.from, m.to + 1).some((t) => t.upos === "PROPN"))
        doc.otherNames.push({ start: docTokens[m.from]!.start, end: docTokens[m.to]!.end });
    }
    const seen = new Set<string>();
    for (const m of named) {
      // tokens of smaller named mentions inside this one that do not hold its head ("NASA" in "NASA Administrator Charles Bolden")
      const blocked = new Set<number>();
      for (const n of named) {
        if (n === m || n.from < m.from || n.to > m.to || (n.from === m.from && n.to === m.to)) continue;
        if (m.head >= n.from && m.head <= n.to) continue;
        for (let k = n.from; k <= n.to; k++) blocked.add(k);
      }
      const capital = (k: number): boolean =>
        k >= m.from &&
        k <= m.to &&
        !blocked.has(k) &&
        /^[\p{Lu}\p{N}]/u.test(docTokens[k]!.form) &&
        docTokens[k]!.upos !== "DET";
      const glue = (k: number): boolean =>
        k > m.from &&
        k < m.to &&
        !blocked.has(k) &&
        (/^(?:of|the|and|&|de|for|on)$/i.test(docTokens[k]!.form) ||
          (docTokens[k]!.form === "-" &&
            docTokens[k - 1]!.end === docTokens[k]!.start &&
            docTokens[k]!.end === docTokens[k + 1]!.start));
      if (!capital(m.head)) continue;
      let a = m.head;
      let b = m.head;
      for (;;) {
        if (capital(a - 1)) a--;
        else if (glue(a - 1) && capital(a - 2)) a -= 2;
        else break;
      }
      for (;;) {
        if (capital(b + 1)) b++;
        else if (glue(b + 1) && capital(b + 2)) b += 2;
        else break;
      }
      // titles and honorifics before a person's name are its role, not its name
      while (a < m.head && isTitleWord(docTokens[a]!.form)) a++;
      const start = docTokens[a]!.start;
      const end = docTokens[b]!.end;
      const surface = text.slice(start, end);
      let type = m.type;
      if (type === "place" && isCountry(surface)) type = "country";
      const key = `${start}:${end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      doc.names.push({ start, end, type, text: surface });
    }
    doc.names.sort((x, y) => x.start - y.start);
    docs.push(doc);
  };
  const flushSentence = (): void => {
    if (sent.length === 0 || !doc) return;
    const base = docTokens.length;
    if (text.length > 0) text += newPar ? "\n\n" : " ";
    newPar = false;
    const row: GumDoc["sentences"][number] = [];
    for (const t of sent) {
      t.start = text.length;
      text += t.form;
      t.end = text.length;
      if (!/SpaceAfter=No/.test(t.misc)) text += " ";
      row.push({ form: t.form, start: t.start, end: t.end, upos: t.upos });
    }
    text = text.replace(/ $/, "");
    doc.sentences.push(row);
    sent.forEach((t, i) => {
      docTokens.push(t);
      const ent = /(?:^|\|)Entity=([^|]*)/.exec(t.misc)?.[1];
      if (!ent) return;
      const k = base + i;
      // opens "(id-type-…" (possibly closed at once "…)"), closes "id)"
      const re = /\((\d+)-([a-z]+)[^()]*?(\))?(?=\(|$|\d)|(\d+)\)/g;
      let mm: RegExpExecArray | null;
      while ((mm = re.exec(ent))) {
        if (mm[1] !== undefined) {
          if (mm[3]) mentions.push({ type: mm[2]!, from: k, to: k });
          else {
            const stack = open.get(mm[1]) ?? [];
            stack.push({ type: mm[2]!, from: k });
            open.set(mm[1], stack);
          }
        } else if (mm[4] !== undefined) {
          const stack = open.get(mm[4]);
          const o = stack?.pop();
          if (o) mentions.push({ type: o.type, from: o.from, to: k });
        }
      }
    });
    sent = [];
  };
  for (const line of raw.split("\n")) {
    if (line.startsWith("# newdoc id = ")) {
      flushSentence();
      finishDoc();
      const id = line.slice(14).trim();
      const genre = id.split("_")[1] ?? "";
      skip = GUM_NC_GENRES.has(genre);
      doc = skip ? null : { id, genre, text: "", sentences: [], names: [], otherNames: [] };
      text = "";
      docTokens = [];
      open = new Map();
      mentions = [];
      newPar = false;
      continue;
    }
    if (skip) continue;
    if (line.startsWith("# newpar")) newPar = text.length > 0;
    if (line.startsWith("#")) continue;
    if (line.trim() === "") {
      flushSentence();
      continue;
    }
    const cols = line.split("\t");
    if (!/^\d+$/.test(cols[0]!)) continue; // ranges and empty nodes
    sent.push({
      id: Number(cols[0]),
      form: cols[1]!,
      upos: cols[3]!,
      head: Number(cols[6]),
      misc: cols[9] ?? "",
      start: 0,
      end: 0,
    });
  }
  flushSentence();
  finishDoc();
  return docs;
}

/** GUM documents as BIO-labelled word sentences (for training the tagger). */
export function gumSentences(docs: GumDoc[]): LabelledSentence[] {
  const out: LabelledSentence[] = [];
  for (const d of docs) {
    for (const s of d.sentences) {
      const labels: number[] = [];
      for (const t of s) {
        const name = d.names.find((n) => n.start <= t.start && t.end <= n.end);
        const label = name ? `${name.start === t.start ? "B" : "I"}-${name.type}` : "O";
        labels.push(labelIndex(label, labels[labels.length - 1]));
      }
      const ignore = s.map(
        (t) =>
          d.otherNames.some((o) => o.start <= t.start && t.end <= o.end) &&
          !d.names.some((n) => n.start <= t.start && t.end <= n.end),
      );
      out.push({ words: s.map((t) => t.form), labels, doc: d.id, ignore });
    }
  }
  return out;
}

/** Typed spans `[first, lastExclusive, type]` of a BIO label sequence. */
export function bioSpans(labels: readonly number[]): Array<[number, number, string]> {
  const out: Array<[number, number, string]> = [];
  let start = -1;
  let type = "";
  for (let i = 0; i <= labels.length; i++) {
    const l = i < labels.length ? LABELS[labels[i]!]! : "O";
    if (start >= 0 && !(l.startsWith("I-") && l.slice(2) === type)) {
      out.push([start, i, type]);
      start = -1;
    }
    if (l.startsWith("B-") || (l.startsWith("I-") && start < 0)) {
      start = i;
      type = l.slice(2);
    }
  }
  return out;
}

/** Precision/recall/F1 counts by type (exact span and type match) plus "ALL". */
export class SpanScore {
  private readonly stats = new Map<string, { tp: number; fp: number; fn: number; gold: number; overlap: number }>();
  private get(t: string) {
    let s = this.stats.get(t);
    if (!s) this.stats.set(t, (s = { tp: 0, fp: 0, fn: 0, gold: 0, overlap: 0 }));
    return s;
  }
  /** Adds one unit (sentence or document) of gold and guessed spans `[start, end, type]`. */
  add(
    gold: ReadonlyArray<readonly [number, number, string]>,
    guess: ReadonlyArray<readonly [number, number, string]>,
  ): void {
    const goldKeys = new Set(gold.map((g) => g.join()));
    const guessKeys = new Set(guess.map((g) => g.join()));
    for (const g of guess) for (const t of [g[2], "ALL"]) goldKeys.has(g.join()) ? this.get(t).tp++ : this.get(t).fp++;
    for (const g of gold) {
      for (const t of [g[2], "ALL"]) {
        this.get(t).gold++;
        if (!guessKeys.has(g.join())) this.get(t).fn++;
        if (guess.some((p) => p[0] < g[1] && g[0] < p[1])) this.get(t).overlap++;
      }
    }
  }
  /** Per type: P, R, F1 (percent, one decimal), gold count, overlap recall. */
  result(): Record<string, { p: number; r: number; f1: number; gold: number; overlapRecall: number }> {
    const out: Record<string, { p: number; r: number; f1: number; gold: number; overlapRecall: number }> = {};
    const round = (x: number) => Math.round(x * 1000) / 10;
    for (const [t, s] of [...this.stats].sort()) {
      const p = s.tp / Math.max(1, s.tp + s.fp);
      const r = s.tp / Math.max(1, s.tp + s.fn);
      out[t] = {
        p: round(p),
        r: round(r),
        f1: round((2 * p * r) / Math.max(1e-9, p + r)),
        gold: s.gold,
        overlapRecall: round(s.overlap / Math.max(1, s.gold)),
      };
    }
    return out;
  }
}

/** Prints a {@link SpanScore} result as aligned lines. */
export function formatScores(title: string, res: ReturnType<SpanScore["result"]>): string {
  const lines = [title];
  for (const [t, e] of Object.entries(res))
    lines.push(
      `  ${t.padEnd(13)} P ${e.p.toFixed(1)}  R ${e.r.toFixed(1)}  F1 ${e.f1.toFixed(1)}  (gold ${e.gold}, overlap recall ${e.overlapRecall.toFixed(1)})`,
    );
  return lines.join("\n");
}

/**
 * Where span errors come from: per gold span, exact (right type / wrong type), boundary (overlapping guess,
 * same / other type) or missed; guesses overlapping no gold span are spurious. Keeps examples of boundary errors.
 */
export class ErrorBreakdown {
  readonly counts = new Map<string, number>();
  /** "gold text → guess text" for boundary errors, with counts. */
  readonly boundaries = new Map<string, number>();
  readonly confusions = new Map<string, number>();
  readonly missed = new Map<string, number>();
  readonly spurious = new Map<string, number>();
  private bump(m: Map<string, number>, k: string): void {
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  /** Adds one sentence: its words, gold and guessed `[start, end, type]` token spans. */
  add(
    words: readonly string[],
    gold: ReadonlyArray<readonly [number, number, string]>,
    guess: ReadonlyArray<readonly [number, number, string]>,
  ): void {
    const text = (a: number, b: number): string => words.slice(a, b).join(" ");
    for (const g of gold) {
      const same = guess.find((p) => p[0] === g[0] && p[1] === g[1]);
      if (same) {
        this.bump(this.counts, same[2] === g[2] ? "exact, right type" : "exact span, wrong type");
        if (same[2] !== g[2]) this.bump(this.confusions, `${g[2]}→${same[2]}: ${text(g[0], g[1])}`);
        continue;
      }
      const over = guess.filter((p) => p[0] < g[1] && g[0] < p[1]);
      if (over.length === 0) {
        this.bump(this.counts, `missed ${g[2]}`);
        this.bump(this.missed, `${g[2]}: ${text(g[0], g[1])}`);
        continue;
      }
      const sameType = over.some((p) => p[2] === g[2]);
      this.bump(this.counts, sameType ? `boundary, same type (${g[2]})` : `boundary, other type (${g[2]})`);
      this.bump(
        this.boundaries,
        `${g[2]} [${text(g[0], g[1])}] → ${over.map((p) => `${p[2]} [${text(p[0], p[1])}]`).join(" + ")}`,
      );
    }
    for (const p of guess)
      if (!gold.some((g) => p[0] < g[1] && g[0] < p[1])) {
        this.bump(this.counts, `spurious ${p[2]}`);
        this.bump(this.spurious, `${p[2]}: ${text(p[0], p[1])}`);
      }
  }
  /** Counts and the most frequent examples of each error kind. */
  format(top = 25): string {
    const list = (m: Map<string, number>): string =>
      [...m]
        .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))
        .slice(0, top)
        .map(([k, n]) => `    ${n}× ${k}`)
        .join("\n");
    const total = [...this.counts.values()].reduce((x, y) => x + y, 0);
    return [
      `  error kinds (${total} gold spans + spurious guesses):`,
      ...[...this.counts].sort((x, y) => y[1] - x[1]).map(([k, n]) => `    ${k}: ${n}`),
      "  boundary errors:",
      list(this.boundaries),
      "  type confusions (exact span):",
      list(this.confusions),
      "  missed:",
      list(this.missed),
      "  spurious:",
      list(this.spurious),
    ].join("\n");
  }
}
