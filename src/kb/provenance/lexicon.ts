/**
 * The spin lexicon (`data/provenance/spin-lexicon.json`: fingerprint phrases of known spinners),
 * validated once at load and compiled for lookup.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { DossierError } from "../../util/errors.js";
import { dataPath } from "../../util/paths.js";
import { normaliseWord, tokenize } from "./text.js";

const PhraseSchema = z.object({
  spun: z.string().min(1),
  original: z.string().min(1),
  /** Evidence weight: 1 fingerprint, 0.5 rare in clean news, 0.25 weak. */
  weight: z.number().min(0).max(2),
  /** Confidence of restoring `original` (0..1). */
  confidence: z.number().min(0).max(1),
  /** any: any capitalisation; exact: as written; mid: not at a sentence start; exact-mid: both. */
  case: z.enum(["any", "exact", "mid", "exact-mid"]).optional(),
});

const LexiconSchema = z.object({
  about: z.string(),
  version: z.number(),
  phrases: z.array(PhraseSchema),
  names: z.array(z.string().min(1)),
  /** Real names a spinner reversal would mistake for spun forms ("National Safety Council"). */
  exceptions: z.array(z.string().min(1)).default([]),
  nameWords: z.record(z.string(), z.array(z.string().min(1))),
  contextual: z.array(z.object({ spun: z.string().min(1), original: z.string().min(1) })),
});

export type LexiconPhrase = z.infer<typeof PhraseSchema>;
export type LexiconData = z.infer<typeof LexiconSchema>;

/** A phrase entry ready for matching: words normalised and as written. */
export interface CompiledPhrase extends LexiconPhrase {
  words: string[];
  rawWords: string[];
  /** What separates word k from word k-1 in the phrase: null for spaces, else the literal ("-"). */
  separators: Array<string | null>;
}

/** The lexicon in the shapes the detector needs. */
export interface CompiledLexicon {
  /** First normalised word → phrases starting with it, longest first. */
  byFirstWord: Map<string, CompiledPhrase[]>;
  /** Lower-cased known multi-word names (fixed words: "foreign minister"). */
  names: Map<string, string>;
  /** Real names never flagged, as normalised word sequences. */
  exceptions: string[][];
  /** Longest known name, in words. */
  maxNameWords: number;
  /** Spun word in a name → possible original words. */
  nameWords: Map<string, string[]>;
  /** Spun word → original, checked against collocations. */
  contextual: Map<string, string>;
  /** Every word the spinner is known to change (either side of a pair): DSpin's "mutables". */
  mutables: Set<string>;
  /** Spun phrase → original, for alignment ("same word after spinning"). */
  synonymPairs: Set<string>;
}

function readJson(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new DossierError("INTERNAL", `cannot read ${what} at ${path}`, { cause: err });
  }
}

/** Compiles validated lexicon data for matching. */
export function compileLexicon(data: LexiconData): CompiledLexicon {
  const byFirstWord = new Map<string, CompiledPhrase[]>();
  const mutables = new Set<string>();
  const synonymPairs = new Set<string>();
  for (const p of data.phrases) {
    // Split the phrase exactly as texts are tokenised ("high-level" is two words joined by "-").
    const spunText = p.spun.replace(/’/g, "'");
    const toks = tokenize(spunText);
    const rawWords = toks.map((t) => t.raw);
    const words = toks.map((t) => t.norm);
    const separators = toks.map((t, k) => {
      if (k === 0) return null;
      const sep = spunText.slice(toks[k - 1]!.end, t.start);
      return /^\s+$/.test(sep) ? null : sep;
    });
    const first = words[0];
    if (!first) continue;
    const list = byFirstWord.get(first) ?? [];
    list.push({ ...p, words, rawWords, separators });
    byFirstWord.set(first, list);
    const originalWords = tokenize(p.original).map((t) => t.norm);
    // Words that differ between the spun and the original form are mutable.
    for (const w of words) if (!originalWords.includes(w)) mutables.add(w);
    for (const w of originalWords) if (!words.includes(w)) mutables.add(w);
    if (words.length === 1 && originalWords.length === 1) synonymPairs.add(`${words[0]}\u0000${originalWords[0]}`);
  }
  for (const list of byFirstWord.values()) list.sort((a, b) => b.words.length - a.words.length || b.weight - a.weight);
  const names = new Map<string, string>();
  let maxNameWords = 0;
  for (const n of data.names) {
    names.set(n.split(/\s+/).map(normaliseWord).join(" "), n);
    maxNameWords = Math.max(maxNameWords, n.split(/\s+/).length);
  }
  const nameWords = new Map<string, string[]>();
  for (const [k, v] of Object.entries(data.nameWords)) {
    nameWords.set(normaliseWord(k), v);
    mutables.add(normaliseWord(k));
    for (const o of v) mutables.add(normaliseWord(o));
    for (const o of v) synonymPairs.add(`${normaliseWord(k)}\u0000${normaliseWord(o)}`);
  }
  const contextual = new Map<string, string>();
  for (const c of data.contextual) {
    contextual.set(normaliseWord(c.spun), normaliseWord(c.original));
    mutables.add(normaliseWord(c.spun));
    mutables.add(normaliseWord(c.original));
    synonymPairs.add(`${normaliseWord(c.spun)}\u0000${normaliseWord(c.original)}`);
  }
  const exceptions = data.exceptions.map((e) => e.replace(/’/g, "'").split(/\s+/).map(normaliseWord));
  return { byFirstWord, names, exceptions, maxNameWords, nameWords, contextual, mutables, synonymPairs };
}

let lexiconCache: CompiledLexicon | null = null;

/** Parses and validates raw lexicon JSON. @throws DossierError BAD_INPUT when it does not fit the schema. */
export function parseLexicon(raw: unknown): LexiconData {
  const parsed = LexiconSchema.safeParse(raw);
  if (!parsed.success) throw new DossierError("BAD_INPUT", `spin lexicon is invalid: ${parsed.error.message}`);
  return parsed.data;
}

/** The shipped spin lexicon, compiled (loaded once). */
export function defaultLexicon(): CompiledLexicon {
  if (!lexiconCache) {
    lexiconCache = compileLexicon(parseLexicon(readJson(dataPath("provenance", "spin-lexicon.json"), "spin lexicon")));
  }
  return lexiconCache;
}
