/**
 * Attachment scores of a parser against gold treebank sentences (CoNLL 2018 style: every word,
 * punctuation included; LAS compares full labels, subtypes included).
 */
import type { UdSentence } from "./conllu.js";
import type { ParserModel } from "./model.js";
import type { Scorer } from "./perceptron.js";
import { parseIds, parserInput } from "./parser.js";
import type { TagDictionary } from "./tagdict.js";
import { hashWords, tagIds, type WordClusters } from "./tagger.js";

/** Scores over a set of sentences. */
export interface ParseScores {
  sentences: number;
  words: number;
  /** Unlabelled attachment score. */
  uas: number;
  /** Labelled attachment score. */
  las: number;
  /** Accuracy of the Universal POS tag. */
  upos: number;
  /** Accuracy of the Penn tag. */
  xpos: number;
  /** Wall time of tagging + parsing (ms), hashing included. */
  ms: number;
}

/** Models and names needed to score (float snapshots during training, or the shipped model). */
export interface ScoringModels {
  tagger: Scorer;
  mover: Scorer;
  labeler: Scorer;
  /** Second-stage labeler (absent or null: first-stage labels). */
  relabeler?: Scorer | null;
  /** Weight of the first-stage scores in the second stage (default 1). */
  relabelPriorWeight?: number;
  /** Word clusters of the tagger's cluster features (absent or null: none). */
  clusters?: WordClusters | null;
  /** True when the parser reads the clusters too (a model trained with parser cluster features). */
  parserClusters?: boolean;
  /** The tagger's tag dictionary (absent or null: every word is scored). */
  tagDictionary?: TagDictionary | null;
  tags: readonly string[];
  labels: readonly string[];
}

/** The scoring models of a loaded parser model, with its own tag dictionary unless another is given. */
export function scoringModelsOf(
  model: ParserModel,
  tagDictionary: TagDictionary | null = model.tagDictionary,
): ScoringModels {
  return {
    tagger: model.tagger,
    mover: model.mover,
    labeler: model.labeler,
    relabeler: model.relabeler,
    relabelPriorWeight: model.relabelPriorWeight,
    clusters: model.clusters,
    parserClusters: model.parserClusters,
    tagDictionary,
    tags: model.meta.tags,
    labels: model.meta.labels,
  };
}

/** Tags and parses every sentence (gold tokenisation) and compares with gold. */
export function scoreParser(m: ScoringModels, sentences: readonly UdSentence[]): ParseScores {
  const upos = m.tags.map((t) => t.split("|")[0]);
  const xpos = m.tags.map((t) => t.split("|")[1]);
  let words = 0;
  let uas = 0;
  let las = 0;
  let uposOk = 0;
  let xposOk = 0;
  const rootLabel = m.labels.length;
  const t0 = performance.now();
  for (const s of sentences) {
    const h = hashWords(s.words, m.clusters ?? null, m.tagDictionary ?? null);
    const tags = tagIds(m.tagger, h);
    const p = parseIds(
      m.mover,
      m.labeler,
      parserInput(h.word, tags, m.parserClusters ? h.cluster : null),
      rootLabel,
      m.relabeler ?? null,
      m.relabelPriorWeight ?? 1,
    );
    for (let i = 0; i < s.words.length; i++) {
      words++;
      if (upos[tags[i]!] === s.upos[i]) uposOk++;
      if (xpos[tags[i]!] === s.xpos[i]) xposOk++;
      if (p.head[i] === s.head[i]) {
        uas++;
        const label = p.label[i] === rootLabel ? "root" : m.labels[p.label[i]!];
        if (label === s.deprel[i]) las++;
      }
    }
  }
  const ms = performance.now() - t0;
  return {
    sentences: sentences.length,
    words,
    uas: uas / words,
    las: las / words,
    upos: uposOk / words,
    xpos: xposOk / words,
    ms,
  };
}
