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

const TWO_SIDES =
  /\b(?:the\s+two\s+(?:countries|sides|states|nations|leaders|capitals|governments)|both\s+(?:countries|sides|governments)|bilateral|intergovernmental|between\s+them)\b/iu;

/** Clause boundaries inside a sentence: an area keyword relates only the actors of its own clause. */
const CLAUSE_SPLIT =
  /;|\s[–—]\s|:\s|,\s+(?:and|but|while|whereas|which|who|when|where|although|though|because|as|after|before|since|saying|adding)\s|\s(?:that|which|who|whom|whose)\s/giu;

function clausesOf(text: string, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const slice = text.slice(start, end);
  let from = 0;
  CLAUSE_SPLIT.lastIndex = 0;
  for (let m = CLAUSE_SPLIT.exec(slice); m; m = CLAUSE_SPLIT.exec(slice)) {
    out.push([start + from, start + m.index]);
    from = m.index + m[0].length;
  }
  out.push([start + from, end]);
  return out.filter(([a, b]) => b > a);
}

/** The state an entity stands for, for telling two endpoints apart: a predecessor state counts as its successor. */
function stateOf(view: DocView, key: string): string {
  const e = view.entities.get(key);
  if (!e) return key;
  if (/\b(?:soviet|ussr)\b/iu.test(e.name)) return "rus";
  return participantCode(e.name) ?? (e.affiliation ? (participantCode(e.affiliation) ?? key) : key);
}

const CONFLICT_WORD =
  /\b(?:sanction\w*|attack\w*|invad\w*|invasion|war\s+(?:on|against)|threat\w*|hostil\w*|tensions?\s+with|confront\w*|accus\w*|against)\b/iu;

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
    const fullEnd = Math.min(sentence.end, sentence.start + LIMITS.maxSentenceChars);
    const enumerationHere = ENUMERATION_ITEM.test(text.slice(sentence.start, fullEnd).trimStart());
    if (DENY_CUES.test(text.slice(sentence.start, fullEnd))) continue; // a denied allegation is a claim, not a relation
    if (enumerationHere) enumerationParagraphRun = sentence.paragraph;
    let emitted = 0;
    const seen = new Set<string>();
    for (const [cStart, sEnd] of clausesOf(text, sentence.start, fullEnd)) {
      const s = text.slice(cStart, sEnd);
      // "any such trade would breach …", "aid … would matter more to …": a conjecture relates nobody.
      if (
        /\b(?:would|might|could)\s+(?:have\s+)?(?:breach\w*|violat\w*|matter|mean)\b|\bany\s+such\b|\breconsider\w*\b/iu.test(
          s,
        )
      )
        continue;
      if (!enumerationHere && !COOPERATION_CONTEXT.test(s) && !CONFLICT_CONTEXT.test(s)) continue; // cheap screen
      // Appositives describe people ("a professor at X University"), not the relation: blank them out.
      let scan = s;
      for (const a of appositiveSpans(view, cStart, sEnd)) {
        const from = a.start - cStart;
        const to = Math.min(s.length, a.end - cStart);
        if (from >= 0 && to > from) scan = scan.slice(0, from) + " ".repeat(to - from) + scan.slice(to);
      }
      const areas = new Set<RelationType>();
      for (const a of RELATION_AREAS) if (a.pattern.test(scan)) areas.add(a.type);
      if (areas.has("military-technical")) areas.delete("military");
      // "The third strand is naval.": an enumerated track may be named by its bare adjective.
      if (enumerationHere && areas.size === 0 && /\b(?:military|defen[cs]e)\b/iu.test(scan)) areas.add("military");
      const enumeration = enumerationHere;
      const cooperation = COOPERATION_CONTEXT.test(scan) || (enumeration && areas.size > 0);
      const conflict = !cooperation && CONFLICT_CONTEXT.test(scan);
      if (!cooperation && !conflict) continue;
      if (areas.size === 0 && !conflict) continue;
      // Countries, and organisations that stand for a bloc (NATO, EU, UN): not media or think tanks.
      const found: Array<{ at: number; key: string }> = [];
      for (const m of mentionsIn(view, cStart, sEnd)) {
        const e = entityOf(view, m);
        if (!e) continue;
        if (e.type !== "country" && !(e.type === "organization" && participantCode(e.name) !== null)) continue;
        found.push({ at: m.start, key: m.entity });
      }
      // Demonym compounds name parties too: "Russian-North Korean military cooperation".
      for (const p of participantsIn(view, cStart, sEnd)) {
        const key = entityForCode(view, p.code);
        if (key) found.push({ at: p.start, key });
      }
      found.sort((a, b) => a.at - b.at);
      const actors: string[] = [];
      // Distinct parties only: "the Kremlin" or "the Soviet Union" is Russia again, not a partner of it.
      for (const f of found)
        if (!actors.some((a) => stateOf(view, a) === stateOf(view, f.key)) && actors.length < 5) actors.push(f.key);
      let pairs: Array<[string, string]> = [];
      if (conflict) {
        // Directed: the last actor before the conflict word against the first actor after it.
        const word = CONFLICT_WORD.exec(s);
        if (!word) continue;
        if (/\b(?:not|no\s+longer|neither|nor|never|won['’]t)\b[^,;]*$/iu.test(s.slice(0, word.index))) continue; // "will not join sanctions"
        if (
          /\b(?:block\w*|veto\w*|oppos\w*|lift\w*|eas(?:e|ed|es|ing)|shield\w*)\s+(?:[\p{L}-]+\s+){0,2}$/iu.test(
            s.slice(0, word.index),
          )
        )
          continue; // "blocked new sanctions" protects the target
        const at = cStart + word.index;
        const before = mentionsIn(view, cStart, at)
          .filter((m) => isPair(view, m))
          .pop();
        const after = mentionsIn(view, at, sEnd).find((m) => isPair(view, m));
        if (before && after && stateOf(view, before.entity) !== stateOf(view, after.entity))
          pairs = [[before.entity, after.entity]];
      } else if (actors.length >= 2) {
        const between = BETWEEN.exec(s);
        const named = between
          ? mentionsIn(view, cStart + between.index, cStart + between.index + between[0].length).filter((m) =>
              actors.includes(m.entity),
            )
          : [];
        if (named.length >= 2 && stateOf(view, named[0]!.entity) !== stateOf(view, named[1]!.entity))
          pairs = [[named[0]!.entity, named[1]!.entity]];
        else if (actors.length === 2) pairs = [[actors[0]!, actors[1]!]];
        else if (pair && actors.includes(pair[0]) && actors.includes(pair[1])) pairs = [pair];
        else pairs = [[actors[0]!, actors[1]!]];
      } else if (pair && (enumeration || TWO_SIDES.test(s) || enumerationParagraphRun === sentence.paragraph)) {
        pairs = [pair];
      }
      if (pairs.length === 0) continue;
      const evidence = evidenceOf(text, sentence.start, sentence.end);
      const types: RelationType[] = conflict ? [areas.size > 0 ? [...areas][0]! : "conflict"] : [...areas];
      for (const [source, target] of pairs) {
        for (const type of types) {
          if (emitted >= LIMITS.maxRelationsPerSentence) break;
          if (seen.has(`${source}|${target}|${type}`)) continue;
          seen.add(`${source}|${target}|${type}`);
          out.push({ source, target, type, polarity: conflict ? "conflict" : "cooperation", evidence });
          emitted++;
        }
      }
    }
  }
  return out;
}
