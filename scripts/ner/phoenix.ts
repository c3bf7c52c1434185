/**
 * Compiles the Phoenix actor dictionaries of PETRARCH2 (../shared/data/petrarch2, MIT, Open Event
 * Data Alliance) into the compact actor list the gazetteer ships (data/nlp/phoenix-actors.json.gz).
 *
 * Kept: people (CountryInfo leaders and officials, IGO office holders) with their dated roles, national
 * institutions, IGOs, NGOs, multinational companies and armed non-state groups. Dropped: country
 * entries (the country tables cover them) and synonyms that carry a title or an honorific ("PRESIDENT_
 * PUTIN", "MR._OBAMA"): a title is a role, never part of a name. The title in such a synonym is read
 * as the office the person held. Names are upper case in the source; they are title-cased here
 * (acronyms of up to five letters without vowels, or listed as such, stay upper case).
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";

/** A compiled actor (the shipped record). */
export interface PhoenixActor {
  id: string;
  type: "person" | "organization";
  name: string;
  aliases: string[];
  /** ISO alpha-3 (or CAMEO three-letter) country of the actor's first code; null for international actors. */
  country: string | null;
  /** CAMEO actor codes with their validity: from inclusive, to exclusive, ISO dates or null. */
  roles: Array<{ code: string; office: string | null; from: string | null; to: string | null }>;
}

interface RawEntry {
  names: string[];
  codes: Array<{ code: string; from: string | null; to: string | null; note?: string }>;
  countryInfo: boolean;
  file: string;
}

/** `YYMMDD` / `YYYYMMDD` → ISO date (00–30 → 20YY, else 19YY); null when malformed. */
export function phoenixDate(d: string): string | null {
  const s = d.trim();
  if (/^\d{6}$/.test(s)) {
    const yy = Number(s.slice(0, 2));
    return `${yy <= 30 ? 2000 + yy : 1900 + yy}-${s.slice(2, 4)}-${s.slice(4, 6)}`;
  }
  if (/^\d{8}$/.test(s)) return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
  return null;
}

/** Parses one `[CODE restriction]` body. */
function parseCode(body: string): RawEntry["codes"][number] | null {
  const m = /^\s*([A-Z0-9~]+)\s*(.*)$/.exec(body);
  if (!m) return null;
  const code = m[1]!;
  const r = m[2]!.trim();
  if (r === "") return { code, from: null, to: null };
  if (r.startsWith(">")) return { code, from: phoenixDate(r.slice(1)), to: null };
  if (r.startsWith("<")) return { code, from: null, to: phoenixDate(r.slice(1)) };
  const range = /^(\d+)\s*-\s*(\d+)$/.exec(r);
  if (range) return { code, from: phoenixDate(range[1]!), to: phoenixDate(range[2]!) };
  return null;
}

function readEntries(file: string, text: string): RawEntry[] {
  const out: RawEntry[] = [];
  let cur: RawEntry | null = null;
  for (const rawLine of text.split("\n")) {
    const comment = rawLine.indexOf("#");
    const line = (comment >= 0 ? rawLine.slice(0, comment) : rawLine).replace(/\s+$/, "");
    const countryInfo = /countryinfo/i.test(rawLine.slice(comment >= 0 ? comment : rawLine.length));
    if (line.trim() === "") continue;
    const note = comment >= 0 ? rawLine.slice(comment + 1).trim() : "";
    const codes = [...line.matchAll(/\[([^\]}]*)[\]}]/g)]
      .map((m) => parseCode(m[1]!))
      .filter((c): c is NonNullable<typeof c> => c !== null);
    if (note && !/countryinfo/i.test(note)) for (const c of codes) c.note = note;
    const phrase = line.replace(/\[[^\]}]*[\]}]/g, "").trim();
    if (phrase === "") {
      if (cur) cur.codes.push(...codes);
      continue;
    }
    if (phrase.startsWith("+")) {
      if (cur) cur.names.push(phrase.slice(1));
      if (cur) cur.codes.push(...codes);
      continue;
    }
    cur = { names: [phrase], codes, countryInfo, file };
    out.push(cur);
  }
  return out;
}

/** Words that make a name an institution, not a person. */
const ORG_WORDS = new Set(
  "ADMINISTRATION AGENCY ALLIANCE ARMY ASSEMBLY ASSOCIATION AUTHORITY BANK BOARD BRIGADE BRIGADES BUREAU CABINET CENTER CENTRE CHAMBER COALITION COMMAND COMMISSION COMMITTEE COMMUNITY COMPANY CONFERENCE CONGRESS CORPORATION CORPS COUNCIL COURT DEPARTMENT DIRECTORATE FEDERATION FORCE FORCES FOUNDATION FRONT FUND GOVERNMENT GROUP GUARD GUARDS HOUSE INC INSTITUTE LEAGUE LTD MILITARY MINISTRY MISSION MOVEMENT NAVY OFFICE ORGANISATION ORGANIZATION PARLIAMENT PARTY POLICE PROGRAM PROGRAMME REGIME SECRETARIAT SENATE SERVICE SERVICES SOCIETY TEAM TRIBUNAL UNION UNIVERSITY ARMED AIRLINES AIRWAYS HOLDINGS INDUSTRIES INTERNATIONAL SYSTEMS TECHNOLOGIES ENERGY PETROLEUM OIL TELECOM GROUP".split(
    " ",
  ),
);

/** Modifiers of generic institution names ("National Assembly", "Supreme Court", "Foreign Ministry"). */
const GENERIC_MODIFIERS = new Set(
  "SECURITY SUPREME NATIONAL CENTRAL FOREIGN DEFENSE DEFENCE INTERIOR JUSTICE HEALTH FINANCE STATE FEDERAL CONSTITUTIONAL HIGH GENERAL INTERIM TRANSITIONAL MILITARY ELECTORAL ELECTION HUMAN RIGHTS PUBLIC PRESIDENTIAL ROYAL ARMED SPECIAL POLICE REVOLUTIONARY ISLAMIC POPULAR DEMOCRATIC REPUBLICAN LIBERAL CONSERVATIVE LABOUR LABOR SOCIAL SOCIALIST COMMUNIST GREEN WORKERS INDEPENDENT NAVAL AIR COAST BORDER PRIME MINISTER'S CABINET EDUCATION AGRICULTURE ENVIRONMENT TRADE ECONOMY ENERGY INTELLIGENCE OPPOSITION RULING UPPER LOWER PEOPLE'S PROVINCIAL REGIONAL LOCAL CITY MUNICIPAL DISTRICT APPEALS APPEAL CRIMINAL CIVIL ADMINISTRATIVE EXECUTIVE LEGISLATIVE".split(
    " ",
  ),
);

/**
 * Office read off the sector part of a CountryInfo government code. XXXGOVMIL covers defence ministers and
 * security-service chiefs alike, so it is a "Security Minister", which no stated "defence minister" matches.
 */
const SECTOR_OFFICE: Record<string, string> = {
  MIL: "Security Minister",
  JUD: "Justice Minister",
  COP: "Interior Minister",
  BUS: "Economy Minister",
  EDU: "Education Minister",
  HLH: "Health Minister",
  AGR: "Agriculture Minister",
  ENV: "Environment Minister",
  LAB: "Labour Minister",
  MED: "Information Minister",
  DEV: "Development Minister",
  SPY: "Intelligence Chief",
  REF: "Refugees Minister",
  HRI: "Human Rights Minister",
};

const SMALL = new Set([
  "of",
  "the",
  "and",
  "for",
  "de",
  "la",
  "del",
  "al",
  "bin",
  "van",
  "von",
  "der",
  "du",
  "on",
  "in",
]);
/** Title-cases an upper-case dictionary phrase ("SERGEY_V._LAVROV" → "Sergey V. Lavrov"). */
export function titleCase(phrase: string, keepUpper: (w: string) => boolean): string {
  const words = phrase
    .replace(/_+$/, "")
    .split("_")
    .filter((w) => w.length > 0);
  return words
    .map((w, i) => {
      const low = w.toLowerCase();
      if (i > 0 && SMALL.has(low)) return low;
      if (keepUpper(w)) return w;
      return low.replace(/(^|[-'’.(])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase());
    })
    .join(" ");
}

/**
 * Reads the three actor files and compiles them.
 * @param dir the petrarch2 data folder
 * @param titleOf office named by a title at the start of a phrase (lower-case words), or null
 * @param isCommonWord true for single words that are ordinary English (dropped as one-word names)
 * @param isCountryName true for names the country tables already hold
 */
export function compilePhoenix(
  dir: string,
  titleOf: (words: string[]) => { office: string; words: number } | null,
  isCommonWord: (w: string) => boolean,
  isCountryName: (name: string) => boolean,
): PhoenixActor[] {
  const read = (f: string): string =>
    f.endsWith(".gz") ? gunzipSync(readFileSync(join(dir, f))).toString("utf8") : readFileSync(join(dir, f), "utf8");
  const entries = [
    ...readEntries("Countries", read("Phoenix.Countries.actors.txt.gz")),
    ...readEntries("International", read("Phoenix.International.actors.txt.gz")),
    ...readEntries("MilNonState", read("Phoenix.MilNonState.actors.txt")),
  ];
  const keepUpper = (w: string): boolean =>
    (w.length <= 5 && !/[AEIOUY]/.test(w.replace(/\./g, ""))) ||
    /^[A-Z]\.$/.test(w) ||
    /^(?:UN|US|EU|NATO|OPEC|ASEAN|IMF|WHO|UNICEF|UNESCO|UNHCR|ICRC|OSCE|IAEA|BBC|CNN|IBM|BP|HSBC|AU|ECOWAS|ICC|FIFA|IOC|WTO|OECD|NGO|PLO|ANC|ETA|IRA|FARC|ELN|PKK|LTTE|ISIS|ISIL|AQIM|MEND|SPLA|SPLM|RUF|UNITA|MPLA|FRELIMO|RENAMO|ZANU|PF|MDC|KMT|DPP|BJP|PPP|PML|AKP|CHP|MHP|HDP)$/.test(
      w,
    );
  const out: PhoenixActor[] = [];
  const ids = new Set<string>();
  for (const e of entries) {
    const primary = e.names[0]!.replace(/_+$/, "");
    if (e.codes.length > 0 && e.codes.every((c) => /^[A-Z]{3}$/.test(c.code))) continue; // a country entry
    if (/[^\x20-\x7e]/.test(e.names.join(""))) continue; // mojibake names
    const allCodes = e.codes;
    const country =
      allCodes
        .map((c) => c.code.slice(0, 3))
        .find((c) => /^[A-Z]{3}$/.test(c) && !/^(?:IGO|NGO|IMG|MNC|UNO|UNK)$/.test(c)) ?? null;
    const words = primary.split("_");
    const orgLike =
      words.some((w) => ORG_WORDS.has(w)) ||
      allCodes.some((c) => /^(?:IGO|NGO|MNC|IMG)/.test(c.code) && c.from === null && c.to === null) ||
      e.file === "MilNonState";
    const person =
      e.countryInfo ||
      (!orgLike && allCodes.some((c) => c.from !== null || c.to !== null) && words.length >= 2 && words.length <= 5);
    const type: PhoenixActor["type"] = person ? "person" : "organization";
    if (!person && !orgLike) continue; // unknown kind (bare one-word entries, places): not kept
    // names: drop titled synonyms (but read their office), demonym-led person phrases, honorifics
    const names: string[] = [];
    const offices = new Map<string, number>();
    for (const raw of e.names) {
      const ws = raw
        .replace(/_+$/, "")
        .split("_")
        .filter((w) => w.length > 0);
      if (ws.length === 0 || ws.some((w) => /[^A-Za-z0-9.'&-]/.test(w))) continue;
      if (type === "person") {
        // skip leading country words ("RUSSIAN_FOREIGN_MINISTER_…"), then look for a title
        let k = 0;
        for (let moved = true; moved && k < ws.length - 1; ) {
          moved = false;
          for (let len = Math.min(4, ws.length - 1 - k); len >= 1; len--) {
            const piece = ws.slice(k, k + len);
            if (
              isCountryName(titleCase(piece.join("_"), keepUpper)) ||
              (len === 1 && /^(?:US|U\.S\.|UN|U\.N\.|[A-Z]+(?:IAN|ESE|ISH|ICAN|I|AN))$/.test(piece[0]!))
            ) {
              k += len;
              moved = true;
              break;
            }
          }
        }
        const t = titleOf(ws.slice(k).map((w) => w.toLowerCase()));
        if (t) {
          offices.set(t.office, (offices.get(t.office) ?? 0) + 1);
          continue;
        }
        if (
          /^(?:THE|FORMER|EX|ACTING|PRESIDENT-ELECT|PRIME-MINISTER-ELECT)$/.test(ws[k]!) ||
          ws.some((w) => ORG_WORDS.has(w))
        )
          continue;
        if (/^(?:MR|MRS|MS|DR|MISS|SIR|MADAM|MR\.|MRS\.|MS\.|DR\.)$/.test(ws[0]!)) continue;
      }
      if (ws[0] === "THE" && ws.length > 1) ws.shift(); // "THE_UN": the article is no part of the name
      // a generic institution name ("SECURITY_COUNCIL", "SUPREME_COURT", "INTERIOR_MINISTRY") names one in every
      // country: without its country it is no name of this actor
      if (
        type === "organization" &&
        ws.length <= 3 &&
        ORG_WORDS.has(ws[ws.length - 1]!) &&
        ws.slice(0, -1).every((w) => GENERIC_MODIFIERS.has(w))
      )
        continue;
      const name = titleCase(ws.join("_"), keepUpper);
      if (ws.length === 1 && (isCommonWord(name) || name.length < 3)) continue;
      if (isCountryName(name)) continue;
      if (!names.includes(name)) names.push(name);
    }
    // an institution's aliases name it (an org word, an acronym, or a word of its primary name); Phoenix also
    // lists spokespeople and leaders under their organisation ("JOHN_KIRBY" under the US military): not names of it
    if (type === "organization") {
      const primaryWords = new Set(names[0]?.toLowerCase().split(" ") ?? []);
      for (let k = names.length - 1; k >= 1; k--) {
        const ws = names[k]!.split(" ");
        const ok =
          ws.some((w) => ORG_WORDS.has(w.toUpperCase())) ||
          /^[A-Z0-9.&-]{2,8}$/.test(names[k]!) ||
          ws.some((w) => w.length > 3 && primaryWords.has(w.toLowerCase()));
        if (!ok) names.splice(k, 1);
      }
    }
    if (names.length === 0) continue;
    // a one-word person name is a surname alias; the entry needs a full name first
    if (type === "person" && names[0]!.split(" ").length < 2) continue;
    const roles: PhoenixActor["roles"] = [];
    // the office its titled synonyms name most often goes to the latest government role without one
    const topOffice = [...offices.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
    let latestGov = -1;
    allCodes.forEach((c, i) => {
      if (
        /^[A-Z]{3}GOV$/.test(c.code) &&
        c.from !== null &&
        (latestGov < 0 || (c.from ?? "") >= (allCodes[latestGov]!.from ?? ""))
      )
        latestGov = i;
    });
    allCodes.forEach((c, i) => {
      let office: string | null = null;
      const noted = c.note
        ? titleOf(
            c.note
              .toLowerCase()
              .replace(/\bsec\b\.?/g, "secretary")
              .replace(/\bmin\.? of\b/g, "minister of")
              .replace(/\bpm\b/g, "prime minister")
              .split(/\s+/),
          )
        : null;
      const gov = /^[A-Z]{3}GOV([A-Z]{3})?/.exec(c.code);
      if (noted && type === "person") office = noted.office;
      else if (gov?.[1] && SECTOR_OFFICE[gov[1]]) office = SECTOR_OFFICE[gov[1]]!;
      else if (gov && i === latestGov && topOffice && type === "person") office = topOffice;
      else if (/^[A-Z]{3}LEG/.test(c.code) && type === "person") office = "Lawmaker";
      roles.push({ code: c.code, office, from: c.from, to: c.to });
    });
    let id =
      "phoenix:" +
      primary
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-|-$/g, "");
    if (ids.has(id)) id += "-" + (country ?? "x").toLowerCase();
    let n = 2;
    while (ids.has(id)) id = id.replace(/~\d+$/, "") + "~" + n++;
    ids.add(id);
    out.push({ id, type, name: names[0]!, aliases: names.slice(1), country, roles });
  }
  return out;
}
