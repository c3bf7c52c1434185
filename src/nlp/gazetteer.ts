/**
 * The gazetteer: known names, matched over tokens (longest match first).
 *
 * Sources, in order of trust:
 * 1. `data/nlp/actors.json` — curated actors of the story (people with dated roles, ministries,
 *    agencies, media, think tanks, facilities, regions), written for Dossier.
 * 2. Countries from `i18n-iso-countries` (official and short names) plus a small table of extra names
 *    ("DPRK", "Soviet Union"); capitals double as metonyms for their country's government.
 * 3. Demonyms from `i18n-nationality` ("North Korean"), plurals added ("North Koreans").
 * 4. `data/nlp/phoenix-actors.json.gz` — the Phoenix actor dictionaries of PETRARCH2 (MIT): about 18k
 *    people with dated roles, 7.5k institutions, IGOs, NGOs, companies and armed groups, compiled by
 *    `scripts/build-gazetteer.ts`. The open replacement for a hand list: quality must hold without (1).
 * 5. `data/nlp/regions.json` — states and provinces (the `provinces` package, MIT), with the forms the
 *    press builds on them ("the Kursk region", "Kharkiv Oblast": `gazetteer-regions.ts`).
 * 6. `data/nlp/places.json` — cities from GeoNames (capitals and places ≥ 150k people), built by
 *    `scripts/build-gazetteer.ts`. These are weak evidence: a person reading wins over a city reading.
 *
 * The curated list (1) is optional extra knowledge: `DOSSIER_ACTORS_FILE` names another file, or `none`
 * for no curated list at all (how the open-domain quality is measured).
 */
import { createRequire } from "node:module";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { deserialize, serialize } from "node:v8";
import type { EntityType } from "../model/records.js";
import { dataPath, packageRoot } from "../util/paths.js";
import { DossierError } from "../util/errors.js";
import { foldText, matchKey, surnameOf } from "./names.js";
import { divisionForms } from "./gazetteer-regions.js";

const require = createRequire(import.meta.url);

/** A dated role from the actors file. */
export interface ActorRole {
  office: string;
  of: string | null;
  org?: string;
  from: string | null;
  to: string | null;
}

/** One gazetteer entity (many names may point to it). */
export interface GazEntity {
  /** Stable id, also the cross-document key: `actor:lavrov`, `country:PRK`, `city:RUS:Vladivostok`. */
  id: string;
  type: EntityType;
  name: string;
  affiliation: string | null;
  kind?: string;
  surname?: string;
  roles: ActorRole[];
  /** Alpha-3 of the country whose capital this is (for metonymy: "Moscow said…"). */
  capitalOf?: string;
  /** Weak evidence (GeoNames city names): yields to a person/organisation reading. */
  weak?: boolean;
  /** The name is itself ambiguous between several readings ("Korea"). */
  ambiguous?: boolean;
  /** CAMEO actor codes with validity (Phoenix entries): `from` inclusive, `to` exclusive, ISO dates or null. */
  codes?: Array<{ code: string; from: string | null; to: string | null }>;
}

/** How a surface form relates to the entity it names. */
export type GazVia = "name" | "alias" | "demonym" | "abbreviation";

/** A name in the gazetteer. */
export interface GazName {
  entity: GazEntity;
  via: GazVia;
  /** The form as listed. */
  form: string;
}

interface KeyInfo {
  names: GazName[];
  /** Letters-only all-caps short form: text must be all caps too ("US" never matches "us"/"Us"). */
  requireCaps: boolean;
  /** Some listed form has lower-case content words ("Korean peninsula"). */
  lowerOk: boolean;
  /** Only a stemmed (inflection-folded) Cyrillic key: matches only when the caller matches by stem. */
  stemOnly: boolean;
  /**
   * Lower-case words a listed form has after its first word ("upon" in "Kingston upon Hull", "d'Aosta" in
   * "Valle d'Aosta", "il-Baħar"): the text may write them so too.
   */
  lowerWords?: Set<string>;
}

const CYRILLIC = /[\u0400-\u04FF]/;
/** Russian case endings after {@link matchKey} folding (й → и), longest first. */
const RU_ENDINGS = [
  "ами",
  "ями",
  "ого",
  "его",
  "ому",
  "ему",
  "ыми",
  "ими",
  "иеи",
  "ии",
  "ия",
  "ию",
  "ои",
  "еи",
  "ом",
  "ем",
  "ым",
  "им",
  "ую",
  "юю",
  "ая",
  "яя",
  "ое",
  "ее",
  "ые",
  "ие",
  "ых",
  "их",
  "ыи",
  "а",
  "я",
  "у",
  "ю",
  "е",
  "ы",
  "и",
  "о",
  "ь",
];
/**
 * Folds Russian inflection off one word key (a {@link matchKey} of one token): "лаврова", "лавровым" → "лавров",
 * "пхеньяне" → "пхеньян", "россии" → "росс". Keys with no Cyrillic letter, and stems shorter than two letters,
 * stay as they are.
 */
export function ruStem(key: string): string {
  if (!CYRILLIC.test(key)) return key;
  for (const e of RU_ENDINGS) if (key.length - e.length >= 2 && key.endsWith(e)) return key.slice(0, -e.length);
  return key;
}

/** Russian names of countries and capitals (curated actors carry theirs in data/nlp/actors.json). */
const CYRILLIC_NAMES: Record<string, string[]> = {
  "country:RUS": ["Россия", "Российская Федерация", "РФ"],
  "country:PRK": ["КНДР", "Северная Корея", "Корейская Народно-Демократическая Республика"],
  "country:KOR": ["Республика Корея", "Южная Корея"],
  "country:USA": ["США", "Соединённые Штаты", "Соединенные Штаты Америки"],
  "country:JPN": ["Япония"],
  "country:CHN": ["Китай", "КНР"],
  "country:UKR": ["Украина"],
  "country:SUN": ["СССР", "Советский Союз"],
  "city:RUS:Moscow": ["Москва"],
  "city:PRK:Pyongyang": ["Пхеньян"],
  "city:KOR:Seoul": ["Сеул"],
  "city:JPN:Tokyo": ["Токио"],
  "city:CHN:Beijing": ["Пекин"],
  "city:RUS:Vladivostok": ["Владивосток"],
  "actor:place-washington": ["Вашингтон"],
};

/** Continents, oceans and world regions. */
const WORLD_REGIONS = [
  "Africa",
  "Asia",
  "Europe",
  "North America",
  "South America",
  "Latin America",
  "Central America",
  "Oceania",
  "Antarctica",
  "Arctic",
  "Antarctic",
  "Middle East",
  "Near East",
  "Far East",
  "East Asia",
  "Southeast Asia",
  "South Asia",
  "Central Asia",
  "West Asia",
  "Asia-Pacific",
  "Indo-Pacific",
  "Eastern Europe",
  "Western Europe",
  "Central Europe",
  "Northern Europe",
  "Southern Europe",
  "Balkans",
  "Caucasus",
  "Scandinavia",
  "Baltics",
  "Sahel",
  "Maghreb",
  "Horn of Africa",
  "West Africa",
  "East Africa",
  "North Africa",
  "Southern Africa",
  "Central Africa",
  "Sub-Saharan Africa",
  "Caribbean",
  "Mediterranean",
  "Pacific",
  "Atlantic",
  "Indian Ocean",
  "Pacific Ocean",
  "Atlantic Ocean",
  "Arctic Ocean",
  "Persian Gulf",
  "Gulf of Mexico",
  "South China Sea",
  "East China Sea",
  "Black Sea",
  "Baltic Sea",
  "Red Sea",
  "Caspian Sea",
  "North Sea",
  "Amazon",
  "Himalayas",
  "Alps",
  "Andes",
];

/** A gazetteer match over tokens `[first, last]`. */
export interface GazMatch {
  first: number;
  last: number;
  names: GazName[];
}

/** Words that may be lower-case inside a capitalised name ("Ministry of Defense"). */
export const NAME_FUNCTION_WORDS = new Set([
  "of",
  "the",
  "and",
  "for",
  "de",
  "on",
  "in",
  "du",
  "la",
  "&",
  "'s",
  "’s",
  "al",
  "bin",
  "von",
  "van",
  "der",
]);

const COUNTRY_NAME_OVERRIDE: Record<string, string> = {
  GBR: "United Kingdom",
  USA: "United States",
  RUS: "Russia",
  PRK: "North Korea",
  KOR: "South Korea",
  CHN: "China",
  IRN: "Iran",
  SYR: "Syria",
  VNM: "Vietnam",
  TWN: "Taiwan",
  MDA: "Moldova",
  VEN: "Venezuela",
  BOL: "Bolivia",
  TZA: "Tanzania",
  LAO: "Laos",
  CZE: "Czech Republic",
  COD: "Democratic Republic of the Congo",
  FSM: "Micronesia",
  PSE: "Palestine",
  TUR: "Turkey",
};
const COUNTRY_EXTRA_NAMES: Record<string, string[]> = {
  PRK: [
    "DPRK",
    "D.P.R.K.",
    "Democratic People's Republic of Korea",
    "Democratic People’s Republic of Korea",
    "Democratic Peoples Republic of Korea",
    "N. Korea",
    "North Korea",
  ],
  KOR: ["ROK", "Republic of Korea", "S. Korea"],
  RUS: ["Russian Federation", "Russia"],
  USA: ["United States of America", "America", "U.S.A."],
  GBR: ["Britain", "Great Britain", "U.K."],
  CHN: ["PRC", "People's Republic of China", "Mainland China"],
  UKR: ["Ukraine"],
  TUR: ["Türkiye", "Turkiye"],
  CZE: ["Czechia"],
};
/** Countries that no longer exist but fill the back-story. */
const HISTORICAL_COUNTRIES: Array<{ code: string; name: string; names: string[]; demonyms: string[] }> = [
  {
    code: "SUN",
    name: "Soviet Union",
    names: ["Soviet Union", "USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"],
    demonyms: ["Soviet", "Soviets"],
  },
  { code: "YUG", name: "Yugoslavia", names: ["Yugoslavia"], demonyms: ["Yugoslav"] },
];
/**
 * The countries of the United Kingdom (ISO 3166-2:GB subdivisions of category "country"), which news names as
 * countries ("Wales beat England", "the Scottish government"). "English" is left out as a demonym: it is far
 * more often the language.
 */
const UK_COUNTRIES: Array<{ code: string; name: string; names: string[]; demonyms: string[] }> = [
  { code: "GB-ENG", name: "England", names: ["England"], demonyms: [] },
  { code: "GB-SCT", name: "Scotland", names: ["Scotland"], demonyms: ["Scottish", "Scots"] },
  { code: "GB-WLS", name: "Wales", names: ["Wales"], demonyms: ["Welsh"] },
  { code: "GB-NIR", name: "Northern Ireland", names: ["Northern Ireland"], demonyms: ["Northern Irish"] },
];
/** Demonyms i18n-nationality gets wrong, by ISO alpha-2 code (it calls Wallis and Futuna "Welsh"). */
const WRONG_DEMONYMS = new Set(["WF"]);
/** Capital names GeoNames spells otherwise. */
const CAPITAL_ALIASES: Record<string, string> = {
  Washington: "USA",
  "Washington, D.C.": "USA",
  Kiev: "UKR",
  Peking: "CHN",
  Rangoon: "MMR",
  Bombay: "IND",
};
/** Demonym adjectives that are not country-specific or that i18n-nationality lacks. */
const EXTRA_DEMONYMS: Record<string, string> = {
  "North Korean": "PRK",
  "South Korean": "KOR",
  Russian: "RUS",
  American: "USA",
  British: "GBR",
  Chinese: "CHN",
  Japanese: "JPN",
  Ukrainian: "UKR",
  Iranian: "IRN",
  Vietnamese: "VNM",
  Belarusian: "BLR",
  Syrian: "SYR",
  Turkish: "TUR",
};
/** Demonyms that mean more than one state: not resolved ("Korean": either Korea). */
const AMBIGUOUS_DEMONYMS = new Set(["Korean", "Koreans"]);

interface ActorFile {
  actors: Array<{
    id: string;
    type: EntityType;
    name: string;
    affiliation: string | null;
    surname?: string;
    kind?: string;
    ambiguous?: boolean;
    capital_of?: string;
    aliases: string[];
    roles?: ActorRole[];
  }>;
}
interface PhoenixFile {
  dictionaryDate: string;
  actors: Array<{
    id: string;
    type: "person" | "organization";
    name: string;
    aliases: string[];
    country: string | null;
    roles: Array<{ code: string; office: string | null; from: string | null; to: string | null }>;
  }>;
}
interface RegionsFile {
  regions: Array<{ name: string; country: string; aliases: string[] }>;
}
interface PlacesFile {
  places: Array<{ name: string; country: string; capital: boolean; population: number }>;
}

/** Format tag of {@link Gazetteer.snapshot} (bump when the fields of {@link GazetteerState} change). */
const SNAPSHOT_FORMAT = "dossier-gazetteer-1";

/** What a {@link Gazetteer} holds once built. */
interface GazetteerState {
  keys: Map<string, KeyInfo>;
  prefixes: Set<string>;
  maxTokens: number;
  bySurname: Map<string, GazEntity[]>;
  byId: Map<string, GazEntity>;
  countries: Map<string, GazEntity>;
  people: GazEntity[];
  dictionaryDate: string;
}

/** The loaded gazetteer. */
export class Gazetteer {
  private readonly keys: Map<string, KeyInfo>;
  private readonly prefixes: Set<string>;
  /** Longest name in tokens (bounds the match loop). */
  private maxTokens: number;
  /** Actors by folded surname. */
  readonly bySurname: Map<string, GazEntity[]>;
  /** Every entity by id. */
  readonly byId: Map<string, GazEntity>;
  /** Country entities by alpha-3. */
  readonly countries: Map<string, GazEntity>;
  /** Every person with recorded roles (curated and Phoenix), for office look-ups. */
  readonly people: GazEntity[];
  /** Date of the Phoenix dictionaries (roles open at that date may have ended since). */
  dictionaryDate: string;

  /** An empty gazetteer, or one restored from {@link Gazetteer.snapshot}'s state. */
  constructor(state?: GazetteerState) {
    this.keys = state?.keys ?? new Map();
    this.prefixes = state?.prefixes ?? new Set();
    this.maxTokens = state?.maxTokens ?? 12;
    this.bySurname = state?.bySurname ?? new Map();
    this.byId = state?.byId ?? new Map();
    this.countries = state?.countries ?? new Map();
    this.people = state?.people ?? [];
    this.dictionaryDate = state?.dictionaryDate ?? "2014-01-30";
  }

  /**
   * The whole gazetteer as bytes (the structured-clone format of `node:v8`, which keeps shared entities
   * shared, map and set order, and absent versus undefined fields), in a `SharedArrayBuffer` that posting
   * to a thread shares. {@link Gazetteer.fromSnapshot} restores it in about a third of the time a build
   * takes (src/pipeline/parallel.ts: one analysis thread builds, the others restore).
   */
  snapshot(): Uint8Array {
    const state: GazetteerState & { format: string } = {
      format: SNAPSHOT_FORMAT,
      keys: this.keys,
      prefixes: this.prefixes,
      maxTokens: this.maxTokens,
      bySurname: this.bySurname,
      byId: this.byId,
      countries: this.countries,
      people: this.people,
      dictionaryDate: this.dictionaryDate,
    };
    const bytes = serialize(state);
    const out = new Uint8Array(new SharedArrayBuffer(bytes.length));
    out.set(bytes);
    return out;
  }

  /**
   * The gazetteer {@link Gazetteer.snapshot} saved.
   * @throws DossierError INTERNAL when the bytes are not a snapshot of this format
   */
  static fromSnapshot(bytes: Uint8Array): Gazetteer {
    let state: Partial<GazetteerState> & { format?: unknown };
    try {
      state = deserialize(bytes) as typeof state;
    } catch (err) {
      throw new DossierError("INTERNAL", `unreadable gazetteer snapshot: ${(err as Error).message}`, { cause: err });
    }
    if (
      state?.format !== SNAPSHOT_FORMAT ||
      !(state.keys instanceof Map) ||
      !(state.prefixes instanceof Set) ||
      !(state.bySurname instanceof Map) ||
      !(state.byId instanceof Map) ||
      !(state.countries instanceof Map) ||
      !Array.isArray(state.people) ||
      typeof state.maxTokens !== "number" ||
      typeof state.dictionaryDate !== "string"
    )
      throw new DossierError("INTERNAL", "not a gazetteer snapshot of this version");
    return new Gazetteer(state as GazetteerState);
  }

  /** Adds a name; `via` says whether it is the canonical name, an alias, a demonym… */
  add(entity: GazEntity, form: string, via: GazVia): void {
    const key = matchKey(form);
    if (key.length === 0) return;
    let info = this.keys.get(key);
    if (!info) {
      const letters = form.replace(/[^\p{L}]/gu, "");
      info = {
        names: [],
        requireCaps: letters.length <= 5 && letters.length > 0 && letters === letters.toUpperCase(),
        lowerOk: false,
        stemOnly: false,
      };
      this.keys.set(key, info);
    } else {
      const letters = form.replace(/[^\p{L}]/gu, "");
      // a non-all-caps form of the same key lifts the caps requirement ("Tass" and "TASS")
      if (!(letters.length <= 5 && letters === letters.toUpperCase())) info.requireCaps = false;
    }
    if (form.split(/\s+/).some((w, i) => i > 0 && /^\p{Ll}{3,}/u.test(w) && !NAME_FUNCTION_WORDS.has(w)))
      info.lowerOk = true;
    for (const w of form.split(/[\s-]+/).slice(1))
      if (/^\p{Ll}/u.test(w)) (info.lowerWords ??= new Set()).add(w.replace(/’/g, "'"));
    if (!info.names.some((n) => n.entity.id === entity.id)) info.names.push({ entity, via, form });
    this.byId.set(entity.id, entity);
    // prefixes at every character boundary would be too many; store prefixes at word boundaries of
    // the folded form, which is how the matcher extends over tokens
    // (apostrophes split too: wink reads "People's" as "People" + "'s")
    const words = foldText(form.replace(/[-.]/g, " ") + " ")
      .split(/[ ']+/)
      .filter((w) => w.length > 0);
    let acc = "";
    for (const w of words) {
      acc += matchKey(w);
      this.prefixes.add(acc);
    }
    this.maxTokens = Math.max(this.maxTokens, words.length + 2);
    if (CYRILLIC.test(form)) this.addStemmed(entity, form, via, info.requireCaps);
  }

  /** Adds the inflection-folded key of a Cyrillic form ("Сергей Лавров" → "сергелавров"), for stem matching. */
  private addStemmed(entity: GazEntity, form: string, via: GazVia, requireCaps: boolean): void {
    const words = foldText(form.replace(/[-.]/g, " "))
      .split(/[ ']+/)
      .filter((w) => w.length > 0);
    let acc = "";
    for (const w of words) {
      acc += ruStem(matchKey(w));
      this.prefixes.add(acc);
    }
    if (acc === matchKey(form)) return;
    let info = this.keys.get(acc);
    if (!info) {
      info = { names: [], requireCaps, lowerOk: false, stemOnly: true };
      this.keys.set(acc, info);
    }
    if (!info.names.some((n) => n.entity.id === entity.id)) info.names.push({ entity, via, form });
  }

  /**
   * Trims the lists built by {@link add} to their length: an array grown by `push` keeps room for 17 items
   * after its first, and the gazetteer holds ~100k short lists (8 MB of empty slots, kept for the life of the
   * process). Called once the gazetteer is built; lists may still grow afterwards.
   */
  compact(): void {
    for (const info of this.keys.values()) info.names = info.names.slice();
    for (const [k, list] of this.bySurname) this.bySurname.set(k, list.slice());
    for (const e of this.byId.values()) {
      e.roles = e.roles.slice();
      if (e.codes) e.codes = e.codes.slice();
    }
  }

  /** Whether `key` (a matchKey of some tokens) starts any name. */
  hasPrefix(key: string): boolean {
    return this.prefixes.has(key);
  }

  /** Names for an exact key. */
  lookup(key: string): KeyInfo | undefined {
    return this.keys.get(key);
  }

  /**
   * Longest matches over a token sequence (non-overlapping, left to right).
   * @param tokens token texts of one sentence
   * @param startsName whether a name may begin at token i (capitalised, not a function word)
   * @param keys precomputed `matchKey` of each token (optional; saves recomputing; stemmed with {@link ruStem} when `byStem`)
   * @param byStem match Cyrillic words by stem too ("Лаврова" finds "Лавров"): for non-English text
   */
  match(
    tokens: readonly string[],
    startsName: (i: number) => boolean,
    keys?: readonly string[],
    byStem = false,
  ): GazMatch[] {
    const out: GazMatch[] = [];
    for (let i = 0; i < tokens.length; i++) {
      if (!startsName(i)) continue;
      let key = "";
      let best: { last: number; info: KeyInfo } | null = null;
      for (let j = i; j < tokens.length && j - i < this.maxTokens; j++) {
        const piece = keys ? keys[j]! : byStem ? ruStem(matchKey(tokens[j]!)) : matchKey(tokens[j]!);
        if (piece.length === 0 && !/^[-.]$/.test(tokens[j]!)) break;
        key += piece;
        const info = piece.length > 0 ? this.keys.get(key) : undefined;
        if (info && (byStem || !info.stemOnly) && this.accepts(tokens, i, j, info)) best = { last: j, info };
        if (!this.prefixes.has(key)) break;
      }
      if (best) {
        out.push({ first: i, last: best.last, names: best.info.names });
        i = best.last;
      }
    }
    return out;
  }

  private accepts(tokens: readonly string[], first: number, last: number, info: KeyInfo): boolean {
    for (let k = first; k <= last; k++) {
      const t = tokens[k]!;
      if (info.requireCaps) {
        const letters = t.replace(/[^\p{L}]/gu, "");
        if (letters !== letters.toUpperCase()) return false;
      }
      if (k === first) {
        if (!/^[\p{Lu}\p{N}]/u.test(t)) return false;
        continue;
      }
      if (NAME_FUNCTION_WORDS.has(t.toLowerCase()) || !/\p{L}/u.test(t) || info.lowerOk) continue;
      if (
        info.lowerWords &&
        t.split("-").every((w) => info.lowerWords!.has(w.replace(/’/g, "'")) || /^\p{Lu}/u.test(w))
      )
        continue;
      if (!/^[\p{Lu}\p{N}]/u.test(t) && t.length >= 3) return false;
    }
    return true;
  }
}

let loaded: Gazetteer | null = null;

/**
 * The process-wide gazetteer (loaded once from data/nlp and the country packages, or from the snapshot
 * cache of {@link loadGazetteer}).
 */
export function gazetteer(): Gazetteer {
  if (!loaded) loaded = loadGazetteer(gazetteerCacheDir()).gazetteer;
  return loaded;
}

/**
 * Folder of cached gazetteer snapshots: `DOSSIER_CACHE_DIR` (`off`: no cache), else
 * `node_modules/.cache/dossier` under the package root.
 */
export function gazetteerCacheDir(): string | null {
  const env = process.env.DOSSIER_CACHE_DIR;
  if (env === "off") return null;
  return env && env.length > 0 ? env : join(packageRoot(), "node_modules", ".cache", "dossier");
}

/**
 * Key of a gazetteer build: SHA-256 over everything the build reads — the code that builds and matches
 * (this module, names.js, gazetteer-regions.js as compiled), the data files, the curated actors file
 * named by `DOSSIER_ACTORS_FILE` (and the variable itself), the country packages' data and versions —
 * plus the snapshot format and the V8 version (the serialisation format). Any change gives another key,
 * so a cached snapshot is never stale. A new input of {@link buildGazetteer} (file, package, variable)
 * must be added here.
 * @throws Error when an input cannot be read (the caller then builds without the cache)
 */
export function gazetteerCacheKey(): string {
  const h = createHash("sha256");
  const part = (name: string, bytes: Buffer | string): void => {
    h.update(`${name}\0${bytes.length}\0`);
    h.update(bytes);
  };
  part("format", `${SNAPSHOT_FORMAT} ${process.versions.v8}`);
  const here = dirname(fileURLToPath(import.meta.url));
  for (const f of ["gazetteer.js", "names.js", "gazetteer-regions.js"]) part(f, readFileSync(join(here, f)));
  for (const f of ["phoenix-actors.json.gz", "places.json", "regions.json"]) part(f, readFileSync(dataPath("nlp", f)));
  const actors = process.env.DOSSIER_ACTORS_FILE ?? dataPath("nlp", "actors.json");
  part("actors", actors === "none" ? "none" : readFileSync(actors));
  for (const f of [
    "i18n-iso-countries/package.json",
    "i18n-iso-countries/langs/en.json",
    "i18n-nationality/package.json",
    "i18n-nationality/langs/en.json",
  ])
    part(f, readFileSync(require.resolve(f)));
  return h.digest("hex");
}

/** Snapshots kept in the cache folder (the newest, one per key). */
const CACHE_KEEP = 3;

/** Where a gazetteer came from ({@link loadGazetteer}). */
export type GazetteerSource = "cache" | "build";

/**
 * Builds the gazetteer, or restores it from a snapshot cached in `cacheDir` under its
 * {@link gazetteerCacheKey} (≈ a third of the build's CPU). A snapshot is written after a build: to a
 * temporary file renamed into place (readers see a whole file or none), with a SHA-256 of its bytes in
 * front, checked on reading; the newest {@link CACHE_KEEP} keys are kept. Any failure of the cache — unreadable inputs for the key, a missing, torn or
 * corrupt file, a full disk — only means a build (and no cache file): the gazetteer is the same.
 * @param cacheDir folder of the cache; null: always build, write nothing
 */
export function loadGazetteer(cacheDir: string | null): { gazetteer: Gazetteer; source: GazetteerSource } {
  let file: string | null = null;
  if (cacheDir) {
    try {
      file = join(cacheDir, `gazetteer-${gazetteerCacheKey()}.bin`);
      const bytes = readFileSync(file);
      const sum = createHash("sha256").update(bytes.subarray(32)).digest();
      if (bytes.length > 32 && sum.equals(bytes.subarray(0, 32)))
        return { gazetteer: Gazetteer.fromSnapshot(bytes.subarray(32)), source: "cache" };
    } catch {
      // no usable cache (absent, corrupt, unreadable key inputs): build as without one
    }
  }
  const g = buildGazetteer();
  if (file) writeSnapshot(file, g.snapshot());
  return { gazetteer: g, source: "build" };
}

/** Writes a snapshot with its checksum, atomically; a failure leaves no file behind and is not an error. */
function writeSnapshot(file: string, snapshot: Uint8Array): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    const sum = createHash("sha256").update(snapshot).digest();
    writeFileSync(tmp, Buffer.concat([sum, snapshot]));
    renameSync(tmp, file);
    // keep the newest few keys (a checkout and a run with DOSSIER_ACTORS_FILE=none alternate); older ones go
    // (a reader racing with this falls back to a build)
    const dir = dirname(file);
    const old = readdirSync(dir)
      .filter((f) => f.startsWith("gazetteer-") && f.endsWith(".bin") && f !== basename(file))
      .map((f) => ({ f, at: statSync(join(dir, f)).mtimeMs }))
      .sort((x, y) => y.at - x.at);
    for (const { f } of old.slice(CACHE_KEEP - 1)) rmSync(join(dir, f), { force: true });
  } catch {
    // a cache that cannot be written (read-only install, full disk) costs the next start a build, nothing else
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing more to undo
    }
  }
}

/**
 * Makes the process-wide gazetteer from another thread's {@link Gazetteer.snapshot} of it (the same data
 * files and environment); one already loaded is kept.
 * @throws DossierError INTERNAL when the bytes are not a snapshot
 */
export function adoptGazetteerSnapshot(bytes: Uint8Array): void {
  loaded ??= Gazetteer.fromSnapshot(bytes);
}

function readJson<T>(path: string): T {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (err) {
    throw new DossierError("INTERNAL", `cannot read gazetteer file ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** Builds the gazetteer from its inputs (each one is part of {@link gazetteerCacheKey}). */
function buildGazetteer(): Gazetteer {
  const g = new Gazetteer();
  addCountriesAndDemonyms(g);
  addCuratedActors(g);
  addPhoenixActors(g);
  addPlaces(g);
  g.compact();
  return g;
}

/** Countries (ISO 3166 names, historical states) and their demonyms. */
function addCountriesAndDemonyms(g: Gazetteer): void {
  // countries
  const countriesLib = require("i18n-iso-countries") as typeof import("i18n-iso-countries");
  countriesLib.registerLocale(require("i18n-iso-countries/langs/en.json"));
  const all = countriesLib.getNames("en", { select: "all" }) as Record<string, string[]>;
  for (const [alpha2, names] of Object.entries(all)) {
    const alpha3 = countriesLib.alpha2ToAlpha3(alpha2);
    if (!alpha3) continue;
    const plain = names.filter((n) => !n.includes(","));
    const short = [...plain].filter((n) => n !== n.toUpperCase()).sort((a, b) => a.length - b.length)[0] ?? names[0]!;
    const entity: GazEntity = {
      id: `country:${alpha3}`,
      type: "country",
      name: COUNTRY_NAME_OVERRIDE[alpha3] ?? short,
      affiliation: alpha3,
      roles: [],
    };
    g.countries.set(alpha3, entity);
    g.add(entity, entity.name, "name");
    for (const n of names) if (!n.includes(",")) g.add(entity, n, n === n.toUpperCase() ? "abbreviation" : "alias");
    for (const n of COUNTRY_EXTRA_NAMES[alpha3] ?? [])
      g.add(entity, n, n.replace(/\./g, "") === n.replace(/\./g, "").toUpperCase() ? "abbreviation" : "alias");
  }
  for (const h of [...HISTORICAL_COUNTRIES, ...UK_COUNTRIES]) {
    const entity: GazEntity = {
      id: `country:${h.code}`,
      type: "country",
      name: h.name,
      affiliation: h.code,
      roles: [],
    };
    g.countries.set(h.code, entity);
    for (const n of h.names) g.add(entity, n, n === h.name ? "name" : "alias");
    for (const d of h.demonyms) g.add(entity, d, "demonym");
  }

  // demonyms
  const nationality = require("i18n-nationality") as {
    registerLocale(l: unknown): void;
    getNames(lang: string): Record<string, string>;
  };
  nationality.registerLocale(require("i18n-nationality/langs/en.json"));
  const demonyms = new Map<string, string>();
  for (const [alpha2, dem] of Object.entries(nationality.getNames("en"))) {
    const alpha3 = countriesLib.alpha2ToAlpha3(alpha2);
    if (alpha3 && dem && !dem.includes(",") && !WRONG_DEMONYMS.has(alpha2)) demonyms.set(dem, alpha3);
  }
  for (const [dem, alpha3] of Object.entries(EXTRA_DEMONYMS)) demonyms.set(dem, alpha3);
  for (const [dem, alpha3] of demonyms) {
    if (AMBIGUOUS_DEMONYMS.has(dem)) continue;
    const entity = g.countries.get(alpha3);
    if (!entity) continue;
    // a demonym that equals a country name is that name (e.g. none in English, but be safe)
    if (g.lookup(matchKey(dem))?.names.some((n) => n.via !== "demonym")) continue;
    g.add(entity, dem, "demonym");
    if (!/(?:ese|ss|ish|ch|sh|i)$/.test(dem)) g.add(entity, dem + "s", "demonym");
  }
}

/** The optional curated actor list (`DOSSIER_ACTORS_FILE`, `none` switches it off). */
function addCuratedActors(g: Gazetteer): void {
  // curated actors (optional)
  const actorsFile = process.env.DOSSIER_ACTORS_FILE ?? dataPath("nlp", "actors.json");
  const actors: ActorFile = actorsFile === "none" ? { actors: [] } : readJson<ActorFile>(actorsFile);
  for (const a of actors.actors) {
    const entity: GazEntity = {
      id: `actor:${a.id}`,
      type: a.type,
      name: a.name,
      affiliation: a.affiliation,
      roles: a.roles ?? [],
    };
    if (a.kind) entity.kind = a.kind;
    if (a.surname) entity.surname = a.surname;
    if (a.ambiguous) entity.ambiguous = true;
    if (a.capital_of) entity.capitalOf = a.capital_of;
    g.add(entity, a.name, "name");
    for (const alias of a.aliases)
      g.add(
        entity,
        alias,
        alias === a.name ? "name" : alias.length <= 5 && alias === alias.toUpperCase() ? "abbreviation" : "alias",
      );
    if (a.type === "person" && a.surname) {
      const k = foldText(a.surname);
      const list = g.bySurname.get(k) ?? [];
      list.push(entity);
      g.bySurname.set(k, list);
    }
    if (a.type === "person") g.people.push(entity);
  }
}

/** Phoenix actors: people with dated roles, institutions, IGOs, NGOs, companies, armed groups. */
function addPhoenixActors(g: Gazetteer): void {
  // Phoenix actors: people with dated roles, institutions, IGOs, NGOs, companies, armed groups
  let phoenix: PhoenixFile;
  try {
    phoenix = JSON.parse(
      gunzipSync(readFileSync(dataPath("nlp", "phoenix-actors.json.gz"))).toString("utf8"),
    ) as PhoenixFile;
  } catch (err) {
    throw new DossierError("INTERNAL", `cannot read the Phoenix actor list: ${(err as Error).message}`, { cause: err });
  }
  g.dictionaryDate = phoenix.dictionaryDate;
  for (const a of phoenix.actors) {
    // a curated actor of the same name is the same actor, described better
    if (g.lookup(matchKey(a.name))) continue;
    const roles: ActorRole[] = [];
    for (const r of a.roles)
      if (r.office) roles.push({ office: r.office, of: r.code.slice(0, 3), from: r.from, to: r.to });
    const entity: GazEntity = {
      id: a.id,
      type: a.type,
      // the list's title-casing capitalised the possessive ("Children'S Fund"): written as news writes it
      name: a.name.replace(/(\p{L})(['’])S\b/gu, "$1$2s"),
      affiliation: a.country,
      roles,
      codes: a.roles.map((r) => ({ code: r.code, from: r.from, to: r.to })),
    };
    if (a.type === "person") entity.surname = surnameOf(a.name);
    g.add(entity, a.name, "name");
    for (const alias of a.aliases) {
      if (alias.split(" ").length < 2 && a.type === "person") continue; // a lone surname links through bySurname, never alone
      if (g.lookup(matchKey(alias))) continue;
      g.add(entity, alias, alias.length <= 5 && alias === alias.toUpperCase() ? "abbreviation" : "alias");
    }
    if (a.type === "person") {
      const k = foldText(entity.surname!);
      const list = g.bySurname.get(k) ?? [];
      list.push(entity);
      g.bySurname.set(k, list);
      g.people.push(entity);
    }
  }
}

/** Smallest capital read as its country's government ("Lima said…"). */
const MIN_METONYM_POPULATION = 100_000;

/** Cities (weak unless capitals), capital aliases, world regions, then states and provinces. */
/** Population under which a city yields its name to a first-level division of another country. */
const CITY_YIELDS_TO_DIVISION = 250_000;

function addPlaces(g: Gazetteer): void {
  // cities (weak), capitals as metonyms
  const places = readJson<PlacesFile>(dataPath("nlp", "places.json"));
  const regions = readJson<RegionsFile>(dataPath("nlp", "regions.json"));
  // a state or province abroad outranks a smaller city of the same name ("Ontario" is the Canadian province,
  // not the Californian city; the city keeps its name where it lies in the division's own country)
  const divisionCountries = new Map<string, Set<string>>();
  for (const r of regions.regions) {
    const set = divisionCountries.get(matchKey(r.name)) ?? new Set<string>();
    set.add(r.country);
    divisionCountries.set(matchKey(r.name), set);
  }
  for (const p of places.places) {
    const key = matchKey(p.name);
    const existing = g.lookup(key);
    if (existing) continue; // an actor, country or region already owns the name
    const abroad = divisionCountries.get(key);
    if (abroad && !abroad.has(p.country) && !p.capital && p.population < CITY_YIELDS_TO_DIVISION) continue;
    const entity: GazEntity = {
      id: `city:${p.country}:${p.name}`,
      type: "place",
      name: p.name,
      affiliation: p.country,
      kind: "city",
      roles: [],
    };
    // a small capital (Victoria, Douglas, Stanley: under 100,000 people) rarely stands for its government, and its
    // name is more often a first name or another country's state: a plain, weak city name
    if (p.capital && p.population >= MIN_METONYM_POPULATION) entity.capitalOf = p.country;
    else entity.weak = true;
    g.add(entity, p.name, "name");
  }
  for (const [id, forms] of Object.entries(CYRILLIC_NAMES)) {
    const entity = g.byId.get(id);
    if (entity)
      for (const f of forms) g.add(entity, f, f.length <= 5 && f === f.toUpperCase() ? "abbreviation" : "alias");
  }
  for (const [alias, alpha3] of Object.entries(CAPITAL_ALIASES)) {
    const capital = places.places.find((p) => p.capital && p.country === alpha3);
    if (!capital) {
      // GeoNames spells it otherwise ("Washington, D.C."): the alias is the capital's name
      if (alias.includes(",") || g.lookup(matchKey(alias))) continue;
      const entity: GazEntity = {
        id: `city:${alpha3}:${alias}`,
        type: "place",
        name: alias,
        affiliation: alpha3,
        kind: "city",
        roles: [],
        capitalOf: alpha3,
      };
      g.add(entity, alias, "name");
      continue;
    }
    const entity = g.byId.get(`city:${alpha3}:${capital.name}`);
    if (entity && !g.lookup(matchKey(alias))) g.add(entity, alias, "alias");
  }

  // continents and world regions (geography every desk uses)
  for (const name of WORLD_REGIONS) {
    if (g.lookup(matchKey(name))) continue;
    g.add(
      { id: `region:world:${name}`, type: "place", name, affiliation: null, kind: "region", roles: [] },
      name,
      "name",
    );
  }

  // states and provinces (after cities and capitals: "Washington" in the news is the capital, not the state)
  addRegions(g, regions, places);
}

/**
 * States, provinces, oblasts… with the forms the English press uses for them ({@link divisionForms}):
 * "Kursk Oblast", "the Kursk region" and "Kursk province" name one place, never the city of Kursk.
 * Divisions the data names with a designator ("X Oblast", "Republic of X") go first, so that they own
 * "X region" before a bare division "X" does. A form already owned by a region (a curated one) is added
 * to it; a division whose bare name a city owns is kept under its designated form ("Almaty Region").
 */
function addRegions(g: Gazetteer, regions: RegionsFile, places: PlacesFile): void {
  const citiesOf = new Map<string, string[]>();
  for (const p of places.places) {
    const list = citiesOf.get(p.country) ?? [];
    list.push(p.name);
    citiesOf.set(p.country, list);
  }
  const derived = regions.regions.map((r) => ({ r, ...divisionForms(r.name, citiesOf.get(r.country) ?? []) }));
  const designated = (d: (typeof derived)[number]): boolean => d.base !== null && d.base !== d.r.name;
  const ordered = [...derived.filter(designated), ...derived.filter((d) => !designated(d))];
  const free = (form: string): boolean => !g.lookup(matchKey(form));
  for (const { r, base, english, forms } of ordered) {
    const owner = g.lookup(matchKey(r.name))?.names.map((n) => n.entity);
    const freeForms = forms.filter(free);
    // the press drops the designator of former-Soviet divisions and of "Republic of X" ("Dagestan")
    const bareBase =
      base !== null &&
      base !== r.name &&
      /^(?:republic|oblast|krai|okrug|autonomous)|(?:oblast|oblasty|oblysy|voblast|krai|kray|okrug)$/iu.test(
        r.name.replace(base, "").trim(),
      ) &&
      free(base);
    if (owner) {
      const region = owner.length === 1 && owner[0]!.kind === "region" ? owner[0]! : null;
      if (region) {
        for (const f of freeForms) g.add(region, f, "alias");
        continue;
      }
      if (!base || freeForms.length === 0) continue;
    }
    const name = owner ? `${base} Region` : (english ?? r.name);
    const entity: GazEntity = {
      id: `region:${r.country}:${r.name}`,
      type: "place",
      name,
      affiliation: r.country,
      kind: "region",
      roles: [],
    };
    if (!owner) g.add(entity, r.name, english ? "alias" : "name");
    for (const f of freeForms) if (free(f)) g.add(entity, f, f === name ? "name" : "alias");
    if (bareBase) g.add(entity, base!, "alias");
    for (const a of r.aliases) if (free(a)) g.add(entity, a, "alias");
  }
}

/**
 * Whether an actor held an office (by canonical name) on a date (`YYYY-MM-DD`; null = any time).
 */
export function heldOffice(
  entity: GazEntity,
  office: (recorded: string) => boolean,
  country: string | null,
  date: string | null,
): boolean {
  return entity.roles.some(
    (r) =>
      office(r.office) &&
      (country === null || r.of === country) &&
      (date === null || ((r.from === null || r.from <= date) && (r.to === null || date < r.to))),
  );
}
