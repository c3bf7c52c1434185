/**
 * Titles and roles: a lexicon mapping how news text names an office ("Foreign Minister", "top
 * diplomat", "defense chief", "spokesman") — including machine-spun variants ("International Minister",
 * "Ministry of Protection") — to one canonical office, plus the organisation-name canonicalisation the
 * entity layer needs ("Ministry of Protection" → "Ministry of Defense").
 *
 * The provenance layer keeps the full spin lexicon (data/spin-lexicon.json); this table only covers
 * titles and institution names, which role matching and entity naming depend on.
 */

/** A canonical office with the surface forms that name it (lower-case, single spaces). */
export interface OfficeEntry {
  office: string;
  /** Generic offices ("Minister") match any more specific office of the same family. */
  family: "minister" | "leader" | "spokesperson" | "diplomat" | "military" | "official" | "legislator" | "other";
  forms: string[];
  /** Spun (machine-paraphrased) forms: recognised, canonicalised, flagged. */
  spun?: string[];
}

/** The office lexicon. Order matters only for readability; look-up is by exact form. */
export const OFFICES: OfficeEntry[] = [
  {
    office: "Foreign Minister",
    family: "minister",
    forms: [
      "foreign minister",
      "minister of foreign affairs",
      "foreign affairs minister",
      "top diplomat",
      "chief diplomat",
      "foreign secretary",
      "minister for foreign affairs",
    ],
    spun: [
      "international minister",
      "overseas minister",
      "minister of international affairs",
      "exterior minister",
      "abroad minister",
      "overseas affairs minister",
    ],
  },
  {
    office: "First Vice Foreign Minister",
    family: "minister",
    forms: ["first vice foreign minister", "first vice-foreign minister", "first deputy foreign minister"],
  },
  {
    office: "Deputy Foreign Minister",
    family: "minister",
    forms: ["deputy foreign minister", "vice foreign minister", "vice-foreign minister"],
  },
  {
    office: "Defense Minister",
    family: "minister",
    forms: [
      "defense minister",
      "defence minister",
      "minister of defense",
      "minister of defence",
      "defense chief",
      "defence chief",
      "defense secretary",
      "defence secretary",
      "secretary of defense",
      "minister of national defense",
      "minister of national defence",
    ],
    spun: ["protection minister", "minister of protection", "head of the ministry of protection", "protection chief"],
  },
  {
    office: "Minister of Natural Resources",
    family: "minister",
    forms: ["minister of natural resources", "natural resources minister"],
  },
  {
    office: "Prime Minister",
    family: "leader",
    forms: ["prime minister", "premier", "pm"],
    spun: ["high minister", "prime mister"],
  },
  { office: "First Deputy Prime Minister", family: "minister", forms: ["first deputy prime minister"] },
  {
    office: "Deputy Prime Minister",
    family: "minister",
    forms: ["deputy prime minister", "vice premier", "vice prime minister", "deputy premier"],
  },
  {
    office: "Justice Minister",
    family: "minister",
    forms: ["justice minister", "minister of justice", "minister for justice", "justice secretary"],
  },
  {
    office: "Interior Minister",
    family: "minister",
    forms: [
      "interior minister",
      "minister of the interior",
      "minister of interior",
      "home secretary",
      "home minister",
      "home affairs minister",
      "minister of home affairs",
      "interior secretary",
    ],
  },
  {
    office: "Finance Minister",
    family: "minister",
    forms: [
      "finance minister",
      "minister of finance",
      "minister for finance",
      "treasury secretary",
      "secretary of the treasury",
      "chancellor of the exchequer",
      "finance secretary",
    ],
  },
  {
    office: "Economy Minister",
    family: "minister",
    forms: [
      "economy minister",
      "minister of economy",
      "minister of the economy",
      "economic minister",
      "economics minister",
      "trade minister",
      "minister of trade",
      "commerce secretary",
      "commerce minister",
      "industry minister",
      "energy minister",
      "minister of energy",
      "oil minister",
    ],
  },
  {
    office: "Education Minister",
    family: "minister",
    forms: ["education minister", "minister of education", "education secretary", "secretary of education"],
  },
  {
    office: "Health Minister",
    family: "minister",
    forms: ["health minister", "minister of health", "health secretary", "secretary of health"],
  },
  {
    office: "Agriculture Minister",
    family: "minister",
    forms: ["agriculture minister", "minister of agriculture", "agriculture secretary", "farm minister"],
  },
  {
    office: "Environment Minister",
    family: "minister",
    forms: ["environment minister", "minister of the environment", "minister of environment", "environment secretary"],
  },
  {
    office: "Labour Minister",
    family: "minister",
    forms: [
      "labour minister",
      "labor minister",
      "minister of labour",
      "minister of labor",
      "labor secretary",
      "labour secretary",
    ],
  },
  {
    office: "Information Minister",
    family: "minister",
    forms: ["information minister", "minister of information", "communications minister"],
  },
  { office: "Development Minister", family: "minister", forms: ["development minister", "minister of development"] },
  { office: "Refugees Minister", family: "minister", forms: ["refugees minister", "minister of refugees"] },
  { office: "Human Rights Minister", family: "minister", forms: ["human rights minister", "minister of human rights"] },
  {
    office: "Intelligence Chief",
    family: "official",
    forms: ["intelligence chief", "spy chief", "head of intelligence", "director of national intelligence"],
  },
  { office: "Attorney General", family: "official", forms: ["attorney general", "attorney-general"] },
  { office: "Minister", family: "minister", forms: ["minister", "cabinet minister"] },
  { office: "President", family: "leader", forms: ["president", "head of state"], spun: ["chairman of the country"] },
  {
    office: "Leader",
    family: "leader",
    forms: ["leader", "supreme leader", "chairman", "general secretary", "ruler", "dictator", "head of the country"],
    spun: ["chief", "supreme chief", "chief of the country"],
  },
  { office: "Chancellor", family: "leader", forms: ["chancellor", "federal chancellor", "kanzler", "bundeskanzler"] },
  {
    office: "President of the State Affairs Commission",
    family: "leader",
    forms: [
      "president of the state affairs commission",
      "chairman of the state affairs commission",
      "state affairs commission chairman",
      "state council chairman",
    ],
  },
  {
    office: "General Secretary of the Workers' Party of Korea",
    family: "leader",
    forms: ["general secretary of the workers' party of korea", "wpk general secretary"],
  },
  { office: "Chief Cabinet Secretary", family: "official", forms: ["chief cabinet secretary", "cabinet secretary"] },
  { office: "Secretary of State", family: "minister", forms: ["secretary of state"] },
  {
    office: "National Security Advisor",
    family: "official",
    forms: ["national security advisor", "national security adviser"],
  },
  {
    office: "Secretary of the Security Council",
    family: "official",
    forms: ["secretary of the security council", "security council secretary"],
  },
  {
    office: "Deputy Chairman of the Security Council",
    family: "official",
    forms: ["deputy chairman of the security council", "deputy head of the security council"],
  },
  { office: "Secretary-General", family: "official", forms: ["secretary-general", "secretary general", "un chief"] },
  {
    office: "Spokesperson",
    family: "spokesperson",
    forms: ["spokesman", "spokeswoman", "spokesperson", "press secretary", "official representative", "mouthpiece"],
    spun: ["speaker", "talking head"],
  },
  {
    office: "Ambassador",
    family: "diplomat",
    forms: ["ambassador", "envoy", "special envoy", "special representative"],
  },
  { office: "Diplomat", family: "diplomat", forms: ["diplomat", "top official"] },
  {
    office: "Head of Roscosmos",
    family: "official",
    forms: ["head of roscosmos", "roscosmos chief", "roscosmos head"],
  },
  {
    office: "Chief of the General Staff",
    family: "military",
    forms: ["chief of the general staff", "chief of general staff", "army chief"],
  },
  { office: "Commander", family: "military", forms: ["commander", "commander-in-chief", "field commander"] },
  { office: "Governor", family: "official", forms: ["governor", "gov.", "gov"] },
  { office: "Lieutenant Governor", family: "official", forms: ["lieutenant governor", "lt. gov.", "lt. governor"] },
  { office: "Mayor", family: "official", forms: ["mayor"] },
  { office: "Senator", family: "legislator", forms: ["senator", "sen.", "sens.", "state senator", "u.s. sen."] },
  {
    office: "Representative",
    family: "legislator",
    forms: [
      "representative",
      "rep.",
      "reps.",
      "congressman",
      "congresswoman",
      "state representative",
      "assemblyman",
      "assemblywoman",
    ],
  },
  {
    office: "Lawmaker",
    family: "legislator",
    forms: ["lawmaker", "deputy", "mp", "legislator", "member of parliament"],
  },
  { office: "Party Leader", family: "leader", forms: ["party leader", "opposition leader"] },
  {
    office: "Judge",
    family: "other",
    forms: ["judge", "justice", "chief justice", "magistrate", "district judge", "federal judge", "circuit judge"],
  },
  {
    office: "Prosecutor",
    family: "other",
    forms: [
      "prosecutor",
      "public prosecutor",
      "chief prosecutor",
      "district attorney",
      "state attorney",
      "special counsel",
      "prosecutors",
    ],
  },
  {
    office: "Lawyer",
    family: "other",
    forms: ["lawyer", "attorney", "defense attorney", "defence lawyer", "defense lawyer", "barrister", "solicitor"],
  },
  {
    office: "Coach",
    family: "other",
    forms: ["coach", "head coach", "assistant coach", "skipper", "team manager", "football manager"],
  },
  {
    // a player's position, written before the name as a title is ("defenseman Jonas Brodin", "winger X")
    office: "Player",
    family: "other",
    forms: [
      "striker",
      "midfielder",
      "goalkeeper",
      "quarterback",
      // American football positions as box scores and sports desks abbreviate them ("Cleveland DL Sam Okafor")
      "qb",
      "rb",
      "wr",
      "dl",
      "lb",
      "cb",
      "dt",
      "defenseman",
      "defenceman",
      "defender",
      "winger",
      "goaltender",
      "goalie",
      "pitcher",
      "catcher",
      "shortstop",
      "outfielder",
      "infielder",
      "linebacker",
      "cornerback",
      "running back",
      "wide receiver",
      "tight end",
      "point guard",
      "shooting guard",
      "centre-back",
      "center-back",
      "full-back",
      "fly-half",
      "scrum-half",
      "batsman",
      "wicketkeeper",
      "all-rounder",
    ],
  },
  {
    office: "General",
    family: "military",
    forms: [
      "gen.",
      "lt. gen.",
      "lt. general",
      "lieutenant general",
      "maj. gen.",
      "major general",
      "brig. gen.",
      "brigadier general",
      "colonel",
      "col.",
      "lt. col.",
      "admiral",
      "adm.",
      "vice admiral",
      "rear admiral",
      "marshal",
      "field marshal",
      "maj.",
      "capt.",
      "lieutenant",
      "lt.",
      "sergeant",
      "sgt.",
    ],
  },
  {
    office: "Police Chief",
    family: "official",
    forms: ["police chief", "chief of police", "police commissioner", "sheriff", "commissioner"],
  },
  { office: "Official", family: "official", forms: ["official", "officials", "head"] },
  {
    office: "Executive",
    family: "other",
    forms: [
      "chief executive",
      "chief executive officer",
      "ceo",
      "cfo",
      "cto",
      "coo",
      "chief strategy officer",
      "chief operating officer",
      "chief financial officer",
      "chief technology officer",
      "officer",
      "executive",
      "founder",
      "co-founder",
      "chairman and chief executive",
      "managing director",
      "general manager",
      "manager",
      "employee",
      "owner",
      "chief economist",
      "president and chief executive",
      "vice president",
      "senior vice president",
      "executive vice president",
      "chairwoman",
      "board chairman",
    ],
  },
  {
    office: "Researcher",
    family: "other",
    forms: [
      "researcher",
      "leading researcher",
      "senior researcher",
      "research fellow",
      "senior fellow",
      "fellow",
      "analyst",
      "expert",
      "professor",
      "associate professor",
      "lecturer",
      "director",
      "journalist",
      "scholar",
      "economist",
    ],
  },
];

const FORM_INDEX = new Map<string, { entry: OfficeEntry; spun: boolean }>();
for (const entry of OFFICES) {
  for (const f of entry.forms) if (!FORM_INDEX.has(f)) FORM_INDEX.set(f, { entry, spun: false });
  for (const f of entry.spun ?? []) if (!FORM_INDEX.has(f)) FORM_INDEX.set(f, { entry, spun: true });
}
/** Longest form in words, to bound look-ups. */
export const MAX_TITLE_WORDS = Math.max(...[...FORM_INDEX.keys()].map((f) => f.split(" ").length));
/** Every word-prefix of every form ("foreign", "foreign minister"), to stop look-ups early. */
const FORM_PREFIXES = new Set<string>();
for (const f of FORM_INDEX.keys()) {
  const words = f.split(" ");
  for (let n = 1; n <= words.length; n++) FORM_PREFIXES.add(words.slice(0, n).join(" "));
}

/** A title found over words: the last word index and the canonical office. */
export interface TitleMatch extends CanonicalTitle {
  /** Index of the title's last word. */
  end: number;
}

/**
 * The longest title starting at word `start`, or null. Cheap when no title starts there: one set
 * look-up.
 * @param words lower-cased token texts (curly apostrophes as straight ones)
 * @param start first word
 * @param limit exclusive upper bound on word indices (sentence end)
 */
export function matchTitle(words: ArrayLike<string>, start: number, limit: number): TitleMatch | null {
  let phrase = "";
  let best: TitleMatch | null = null;
  for (let j = start; j < limit && j - start < MAX_TITLE_WORDS; j++) {
    const w = words[j]!;
    phrase = j === start ? w : phrase + " " + w;
    if (!FORM_PREFIXES.has(phrase)) break;
    const hit = FORM_INDEX.get(phrase);
    if (hit) best = { end: j, office: hit.entry.office, family: hit.entry.family, spun: hit.spun };
  }
  return best;
}

/** Result of canonicalising a title. */
export interface CanonicalTitle {
  office: string;
  family: OfficeEntry["family"];
  /** True when the title was a machine-spun variant. */
  spun: boolean;
}

function normTitle(s: string): string {
  return s.toLowerCase().replace(/[’]/g, "'").replace(/\s+/g, " ").trim();
}

/**
 * Canonical office for a title as written, or null when it is not a known title.
 * @example canonicalTitle("International Minister") // { office: "Foreign Minister", family: "minister", spun: true }
 * @example canonicalTitle("defense chief")?.office // "Defense Minister"
 */
export function canonicalTitle(title: string): CanonicalTitle | null {
  const hit = FORM_INDEX.get(normTitle(title));
  return hit ? { office: hit.entry.office, family: hit.entry.family, spun: hit.spun } : null;
}

/** Whether a stated office (possibly generic, e.g. "Minister", "Leader") fits a recorded office. */
export function officeMatches(stated: string, recorded: string): boolean {
  if (stated === recorded) return true;
  const s = OFFICES.find((o) => o.office === stated);
  const r = OFFICES.find((o) => o.office === recorded);
  if (!s || !r) return false;
  if (stated === "Minister") return r.family === "minister";
  if (stated === "Leader") return r.family === "leader";
  if (stated === "Official") return r.family !== "other";
  if (stated === "Diplomat") return recorded === "Foreign Minister" || r.family === "diplomat";
  return false;
}

/** Spun or variant institution words, canonicalised inside organisation names. */
const ORG_WORD_CANON: Array<[RegExp, string]> = [
  [/\bMinistry of (?:Protection|Safety|Defence)\b/g, "Ministry of Defense"],
  [/\bMinistry of (?:International|Overseas|Exterior) Affairs\b/g, "Ministry of Foreign Affairs"],
  [/\b(?:International|Overseas) Ministry\b/g, "Foreign Ministry"],
  [/\bProtection Ministry\b/g, "Defense Ministry"],
  [/\bNationwide (?:Security|Safety) Council\b/g, "National Security Council"],
  [/\bSafety Council\b/g, "Security Council"],
  [/\bHeart for\b/g, "Center for"],
  [/\bCentre\b/g, "Center"],
  [/\bDefence\b/g, "Defense"],
];

/**
 * Canonical spelling of an organisation name: spun institution words restored ("Ministry of
 * Protection" → "Ministry of Defense"), British/American spellings unified.
 */
export function canonicalOrgName(name: string): string {
  let out = name;
  for (const [re, to] of ORG_WORD_CANON) out = out.replace(re, to);
  return out;
}

/** Titles preceding a name that are a strong cue the name is a person. */
export const PERSON_TITLE_WORDS = new Set([
  "gov.",
  "gov",
  "sen.",
  "sens.",
  "rep.",
  "reps.",
  "lt.",
  "maj.",
  "capt.",
  "col.",
  "brig.",
  "adm.",
  "sgt.",
  "judge",
  "justice",
  "prosecutor",
  "coach",
  "ceo",
  "attorney",
  "representative",
  "congressman",
  "congresswoman",
  "sheriff",
  "commissioner",
  "superintendent",
  "councilman",
  "councilwoman",
  "councillor",
  "chancellor",
  "bishop",
  "cardinal",
  "rabbi",
  "imam",
  "sheikh",
  "prince",
  "princess",
  "archbishop",
  "detective",
  "inspector",
  "officer",
  "captain",
  "president",
  "minister",
  "leader",
  "chairman",
  "chairwoman",
  "spokesman",
  "spokeswoman",
  "spokesperson",
  "secretary",
  "ambassador",
  "envoy",
  "general",
  "gen.",
  "colonel",
  "admiral",
  "marshal",
  "premier",
  "senator",
  "governor",
  "mayor",
  "comrade",
  "mr",
  "mr.",
  "mrs",
  "mrs.",
  "ms",
  "ms.",
  "dr",
  "dr.",
  "professor",
  "prof.",
  "director",
  "chief",
  "commander",
  "lawmaker",
  "deputy",
  "analyst",
  "researcher",
  "journalist",
  "expert",
  "diplomat",
  "official",
  "fellow",
  "lecturer",
  "economist",
  "advisor",
  "adviser",
  "correspondent",
  "king",
  "queen",
  "pope",
]);
