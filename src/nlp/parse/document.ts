/**
 * Parses every sentence of an analysed English document and writes `pos`, `head` (an index into the
 * document's token array, -1 for a sentence root) and `dep` onto its tokens.
 */
import type { Token } from "../../model/pipeline.js";
import { MAX_PARSE_WORDS, parseTokens } from "./index.js";
import { shippedModel, type ParserModel } from "./model.js";

/**
 * Parses the tokens of each sentence in place.
 * @param tokens the document's tokens, in text order
 * @param sentenceOf sentence index of each token (non-decreasing)
 * @param model parser model (default: the shipped one)
 * @returns notes for the analysis (sentences parsed in windows)
 */
export function parseDocumentTokens(
  tokens: Token[],
  sentenceOf: ArrayLike<number>,
  model: ParserModel = shippedModel(),
): string[] {
  let windowed = 0;
  let from = 0;
  while (from < tokens.length) {
    let to = from + 1;
    while (to < tokens.length && sentenceOf[to] === sentenceOf[from]) to++;
    const texts: string[] = [];
    for (let k = from; k < to; k++) texts.push(tokens[k]!.text);
    if (texts.length > MAX_PARSE_WORDS) windowed++;
    const p = parseTokens(texts, model);
    for (let k = from; k < to; k++) {
      const t = tokens[k]!;
      const h = p.head[k - from]!;
      t.pos = p.upos[k - from]!;
      t.head = h === -1 ? -1 : from + h;
      t.dep = p.deprel[k - from]!;
    }
    from = to;
  }
  return windowed > 0
    ? [`${windowed} sentence(s) longer than ${MAX_PARSE_WORDS} words parsed in windows of ${MAX_PARSE_WORDS}`]
    : [];
}
