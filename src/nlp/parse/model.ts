/**
 * The parser's shipped model: tagger, move classifier and arc labeler as int8 hashed weights in
 * `data/nlp/parser/` (gzip), plus a JSON file of tag and label names. Read once, lazily.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { DossierError } from "../../util/errors.js";
import { dataPath } from "../../util/paths.js";
import { QuantizedModel, type QuantizedTables, type Scorer } from "./perceptron.js";
import { formatTagDictionary, parseTagDictionary, type TagDictionary } from "./tagdict.js";
import { parseWordClusters, type WordClusters } from "./tagger.js";

/**
 * Version of the feature templates. Weights trained with another version are refused (features are
 * hashes: a silent mismatch would give garbage parses).
 */
export const FEATURE_VERSION = "p1";

/** Version of the second-stage labeler's feature templates (src/nlp/parse/relabel.ts). */
export const RELABEL_VERSION = "r1";

/** Names and provenance stored beside the weights. */
export interface ParserMeta {
  featureVersion: string;
  /** Joint "UPOS|XPOS" tags indexed by tagger class. */
  tags: string[];
  /** Arc labels indexed by labeler class ("root" is not among them). */
  labels: string[];
  /** Training provenance (data, epochs, dev scores) for the decision record. */
  training: Record<string, unknown>;
  /** File (in the model folder) of the word clusters the tagger's cluster features read; absent: none. */
  taggerClusters?: string;
  /** True when the move classifier and labeler also read the word clusters (`taggerClusters`' file). */
  parserClusters?: boolean;
  /** Provenance of the second-stage labeler, when one ships (`version` must be {@link RELABEL_VERSION}). */
  relabeler?: { version: string } & Record<string, unknown>;
  /**
   * The tagger's tag dictionary, when one ships: its file in the model folder (gzip text, see
   * src/nlp/parse/tagdict.ts), the thresholds it was built with and how it was measured.
   */
  tagDictionary?: { file: string; minCount: number; minShare: number; words: number } & Record<string, unknown>;
}

/** A loaded model: three scorers and their names. */
export interface ParserModel {
  meta: ParserMeta;
  tagger: Scorer;
  mover: Scorer;
  labeler: Scorer;
  /** Second-stage labeler run on the finished tree, or null (first-stage labels kept). */
  relabeler: Scorer | null;
  /** Weight of the first-stage label scores added to the second stage's (chosen on dev). */
  relabelPriorWeight: number;
  /** Word clusters of the tagger's cluster features (null: a tagger without them). */
  clusters: WordClusters | null;
  /** True when the parser's own features read the clusters too ({@link ParserMeta.parserClusters}). */
  parserClusters: boolean;
  /** Words tagged without scoring ({@link ParserMeta.tagDictionary}); null: every word is scored. */
  tagDictionary: TagDictionary | null;
  /** UPOS of each joint tag. */
  upos: string[];
  /** XPOS of each joint tag. */
  xpos: string[];
}

/** Builds the derived fields of a model. */
export function makeModel(
  meta: ParserMeta,
  tagger: Scorer,
  mover: Scorer,
  labeler: Scorer,
  relabeler: Scorer | null = null,
  clusters: WordClusters | null = null,
  tagDictionary: TagDictionary | null = null,
): ParserModel {
  return {
    meta,
    tagger,
    mover,
    labeler,
    relabeler,
    clusters,
    tagDictionary,
    parserClusters: clusters !== null && meta.parserClusters === true,
    relabelPriorWeight: typeof meta.relabeler?.priorWeight === "number" ? meta.relabeler.priorWeight : 1,
    upos: meta.tags.map((t) => t.split("|")[0]!),
    xpos: meta.tags.map((t) => t.split("|")[1] ?? ""),
  };
}

/** File names inside the model folder. */
export const MODEL_FILES = {
  meta: "parser-meta.json",
  tagger: "tagger.bin.gz",
  parser: "parser.bin.gz",
  relabeler: "relabeler.bin.gz",
} as const;

/** File name of the tag dictionary in the model folder. */
export const TAG_DICTIONARY_FILE = "tag-dictionary.tsv.gz";

/** Writes a tag dictionary (gzip -9 of {@link formatTagDictionary}'s text) into `dir`; returns its byte size. */
export function saveTagDictionary(dir: string, dictionary: TagDictionary, tags: readonly string[]): number {
  mkdirSync(dir, { recursive: true });
  const gz = gzipSync(Buffer.from(formatTagDictionary(dictionary, tags), "utf8"), { level: 9 });
  writeFileSync(join(dir, TAG_DICTIONARY_FILE), gz);
  return gz.length;
}

/** Default folder of the shipped model. */
export function defaultModelDir(): string {
  return dataPath("nlp", "parser");
}

/** Writes a quantised model to `dir` (gzip -9). Returns the byte size of each file. */
export function saveModel(
  dir: string,
  meta: ParserMeta,
  tagger: QuantizedModel,
  mover: QuantizedModel,
  labeler: QuantizedModel,
): Record<string, number> {
  mkdirSync(dir, { recursive: true });
  const metaText = JSON.stringify(meta, null, 1) + "\n";
  const taggerGz = gzipSync(tagger.encode(), { level: 9 });
  const parserGz = gzipSync(Buffer.concat([mover.encode(), labeler.encode()]), { level: 9 });
  writeFileSync(join(dir, MODEL_FILES.meta), metaText);
  writeFileSync(join(dir, MODEL_FILES.tagger), taggerGz);
  writeFileSync(join(dir, MODEL_FILES.parser), parserGz);
  return {
    [MODEL_FILES.meta]: Buffer.byteLength(metaText),
    [MODEL_FILES.tagger]: taggerGz.length,
    [MODEL_FILES.parser]: parserGz.length,
  };
}

/**
 * The built weight tables of a model folder's scorers ({@link QuantizedModel.tables}), made once and handed
 * to other threads so that they adopt them instead of building them ({@link loadModel}).
 */
export interface ParserTables {
  /** The model folder they were built from. */
  dir: string;
  tagger: QuantizedTables;
  mover: QuantizedTables;
  labeler: QuantizedTables;
  relabeler: QuantizedTables | null;
}

/**
 * Reads a model folder. With `tables` (built from the same folder by {@link parserTables}, in another
 * thread), the weight files are not read and their tables not built: the scorers adopt the tables.
 * @throws DossierError NOT_FOUND when the files are missing, INTERNAL when they are corrupt, were
 *   trained with other feature templates, or `tables` do not fit the folder's model
 */
export function loadModel(dir: string = defaultModelDir(), tables?: ParserTables): ParserModel {
  let metaText: string;
  let taggerRaw: Buffer | null = null;
  let parserRaw: Buffer | null = null;
  if (tables && tables.dir !== dir)
    throw new DossierError("INTERNAL", `parser tables built from ${tables.dir} given for ${dir}`);
  try {
    metaText = readFileSync(join(dir, MODEL_FILES.meta), "utf8");
    if (!tables) {
      taggerRaw = readFileSync(join(dir, MODEL_FILES.tagger));
      parserRaw = readFileSync(join(dir, MODEL_FILES.parser));
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code === "ENOENT" ? "NOT_FOUND" : "INTERNAL";
    throw new DossierError(code, `cannot read the parser model in ${dir}: ${(err as Error).message}`, { cause: err });
  }
  const meta = JSON.parse(metaText) as ParserMeta;
  if (meta.featureVersion !== FEATURE_VERSION) {
    throw new DossierError(
      "INTERNAL",
      `parser weights use features ${meta.featureVersion}, the code expects ${FEATURE_VERSION}: rerun scripts/train-parser.ts`,
    );
  }
  let tagger: QuantizedModel;
  let mover: QuantizedModel;
  let labeler: QuantizedModel;
  try {
    if (tables) {
      tagger = new QuantizedModel(meta.tags.length, tables.tagger);
      mover = new QuantizedModel(tables.mover.nClasses, tables.mover);
      labeler = new QuantizedModel(meta.labels.length, tables.labeler);
    } else {
      tagger = QuantizedModel.decode(gunzipSync(taggerRaw!), 0).model;
      const p = gunzipSync(parserRaw!);
      const m = QuantizedModel.decode(p, 0);
      mover = m.model;
      labeler = QuantizedModel.decode(p, m.next).model;
    }
  } catch (err) {
    if (err instanceof DossierError) throw err;
    throw new DossierError("INTERNAL", `corrupt parser weights in ${dir}: ${(err as Error).message}`, { cause: err });
  }
  if (tagger.nClasses !== meta.tags.length || labeler.nClasses !== meta.labels.length) {
    throw new DossierError("INTERNAL", `parser weights do not match their tag/label lists in ${dir}`);
  }
  return makeModel(
    meta,
    tagger,
    mover,
    labeler,
    loadRelabeler(dir, meta, tables),
    loadClusters(dir, meta),
    loadTagDictionary(dir, meta),
  );
}

/**
 * The built tables of a model read by {@link loadModel} from `dir`, for {@link loadModel}'s `tables` in other
 * threads. With `shared` (the default), copies in `SharedArrayBuffer`s, which posting to a thread shares
 * instead of copying.
 * @throws DossierError INTERNAL when a scorer is not a {@link QuantizedModel} (a training-time model)
 */
export function parserTables(model: ParserModel, dir: string, shared = true): ParserTables {
  const of = (s: Scorer): QuantizedTables => {
    if (!(s instanceof QuantizedModel)) throw new DossierError("INTERNAL", "only a quantised model has tables");
    return s.tables(shared);
  };
  return {
    dir,
    tagger: of(model.tagger),
    mover: of(model.mover),
    labeler: of(model.labeler),
    relabeler: model.relabeler ? of(model.relabeler) : null,
  };
}

/**
 * Reads the tagger's tag dictionary when the meta names one; null when the model has none.
 * @throws DossierError INTERNAL when it is named but cannot be read, or names tags the model lacks
 */
function loadTagDictionary(dir: string, meta: ParserMeta): TagDictionary | null {
  if (!meta.tagDictionary) return null;
  let text: string;
  try {
    text = gunzipSync(readFileSync(join(dir, meta.tagDictionary.file))).toString("utf8");
  } catch (err) {
    throw new DossierError("INTERNAL", `cannot read the tag dictionary in ${dir}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const { dictionary, unknownTags } = parseTagDictionary(text, meta.tags);
  if (unknownTags > 0) {
    throw new DossierError("INTERNAL", `the tag dictionary in ${dir} has ${unknownTags} tag(s) the model lacks`);
  }
  return dictionary;
}

/**
 * Reads the second-stage labeler when the meta names one; null when the model has none.
 * @throws DossierError INTERNAL when it is named but missing, corrupt or of other templates
 */
function loadRelabeler(dir: string, meta: ParserMeta, tables?: ParserTables): QuantizedModel | null {
  if (!meta.relabeler) return null;
  if (meta.relabeler.version !== RELABEL_VERSION) {
    throw new DossierError(
      "INTERNAL",
      `relabeler weights use features ${meta.relabeler.version}, the code expects ${RELABEL_VERSION}: rerun scripts/train-relabeler.ts`,
    );
  }
  let model: QuantizedModel;
  try {
    model = tables?.relabeler
      ? new QuantizedModel(meta.labels.length, tables.relabeler)
      : QuantizedModel.decode(gunzipSync(readFileSync(join(dir, MODEL_FILES.relabeler))), 0).model;
  } catch (err) {
    if (err instanceof DossierError) throw err;
    throw new DossierError("INTERNAL", `cannot read the relabeler in ${dir}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (model.nClasses !== meta.labels.length) {
    throw new DossierError("INTERNAL", `relabeler weights do not match the label list in ${dir}`);
  }
  return model;
}

/**
 * Reads the tagger's word clusters when the meta names a file.
 * @throws DossierError INTERNAL when the file is named but cannot be read
 */
function loadClusters(dir: string, meta: ParserMeta): WordClusters | null {
  if (!meta.taggerClusters) return null;
  try {
    return parseWordClusters(gunzipSync(readFileSync(join(dir, meta.taggerClusters))).toString("utf8"));
  } catch (err) {
    throw new DossierError("INTERNAL", `cannot read the tagger's word clusters in ${dir}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}

let shipped: ParserModel | null = null;

/** The shipped model, read on first use and kept for the life of the process. */
export function shippedModel(): ParserModel {
  shipped ??= loadModel();
  return shipped;
}

/** The shipped model's tables in `SharedArrayBuffer`s (the model is read first if need be), for other threads. */
export function shippedParserTables(): ParserTables {
  return parserTables(shippedModel(), defaultModelDir());
}

/**
 * Makes the shipped model from tables another thread built ({@link shippedParserTables}); a model already
 * read is kept.
 * @throws DossierError as {@link loadModel}
 */
export function adoptShippedParserTables(tables: ParserTables): void {
  shipped ??= loadModel(defaultModelDir(), tables);
}
