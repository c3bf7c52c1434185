/**
 * Noun events: a deverbal noun ("the strike by dock workers", "the arrest of the mayor", "a ban on
 * rallies", "the Israeli air strike on a camp") is coded through the CAMEO verb it derives from
 * (WordNet derivations compiled into the dictionary's `eventNouns`), over a frame built from its noun
 * phrase: the "by X" or "between X and Y" phrase, a possessor ("Russia's invasion") or a national
 * modifier ("Israeli air strike") is the actor; an "of X" complement reads as the verb's object.
 * When the phrase names no actor, the noun takes the actor of an uncoded verb it is the object of
 * ("Britain announced new sanctions"), or the by-agent of a passive one.
 */
import type { Token } from "../../model/pipeline.js";
import type { LoadedDictionary } from "./dictionary.js";
import type { TokenRange, VerbFrame } from "./frames.js";

/** Tokens that end a noun phrase's complements. */
const PHRASE_END = new Set(["VERB", "AUX", "PUNCT", "SCONJ", "CCONJ"]);
const MODIFIER = new Set(["ADJ", "NOUN", "PROPN", "NUM"]);
/** Longest stretch of complements looked at after the noun. */
const MAX_COMPLEMENT = 12;

/** The noun group starting at token `i` (determiners, modifiers, nouns), up to `limit`. */
function nounGroup(tokens: Token[], i: number, limit: number): TokenRange {
  let e = i;
  while (
    e < limit &&
    (tokens[e]!.pos === "DET" || MODIFIER.has(tokens[e]!.pos) || /^['’]s?$|^-$/u.test(tokens[e]!.text))
  )
    e++;
  return { start: i, end: Math.max(i + 1, e) };
}

/** The noun's light-verb reading ("stage a strike", "hold drills"): verbs whose blocks name event nouns. */
export const LIGHT_VERBS = ["stage", "launch", "hold"];

/** Is token `i` the head of its noun group (no noun follows it)? */
function isHeadNoun(tokens: Token[], i: number, end: number): boolean {
  const next = i + 1 < end ? tokens[i + 1]! : null;
  return !next || !(next.pos === "NOUN" || next.pos === "PROPN");
}

/** Complement tokens after the noun, and the actor phrases among them (by X, between X and Y). */
function complements(tokens: Token[], noun: number, end: number): { post: number[]; actors: TokenRange[] } {
  const post: number[] = [];
  const actors: TokenRange[] = [];
  let j = noun + 1;
  const limit = Math.min(end, noun + 1 + MAX_COMPLEMENT);
  // "between X and Y" and "X and Y" inside it are the one place a conjunction stays in the phrase.
  while (j < limit) {
    const t = tokens[j]!;
    const low = t.text.toLowerCase();
    if (low === "by" || low === "between") {
      const first = nounGroup(tokens, j + 1, limit);
      if (first.end <= first.start + 0 || first.start >= limit) break;
      actors.push(first);
      j = first.end;
      if (low === "between" && j < limit && /^(?:and|&)$/iu.test(tokens[j]!.text)) {
        const second = nounGroup(tokens, j + 1, limit);
        actors.push(second);
        j = second.end;
      }
      continue;
    }
    if (PHRASE_END.has(t.pos) && !/^['’]s?$|^-$/u.test(t.text)) break;
    // The first "of" after the noun introduces what a verb would take as object: "arrest of X".
    if (!(j === noun + 1 && low === "of")) post.push(j);
    j++;
  }
  return { post, actors };
}

/** The by-agent noun group of a passive frame, if any. */
export function byAgent(tokens: Token[], frame: VerbFrame): TokenRange[] {
  const k = frame.post.findIndex((i) => tokens[i]!.text.toLowerCase() === "by");
  if (k < 0) return [];
  const r = nounGroup(tokens, frame.post[k]! + 1, frame.clause.end);
  return r.start < frame.clause.end ? [r] : [];
}

/** Modifiers before the noun ("the Israeli air"), and the possessor if any ("Russia's"). */
function modifiers(tokens: Token[], noun: number, start: number): TokenRange | null {
  let k = noun - 1;
  while (k >= start && (MODIFIER.has(tokens[k]!.pos) || /^['’]s?$/u.test(tokens[k]!.text))) k--;
  return k + 1 < noun ? { start: k + 1, end: noun } : null;
}

function actorLike(dict: LoadedDictionary, tokens: Token[], r: TokenRange): boolean {
  for (let k = r.start; k < r.end; k++) {
    const t = tokens[k]!;
    if (t.pos !== "NOUN" || /^['’]s?$/u.test(t.text) || dict.agents[t.text.toLowerCase()]) return true;
  }
  return false;
}

/**
 * Frames of the event nouns of one sentence.
 * @param covered token indices already inside a coded verb's object side (not coded again)
 * @param inheritedActor actor phrases of the uncoded verb that governs a token (its subject, or the
 *   by-agent of a passive whose subject holds the token), empty when there is none
 */
export function nounFrames(
  dict: LoadedDictionary,
  tokens: Token[],
  range: TokenRange,
  covered: Set<number>,
  inheritedActor: (i: number) => TokenRange[],
): VerbFrame[] {
  const nouns = dict.eventNouns;
  if (!nouns) return [];
  const out: VerbFrame[] = [];
  for (let i = range.start; i < range.end; i++) {
    const t = tokens[i]!;
    if (t.pos !== "NOUN" || covered.has(i) || !isHeadNoun(tokens, i, range.end)) continue;
    const lemma = (t.lemma || t.text).toLowerCase();
    const verbs = nouns[lemma] ?? nouns[t.text.toLowerCase()];
    if (!verbs || verbs.length === 0) continue;
    const { post, actors } = complements(tokens, i, range.end);
    let subjects = actors;
    const pre = modifiers(tokens, i, range.start);
    // A modifier names the actor when it is a name, a nationality, a possessor or an agent noun ("police
    // raid"); a plain noun compound ("hunger strike") leaves the actor to the clause.
    if (subjects.length === 0 && pre && actorLike(dict, tokens, pre)) subjects = [pre];
    if (subjects.length === 0) subjects = inheritedActor(i);
    const all = [i, ...post, ...subjects.flatMap((s) => [s.start, s.end - 1])];
    out.push({
      verb: i,
      base: verbs[0]!,
      passive: false,
      subjects,
      pre: pre ? Array.from({ length: pre.end - pre.start }, (_, k) => pre.start + k) : [],
      post,
      complement: false,
      governor: -1,
      auxiliaries: [],
      clause: { start: Math.min(...all), end: Math.max(...all) + 1 },
    });
  }
  return out;
}
