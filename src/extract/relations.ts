/**
 * Relations by area of cooperation or conflict (military, military-technical, economic, energy,
 * labour, education, transport, political, space, science, health, culture) between actors named
 * in a sentence. Sentences that name no pair but speak of "the two countries", or enumerate tracks
 * ("First, the economic segment. Second, … military-technical cooperation."), relate the
 * document's two most-mentioned countries.
 */
import type { LocalMention, LocalRelation } from "../model/pipeline.js";
import type { RelationType } from "../model/records.js";
import { CONFLICT_CONTEXT, COOPERATION_CONTEXT, DENY_CUES, ENUMERATION_ITEM, RELATION_AREAS } from "./lexicon.js";
import { LIMITS, entityOf, evidenceOf, mentionsIn, type DocView } from "./text.js";

const TWO_SIDES = /\b(?:the\s+two\s+(?:countries|sides|states|nations|leaders|capitals)|both\s+(?:countries|sides)|bilateral|between\s+them)\b/iu;

const CONFLICT_WORD = /\b(?:sanction\w*|attack\w*|invad\w*|invasion|war\s+(?:on|against)|threat\w*|hostil\w*|tensions?\s+with|confront\w*|accus\w*|against)\b/iu;

function isPair(view: DocView, m: LocalMention): boolean {
  const t = entityOf(view, m)?.type;
  return t === "country" || t === "organization";
}

/** The document's two most-mentioned countries (by mention count), or null. */
function dominantPair(view: DocView): [string, string] | null {
  const counts = new Map<string, number>();
  for (const m of view.mentions) {
    if (entityOf(view, m)?.type !== "country") continue;
    counts.set(m.entity, (counts.get(m.entity) ?? 0) + 1);
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (top.length < 2 || top[1]![1] < 2) return null;
  return [top[0]![0], top[1]![0]];
}

/**
 * Extract relations from a document.
 * @returns one relation per sentence, pair and area
 */
export function extractRelations(view: DocView): LocalRelation[] {
  const { text } = view;
  const out: LocalRelation[] = [];
  const pair = dominantPair(view);
  let enumerationParagraphRun = -1;
  for (const sentence of view.sentences) {
    const sEnd = Math.min(sentence.end, sentence.start + LIMITS.maxSentenceChars);
    const s = text.slice(sentence.start, sEnd);
    const areas = new Set<RelationType>();
    for (const a of RELATION_AREAS) if (a.pattern.test(s)) areas.add(a.type);
    if (areas.has("military-technical")) areas.delete("military");
    const enumeration = ENUMERATION_ITEM.test(s.trimStart());
    if (enumeration) enumerationParagraphRun = sentence.paragraph;
    const cooperation = COOPERATION_CONTEXT.test(s) || (enumeration && areas.size > 0);
    const conflict = !cooperation && CONFLICT_CONTEXT.test(s);
    if (DENY_CUES.test(s)) continue; // a denied allegation is a claim, not a relation
    if (!cooperation && !conflict) continue;
    if (areas.size === 0 && !conflict) continue;
    const actors: string[] = [];
    for (const m of mentionsIn(view, sentence.start, sEnd)) {
      const e = entityOf(view, m);
      if (!e || (e.type !== "country" && e.type !== "organization")) continue;
      if (!actors.includes(m.entity)) actors.push(m.entity);
      if (actors.length >= 5) break;
    }
    let pairs: Array<[string, string]> = [];
    if (conflict) {
      // Directed: the last actor before the conflict word against the first actor after it.
      const word = CONFLICT_WORD.exec(s);
      if (!word) continue;
      const at = sentence.start + word.index;
      const before = mentionsIn(view, sentence.start, at).filter((m) => isPair(view, m)).pop();
      const after = mentionsIn(view, at, sEnd).find((m) => isPair(view, m));
      if (before && after && before.entity !== after.entity) pairs = [[before.entity, after.entity]];
    } else if (actors.length >= 2) {
      for (let i = 0; i < actors.length; i++) for (let j = i + 1; j < actors.length; j++) pairs.push([actors[i]!, actors[j]!]);
    } else if (pair && (enumeration || TWO_SIDES.test(s) || enumerationParagraphRun === sentence.paragraph)) {
      pairs = [pair];
    }
    if (pairs.length === 0) continue;
    const evidence = evidenceOf(text, sentence.start, sentence.end);
    const types: RelationType[] = conflict ? [areas.size > 0 ? [...areas][0]! : "conflict"] : [...areas];
    let emitted = 0;
    for (const [source, target] of pairs) {
      for (const type of types) {
        if (emitted >= LIMITS.maxRelationsPerSentence) break;
        out.push({ source, target, type, polarity: conflict ? "conflict" : "cooperation", evidence });
        emitted++;
      }
    }
  }
  return out;
}
