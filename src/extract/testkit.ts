/**
 * Test helper: a hand-built {@link NlpAnalysis} from a text and a list of names, so extraction can
 * be tested without the full entity recogniser. Sentences and tokens come from the language layer's
 * tokenizer, dates from its time resolver; mentions are every whole-word occurrence of the names
 * given (longest first, case-sensitive), plus "he"/"she" as pronoun mentions when asked.
 */
import type { EntityType } from "../model/records.js";
import type { LocalEntity, LocalMention, NlpAnalysis } from "../model/pipeline.js";
import { resolveTimes } from "../nlp/time.js";
import { tokenize } from "../nlp/tokenize.js";

/** An entity for {@link analysisFor}: the first name is the canonical one. */
export interface TestEntity {
  names: string[];
  type: EntityType;
  roles?: string[];
  affiliation?: string | null;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Build an analysis of `text` in which exactly the given entities are recognised.
 * @example analysisFor("Lavrov met Kim.", [{ names: ["Sergey Lavrov", "Lavrov"], type: "person" }], "2023-10-20")
 */
export function analysisFor(text: string, entities: TestEntity[], published: string | null): NlpAnalysis {
  const { tokens, sentences } = tokenize(text);
  const locals: LocalEntity[] = entities.map((e, i) => ({
    key: `t${i}`,
    type: e.type,
    name: e.names[0]!,
    aliases: e.names,
    roles: e.roles ?? [],
    gazetteer_id: null,
    affiliation: e.affiliation ?? null,
  }));
  const forms = entities
    .flatMap((e, i) => e.names.map((n) => ({ name: n, key: `t${i}` })))
    .sort((a, b) => b.name.length - a.name.length);
  const taken: Array<[number, number]> = [];
  const mentions: LocalMention[] = [];
  for (const f of forms) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegex(f.name)}(?![\\p{L}\\p{N}])`, "gu");
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const s = m.index;
      const e = s + m[0].length;
      if (taken.some(([a, b]) => s < b && e > a)) continue;
      taken.push([s, e]);
      mentions.push({ start: s, end: e, text: m[0], entity: f.key, via: "name" });
    }
  }
  mentions.sort((a, b) => a.start - b.start);
  return {
    lang: "en",
    sentences,
    tokens: tokens.map((t) => ({ start: t.start, end: t.end, text: t.text, pos: t.pos, lemma: t.lemma })),
    entities: locals,
    mentions,
    times: resolveTimes(text, published),
    notes: [],
  };
}

/** Entities of the founding case used across extraction tests (names as the seeds spell them). */
export const CASE_ENTITIES: TestEntity[] = [
  { names: ["Russia", "Russian Federation", "Moscow", "the Kremlin", "Kremlin"], type: "country" },
  { names: ["North Korea", "DPRK", "Democratic People’s Republic of Korea", "Pyongyang"], type: "country" },
  { names: ["South Korea", "Seoul"], type: "country" },
  { names: ["United States", "US", "U.S.", "USA", "Washington", "the White House", "White House"], type: "country" },
  { names: ["China", "Beijing"], type: "country" },
  { names: ["Japan", "Tokyo"], type: "country" },
  { names: ["Ukraine", "Kiev", "Kyiv"], type: "country" },
  { names: ["Vietnam"], type: "country" },
  {
    names: ["Sergey Lavrov", "Sergei Lavrov", "Lavrov"],
    type: "person",
    roles: ["Russian Foreign Minister", "minister", "top diplomat"],
    affiliation: "RUS",
  },
  {
    names: ["Kim Jong Un", "Kim Jong-un", "Kim"],
    type: "person",
    roles: ["North Korean leader", "State Council Chairman"],
    affiliation: "PRK",
  },
  { names: ["Vladimir Putin", "Putin"], type: "person", roles: ["Russian President"], affiliation: "RUS" },
  {
    names: ["Choe Son-hui", "Choi Son-hui", "Choe", "Choi"],
    type: "person",
    roles: ["North Korean Foreign Minister"],
    affiliation: "PRK",
  },
  { names: ["Sergei Shoigu", "Shoigu"], type: "person", roles: ["Russian defense chief"], affiliation: "RUS" },
  { names: ["Dmitry Peskov", "Peskov"], type: "person", roles: ["spokesman"], affiliation: "RUS" },
  { names: ["Matthew Miller"], type: "person", roles: ["US State Department spokesman"], affiliation: "USA" },
  { names: ["Jake Sullivan"], type: "person", roles: ["National Security Advisor"], affiliation: "USA" },
  {
    names: ["KJ Noh", "Noh"],
    type: "person",
    roles: ["Asia-Pacific affairs expert", "journalist", "political analyst"],
  },
  { names: ["Konstantin Asmolov", "Asmolov"], type: "person", roles: ["leading researcher"], affiliation: "RUS" },
  { names: ["Robin Brooks"], type: "person", roles: ["senior fellow"] },
  { names: ["Maria Shagina"], type: "person", roles: ["research fellow"] },
  { names: ["Elina Ribakova"], type: "person", roles: ["director"] },
  { names: ["Branislav Slantchev"], type: "person", roles: ["professor"] },
  { names: ["Alexander Clarkson"], type: "person", roles: ["lecturer"] },
  { names: ["Ivan Kłyszcz"], type: "person", roles: ["research fellow"] },
  { names: ["Alexander Lanoszka"], type: "person", roles: ["associate professor"] },
  { names: ["Marat Khusnullin"], type: "person", roles: ["Russian Deputy Prime Minister"], affiliation: "RUS" },
  { names: ["Euronews"], type: "organization" },
  { names: ["Bloomberg"], type: "organization" },
  { names: ["Sputnik"], type: "organization" },
  { names: ["UN Security Council", "United Nations Security Council", "Security Council"], type: "organization" },
  { names: ["NATO"], type: "organization" },
  { names: ["Vladivostok"], type: "place" },
  { names: ["Vostochny Cosmodrome", "Vostochny Cosmodrom", "Vostochny"], type: "place" },
  { names: ["Brookings Institute"], type: "organization" },
  { names: ["Kyiv School of Economics"], type: "organization" },
];
