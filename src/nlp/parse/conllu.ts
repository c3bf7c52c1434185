/**
 * A CoNLL-U reader for the Universal Dependencies treebanks (syntactic words only: multiword
 * token ranges and empty nodes are skipped), plus the genre filter that keeps GUM's
 * non-commercial genres out of anything shipped.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

/** One sentence of a treebank. Heads are 0-based word indices, -1 for the root. */
export interface UdSentence {
  /** `# sent_id` */
  id: string;
  /** `# newdoc id` of the document holding the sentence (carried forward). */
  doc: string;
  /** `# text`: the raw sentence. */
  text: string;
  words: string[];
  upos: string[];
  xpos: string[];
  head: number[];
  deprel: string[];
  /** For each word, whether `SpaceAfter=No` holds on its surface token. */
  noSpaceAfter: boolean[];
}

/** GUM genres whose texts are licensed non-commercially (CC BY-NC-SA): never trained on. */
export const NON_COMMERCIAL_GUM_GENRES: ReadonlySet<string> = new Set([
  "essay",
  "fiction",
  "letter",
  "podcast",
  "whow",
]);

/** Genre of a GUM document id (`GUM_<genre>_<name>`), or null for other treebanks. */
export function gumGenre(docOrSentId: string): string | null {
  const m = /^GUM_([a-z]+)_/.exec(docOrSentId);
  return m ? m[1]! : null;
}

/** Whether a sentence may be used for anything shipped: every EWT sentence, GUM outside the NC genres. */
export function isPermitted(s: UdSentence): boolean {
  const genre = gumGenre(s.doc) ?? gumGenre(s.id);
  return genre === null || !NON_COMMERCIAL_GUM_GENRES.has(genre);
}

/** Parses CoNLL-U text. */
export function parseConllu(text: string): UdSentence[] {
  const out: UdSentence[] = [];
  let doc = "";
  let cur: UdSentence | null = null;
  let rangeEnd = -1;
  let rangeNoSpace = false;
  const fresh = (): UdSentence => ({
    id: "",
    doc,
    text: "",
    words: [],
    upos: [],
    xpos: [],
    head: [],
    deprel: [],
    noSpaceAfter: [],
  });
  for (const line of text.split("\n")) {
    if (line.length === 0) {
      if (cur && cur.words.length > 0) out.push(cur);
      cur = null;
      continue;
    }
    if (line.startsWith("#")) {
      const m = /^#\s*(newdoc id|sent_id|text)\s*=\s*(.*)$/.exec(line);
      if (m) {
        if (m[1] === "newdoc id") doc = m[2]!.trim();
        cur ??= fresh();
        cur.doc = doc;
        if (m[1] === "sent_id") cur.id = m[2]!.trim();
        else if (m[1] === "text") cur.text = m[2]!;
      }
      continue;
    }
    cur ??= fresh();
    const cols = line.split("\t");
    if (cols.length < 10) continue;
    const id = cols[0]!;
    if (id.includes(".")) continue;
    const noSpace = /(^|\|)SpaceAfter=No(\||$)/.test(cols[9]!);
    if (id.includes("-")) {
      rangeEnd = Number(id.split("-")[1]);
      rangeNoSpace = noSpace;
      continue;
    }
    const n = Number(id);
    cur.words.push(cols[1]!);
    cur.upos.push(cols[3]!);
    cur.xpos.push(cols[4]!);
    cur.head.push(Number(cols[6]) - 1);
    cur.deprel.push(cols[7]!);
    cur.noSpaceAfter.push(n < rangeEnd ? true : n === rangeEnd ? rangeNoSpace : noSpace);
  }
  if (cur && cur.words.length > 0) out.push(cur);
  return out;
}

/** Reads a `.conllu` or `.conllu.gz` file. */
export function readConllu(path: string): UdSentence[] {
  const raw = readFileSync(path);
  return parseConllu((path.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8"));
}
