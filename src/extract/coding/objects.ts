/**
 * Objects of claims, read from the event dictionary's synonym sets: a proposition about a transfer of
 * weapons, aircraft, warships, troops, food or peacekeepers is keyed by the set its object
 * belongs to ("shells", "ammunition" and "rifles" are all `&WEAPON`), so differently worded reports of
 * one transfer share one claim. The table below only names the sets that are transferable things and
 * the label and PLOVER category a claim about them takes (CAMEO codes them under 07x, provide aid).
 */
import type { PloverType } from "../../model/records.js";
import { cameoDictionary } from "./dictionary.js";

/** Synonym set → [claim object label, PLOVER category], in priority order (first found wins). */
const TRANSFERABLE: ReadonlyArray<[string, string, PloverType]> = [
  ["militaryaid", "arms", "AID"],
  ["weapon", "arms", "AID"],
  ["wmd", "weapons of mass destruction", "AID"],
  ["naval", "warships", "AID"],
  ["aircraft", "aircraft", "AID"],
  ["military", "troops", "AID"],
  ["pko", "peacekeepers", "AID"],
  ["food", "food", "AID"],
];

/** Set members that are ordinary words in other senses ("the military said", "provisions of the treaty"). */
const AMBIGUOUS = new Set([
  "military",
  "army",
  "reserves",
  "armed forces",
  "armed services",
  "provision",
  "provisions",
  "aliment",
]);

export interface ClaimObject {
  pattern: RegExp;
  object: string;
  type: PloverType;
}

let compiled: ClaimObject[] | null = null;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Claim objects compiled from the dictionary's sets (whole words, plurals included, longest first). */
export function claimObjects(): readonly ClaimObject[] {
  if (compiled) return compiled;
  const dict = cameoDictionary();
  compiled = TRANSFERABLE.flatMap(([set, object, type]) => {
    const words = [...(dict.setWords.get(set) ?? [])].filter((w) => w.length > 2 && !AMBIGUOUS.has(w));
    const phrases = (dict.setPhrases.get(set) ?? []).map((p) => p.join(" "));
    const all = [...new Set([...phrases, ...words])]
      .filter((w) => w.length > 2 && !AMBIGUOUS.has(w))
      .sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
    if (all.length === 0) return [];
    // "arms control" is no transfer of arms.
    return [
      {
        pattern: new RegExp(
          `\\b(?:${all.map((w) => escapeRegExp(w).replace(/ /g, "[\\s-]+")).join("|")})\\b(?![\\s-]+control)`,
          "iu",
        ),
        object,
        type,
      },
    ];
  });
  return compiled;
}
