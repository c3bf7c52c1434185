/**
 * Canonical participant codes for claim templates: "Russia", "Russian", "Moscow", "the Kremlin"
 * all become `rus`, so that "X says North Korea supplies shells to Russia" and "Y denies a
 * Russian-North Korean ammunition deal" share the key `AID|prk+rus|munitions` in every document,
 * whatever the language layer named the entities.
 */
import countries from "i18n-iso-countries";
import type { LocalMention } from "../model/pipeline.js";
import { entityOf, mentionsIn, normaliseWording, type DocView } from "./text.js";

/** Capitals, metonyms, demonyms and short forms the ISO names miss → ISO alpha-3 (lower case). */
const ALIASES: Readonly<Record<string, string>> = {
  russia: "rus",
  russian: "rus",
  russians: "rus",
  moscow: "rus",
  kremlin: "rus",
  "the kremlin": "rus",
  "russian federation": "rus",
  "soviet union": "rus",
  ussr: "rus",
  "north korea": "prk",
  "north korean": "prk",
  "north koreans": "prk",
  dprk: "prk",
  pyongyang: "prk",
  "democratic people s republic of korea": "prk",
  "south korea": "kor",
  "south korean": "kor",
  "south koreans": "kor",
  seoul: "kor",
  "republic of korea": "kor",
  rok: "kor",
  "united states": "usa",
  us: "usa",
  "u s": "usa",
  usa: "usa",
  america: "usa",
  american: "usa",
  americans: "usa",
  washington: "usa",
  "white house": "usa",
  "the white house": "usa",
  pentagon: "usa",
  "state department": "usa",
  china: "chn",
  chinese: "chn",
  beijing: "chn",
  prc: "chn",
  japan: "jpn",
  japanese: "jpn",
  tokyo: "jpn",
  ukraine: "ukr",
  ukrainian: "ukr",
  ukrainians: "ukr",
  kyiv: "ukr",
  kiev: "ukr",
  iran: "irn",
  iranian: "irn",
  tehran: "irn",
  "united kingdom": "gbr",
  uk: "gbr",
  britain: "gbr",
  british: "gbr",
  london: "gbr",
  vietnam: "vnm",
  vietnamese: "vnm",
  hanoi: "vnm",
  nato: "nato",
  "european union": "eu",
  eu: "eu",
  "united nations": "un",
  un: "un",
  "security council": "un",
  "un security council": "un",
};

const DEMONYM_PATTERN =
  /\b(?:North\s+Korean|South\s+Korean|Russian|American|Chinese|Japanese|Ukrainian|Iranian|British|Vietnamese|Soviet)s?\b/gu;

/** ISO alpha-3 (lower case) or alias code of a country name, metonym or demonym; null if unknown. */
export function participantCode(name: string): string | null {
  const norm = normaliseWording(name).replace(/^the\s+/, "");
  if (!norm) return null;
  const alias = ALIASES[norm];
  if (alias) return alias;
  const iso = countries.getAlpha3Code(name.trim(), "en") ?? countries.getAlpha3Code(norm, "en");
  return iso ? iso.toLowerCase() : null;
}

/** Code for a mention: through its entity's name, its gazetteer id or affiliation, then its surface. */
export function mentionCode(view: DocView, m: LocalMention): string | null {
  const e = entityOf(view, m);
  if (e) {
    if (e.type === "person") return null;
    const byName = participantCode(e.name) ?? participantCode(m.text);
    if (byName) return byName;
    if (e.type === "organization" && e.affiliation) return participantCode(e.affiliation);
    return null;
  }
  return participantCode(m.text);
}

/** Participant codes in `[start, end)` from mentions and demonyms, in text order, without repeats. */
export function participantsIn(
  view: DocView,
  start: number,
  end: number,
): Array<{ code: string; start: number; end: number; text: string }> {
  const found: Array<{ code: string; start: number; end: number; text: string }> = [];
  for (const m of mentionsIn(view, start, end)) {
    const code = mentionCode(view, m);
    if (code) found.push({ code, start: m.start, end: m.end, text: m.text });
  }
  const slice = view.text.slice(start, end);
  DEMONYM_PATTERN.lastIndex = 0;
  for (let d = DEMONYM_PATTERN.exec(slice); d; d = DEMONYM_PATTERN.exec(slice)) {
    const at = start + d.index;
    if (found.some((f) => at < f.end && at + d![0].length > f.start)) continue;
    const code = participantCode(d[0]);
    if (code) found.push({ code, start: at, end: at + d[0].length, text: d[0] });
  }
  found.sort((a, b) => a.start - b.start);
  return found;
}

/** Display name of a participant code. */
export function participantName(code: string): string {
  const special: Record<string, string> = {
    nato: "NATO",
    eu: "European Union",
    un: "United Nations",
    usa: "United States",
    prk: "North Korea",
    kor: "South Korea",
    rus: "Russia",
  };
  if (special[code]) return special[code]!;
  return countries.getName(code.toUpperCase(), "en") ?? code;
}
