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
import { appositiveSpans } from "./actors.js";
import { participantCode, participantsIn } from "./participants.js";
import { LIMITS, entityOf, evidenceOf, mentionsIn, type DocView } from "./text.js";

const TWO_SIDES = /\b(?:the\s+two\s+(?:countries|sides|states|nations|leaders|capitals)|both\s+(?:countries|sides)|bilateral|between\s+them)\b/iu;

const CONFLICT_WORD = /\b(?:sanction\w*|attack\w*|invad\w*|invasion|war\s+(?:on|against)|threat\w*|hostil\w*|tensions?\s+with|confront\w*|accus\w*|against)\b/iu;

function isPair(view: DocView, m: LocalMention): boolean {
  const e = entityOf(view, m);
  return !!e && (e.type === "country" || (e.type === "organization" && participantCode(e.name) !== null));
}

/** The document's country entity for a participant code, if it has one. */
function entityForCode(view: DocView, code: string): string | null {
  for (const e of view.entities.values()) if (e.type === "country" && participantCode(e.name) === code) return e.key;
  return null;
}

const BETWEEN = /\bbetween\s+(?:the\s+)?[^,;.]{2,60}?\s+and\s+(?:the\s+)?[\p{Lu}][\p{L}-]+(?:\s+[\p{Lu}][\p{L}-]+)?/u;

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
    const enumerationHere = ENUMERATION_ITEM.test(s.trimStart());
    if (!enumerationHere && !COOPERATION_CONTEXT.test(s) && !CONFLICT_CONTEXT.test(s)) continue; // cheap screen
    // Appositives describe people ("a professor at X University"), not the relation: blank them out.
    let scan = s;
    for (const a of appositiveSpans(view, sentence.start, sEnd)) {
      const from = a.start - sentence.start;
      const to = Math.min(s.length, a.end - sentence.start);
      if (from >= 0 && to > from) scan = scan.slice(0, from) + " ".repeat(to - from) + scan.slice(to);
    }
    const areas = new Set<RelationType>();
    for (const a of RELATION_AREAS) if (a.pattern.test(scan)) areas.add(a.type);
    if (areas.has("military-technical")) areas.delete("military");
    const enumeration = enumerationHere;
    if (enumeration) enumerationParagraphRun = sentence.paragraph;
    const cooperation = COOPERATION_CONTEXT.test(scan) || (enumeration && areas.size > 0);
    const conflict = !cooperation && CONFLICT_CONTEXT.test(scan);
    if (DENY_CUES.test(s)) continue; // a denied allegation is a claim, not a relation
    if (!cooperation && !conflict) continue;
    if (areas.size === 0 && !conflict) continue;
    // Countries, and organisations that stand for a bloc (NATO, EU, UN): not media or think tanks.
    const found: Array<{ at: number; key: string }> = [];
    for (const m of mentionsIn(view, sentence.start, sEnd)) {
      const e = entityOf(view, m);
      if (!e) continue;
      if (e.type !== "country" && !(e.type === "organization" && participantCode(e.name) !== null)) continue;
      found.push({ at: m.start, key: m.entity });
    }
    // Demonym compounds name parties too: "Russian-North Korean military cooperation".
    for (const p of participantsIn(view, sentence.start, sEnd)) {
      const key = entityForCode(view, p.code);
      if (key) found.push({ at: p.start, key });
    }
    found.sort((a, b) => a.at - b.at);
    const actors: string[] = [];
    for (const f of found) if (!actors.includes(f.key) && actors.length < 5) actors.push(f.key);
    let pairs: Array<[string, string]> = [];
    if (conflict) {
      // Directed: the last actor before the conflict word against the first actor after it.
      const word = CONFLICT_WORD.exec(s);
      if (!word) continue;
      if (/\b(?:not|no\s+longer|neither|nor|never|won['’]t)\b[^,;]*$/iu.test(s.slice(0, word.index))) continue; // "will not join sanctions"
      const at = sentence.start + word.index;
      const before = mentionsIn(view, sentence.start, at).filter((m) => isPair(view, m)).pop();
      const after = mentionsIn(view, at, sEnd).find((m) => isPair(view, m));
      if (before && after && before.entity !== after.entity) pairs = [[before.entity, after.entity]];
    } else if (actors.length >= 2) {
      const between = BETWEEN.exec(s);
      const named = between ? mentionsIn(view, sentence.start + between.index, sentence.start + between.index + between[0].length).filter((m) => actors.includes(m.entity)) : [];
      if (named.length >= 2 && named[0]!.entity !== named[1]!.entity) pairs = [[named[0]!.entity, named[1]!.entity]];
      else if (actors.length === 2) pairs = [[actors[0]!, actors[1]!]];
      else if (pair && actors.includes(pair[0]) && actors.includes(pair[1])) pairs = [pair];
      else pairs = [[actors[0]!, actors[1]!]];
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
