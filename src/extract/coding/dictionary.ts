/**
 * The shipped event-coding dictionary (`data/events/cameo.json.gz`, built by `scripts/build-cameo.ts`
 * from PETRARCH2's CAMEO 2.0 verb patterns and Phoenix agents, MIT, and the PLOVER crosswalk, CC BY-SA
 * 4.0), loaded once and indexed for lookups by verb lemma.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { packageRoot } from "../../util/paths.js";
import { DossierError } from "../../util/errors.js";
import type { PloverType } from "../../model/records.js";
import { PLOVER_TYPES } from "../../model/records.js";

/** One element of a pattern side: a word, a phrase, a synonym set `&name`, or a prepositional phrase. */
export type PatternElement = string | { phrase: string[] } | { prep: string; inner: PatternElement[] };

/** A verb pattern: words before the verb, words after it, the CAMEO code in active and in passive voice. */
export type Pattern = [PatternElement[], PatternElement[], string | null, string | null];

export interface VerbEntry {
  block: number;
  code: string | null;
  /** Words that must precede the verb (multi-word verbs such as "wire tap"). */
  before: string[];
  /** Words that must follow the verb (particles: "ask for", "call off"). */
  after: string[];
}

export interface CameoDictionary {
  source: string;
  /** Index of the first block from Dossier's supplement. */
  supplementFrom: number;
  synsets: Record<string, string[]>;
  blocks: Array<{ name: string; code: string | null; patterns: Pattern[] }>;
  verbs: Record<string, VerbEntry[]>;
  forms: Record<string, string>;
  plover: Record<string, [string, string | null]>;
  agents: Record<string, string>;
  /** Most frequent verbs of general English: they code only through a pattern or their own code. */
  generalVerbs: string[];
  /** Event nouns → the CAMEO verbs they derive from (WordNet derivations). */
  eventNouns?: Record<string, string[]>;
}

/** The dictionary with derived indices. */
export interface LoadedDictionary extends CameoDictionary {
  /** Synonym set name → single-word members (lower case). */
  setWords: Map<string, Set<string>>;
  /** Synonym set name → multi-word members as word arrays. */
  setPhrases: Map<string, string[][]>;
  /** Longest agent phrase, in words. */
  agentMaxWords: number;
  general: Set<string>;
}

let loaded: LoadedDictionary | null = null;

/**
 * Load (once) the compiled CAMEO/PLOVER/agents dictionary shipped in `data/events/`.
 * @throws DossierError `INTERNAL` when the data file is missing or malformed
 */
export function cameoDictionary(): LoadedDictionary {
  if (loaded) return loaded;
  const path = join(packageRoot(), "data", "events", "cameo.json.gz");
  let dict: CameoDictionary;
  try {
    dict = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as CameoDictionary;
  } catch (err) {
    throw new DossierError(
      "INTERNAL",
      `event dictionary ${path} cannot be read (run node dist/scripts/build-cameo.js): ${(err as Error).message}`,
    );
  }
  if (!dict.blocks || !dict.verbs || !dict.plover)
    throw new DossierError("INTERNAL", `event dictionary ${path} lacks blocks, verbs or plover`);
  const setWords = new Map<string, Set<string>>();
  const setPhrases = new Map<string, string[][]>();
  for (const [name, members] of Object.entries(dict.synsets)) {
    const single = new Set<string>();
    const multi: string[][] = [];
    for (const m of members) {
      const ws = m.split(" ");
      if (ws.length === 1) {
        single.add(ws[0]!);
        single.add(plural(ws[0]!));
      } else {
        multi.push(ws);
        multi.push([...ws.slice(0, -1), plural(ws[ws.length - 1]!)]);
      }
    }
    setWords.set(name, single);
    setPhrases.set(name, multi);
  }
  const agentMaxWords = Object.keys(dict.agents).reduce((n, k) => Math.max(n, k.split(" ").length), 1);
  loaded = { ...dict, setWords, setPhrases, agentMaxWords, general: new Set(dict.generalVerbs ?? []) };
  return loaded;
}

function plural(w: string): string {
  return /(?:s|sh|ch|x)$/u.test(w) ? `${w}es` : /[^aeiou]y$/u.test(w) ? `${w.slice(0, -1)}ies` : `${w}s`;
}

/**
 * PLOVER category and mode of a CAMEO code: the code itself, else its 3-digit parent; null when PLOVER
 * drops it (public statements, 01x) or the code is unknown.
 */
export function ploverOf(dict: LoadedDictionary, cameo: string): { type: PloverType; mode: string | null } | null {
  const hit = dict.plover[cameo] ?? (cameo.length === 4 ? dict.plover[cameo.slice(0, 3)] : undefined);
  if (!hit) return null;
  const type = hit[0] as PloverType;
  if (!(PLOVER_TYPES as readonly string[]).includes(type)) return null;
  return { type, mode: hit[1] };
}
