/**
 * Cross-document entity resolution: document-local entities → global {@link EntityRecord}s with
 * stable ids.
 *
 * Merge keys, strongest first: the gazetteer id (curated actors, countries, capitals and cities);
 * for other people the part-by-part transliteration key ("Sergei X" = "Sergey X", never Kim Jong Un =
 * Kim Jong Il); for organisations and places the canonical name key. A bare surname ("Koh") joins a
 * full name only when exactly one person in the corpus carries it; otherwise it stays apart and is
 * listed as ambiguous. Ids are `stableId("e", mergeKey)`, so re-runs over the same input give the
 * same ids whatever the document order.
 */
import type { LocalEntity, LocalMention } from "../model/pipeline.js";
import type { EntityRecord, EntityType, MentionRecord } from "../model/records.js";
import { stableId } from "../util/ids.js";
import { foldText, matchKey, surnameOf, translitKey } from "./names.js";
import { canonicalOrgName } from "./roles.js";

/** One document's entities as the language layer produced them. */
export interface DocEntities {
  doc: string;
  entities: LocalEntity[];
  mentions: LocalMention[];
}

/** Output of {@link resolveEntities}. */
export interface ResolvedEntities {
  entities: EntityRecord[];
  mentions: MentionRecord[];
  /** Global entity id of a document-local entity key, or null when unknown. */
  idOf(doc: string, key: string): string | null;
}

interface Global {
  mergeKey: string;
  type: EntityType;
  /** Name votes: gazetteer names win, then the longest/most frequent. */
  names: Map<string, number>;
  canonicalName: string | null;
  aliases: Set<string>;
  roles: Set<string>;
  docs: Set<string>;
  mentions: number;
  singleName: boolean;
}

/** Merge key of a local entity (before surname attachment). */
export function mergeKeyOf(e: LocalEntity): string {
  if (e.gazetteer_id) return `g|${e.gazetteer_id}`;
  if (e.key.startsWith("amb:")) return `amb|${e.type}|${matchKey(e.name)}`;
  if (e.type === "person") return `person|${translitKey(e.name)}`;
  if (e.type === "organization") return `organization|${matchKey(canonicalOrgName(e.name))}`;
  return `${e.type}|${matchKey(e.name)}`;
}

/**
 * Merges entities across documents.
 * @param docs per-document entities and mentions (local keys)
 * @returns global entities (sorted by mentions, then name), mention records, and a key → id lookup
 * @example
 * const r = resolveEntities([{ doc: "d_1", entities, mentions }]);
 * r.idOf("d_1", "actor:lavrov") // "e_…"
 */
export function resolveEntities(docs: DocEntities[]): ResolvedEntities {
  const globals = new Map<string, Global>();
  const localToMerge = new Map<string, string>(); // doc \u001f key → merge key

  const sorted = [...docs].sort((a, b) => (a.doc < b.doc ? -1 : a.doc > b.doc ? 1 : 0));
  for (const d of sorted) {
    for (const e of d.entities) {
      const mk = mergeKeyOf(e);
      localToMerge.set(d.doc + "\u001f" + e.key, mk);
      let g = globals.get(mk);
      if (!g) {
        g = {
          mergeKey: mk,
          type: e.type,
          names: new Map(),
          canonicalName: e.gazetteer_id ? e.name : null,
          aliases: new Set(),
          roles: new Set(),
          docs: new Set(),
          mentions: 0,
          singleName: e.type === "person" && !e.gazetteer_id && translitKey(e.name).split(" ").length === 1,
        };
        globals.set(mk, g);
      }
      g.names.set(e.name, (g.names.get(e.name) ?? 0) + 1);
      for (const a of e.aliases) g.aliases.add(a);
      for (const r of e.roles) g.roles.add(r);
    }
  }

  // attach bare surnames to the one full-named person that carries them, when exactly one does
  const bySurname = new Map<string, string[]>();
  for (const g of globals.values()) {
    if (g.type !== "person" || g.singleName) continue;
    const name = g.canonicalName ?? [...g.names.keys()][0]!;
    const s = foldText(surnameOf(name));
    bySurname.set(s, [...(bySurname.get(s) ?? []), g.mergeKey]);
  }
  const redirect = new Map<string, string>();
  const ambiguousForms = new Map<string, Set<string>>(); // folded form → merge keys
  for (const g of globals.values()) {
    if (!g.singleName) continue;
    const s = foldText([...g.names.keys()][0]!);
    const owners = bySurname.get(s) ?? [];
    if (owners.length === 1) redirect.set(g.mergeKey, owners[0]!);
    else if (owners.length > 1) ambiguousForms.set(s, new Set([g.mergeKey, ...owners]));
  }
  for (const [from, to] of redirect) {
    const a = globals.get(from)!;
    const b = globals.get(to)!;
    for (const x of a.aliases) b.aliases.add(x);
    for (const x of a.roles) b.roles.add(x);
    globals.delete(from);
  }
  const finalKey = (mk: string): string => redirect.get(mk) ?? mk;

  // mentions and counts
  const mentions: MentionRecord[] = [];
  const idByMerge = new Map<string, string>();
  for (const g of globals.values()) idByMerge.set(g.mergeKey, stableId("e", g.mergeKey));
  for (const d of sorted) {
    for (const m of d.mentions) {
      const mk = localToMerge.get(d.doc + "\u001f" + m.entity);
      if (!mk) continue;
      const g = globals.get(finalKey(mk));
      if (!g) continue;
      g.mentions++;
      g.docs.add(d.doc);
      mentions.push({
        kind: "mention",
        doc: d.doc,
        entity: idByMerge.get(g.mergeKey)!,
        start: m.start,
        end: m.end,
        text: m.text,
        via: m.via,
      });
    }
  }

  // surface forms shared by several global entities
  const formOwners = new Map<string, Set<string>>();
  for (const g of globals.values()) {
    for (const a of g.aliases) {
      const f = foldText(a);
      let set = formOwners.get(f);
      if (!set) formOwners.set(f, (set = new Set()));
      set.add(g.mergeKey);
    }
  }
  for (const [f, set] of ambiguousForms) {
    const owners = formOwners.get(f) ?? new Set<string>();
    for (const k of set) owners.add(k);
    formOwners.set(f, owners);
  }

  const entities: EntityRecord[] = [];
  for (const g of globals.values()) {
    const name = g.canonicalName ?? pickName(g.names);
    const ambiguous = [...g.aliases]
      .filter((a) => (formOwners.get(foldText(a))?.size ?? 0) > 1 || g.mergeKey.startsWith("amb|"))
      .sort();
    const rec: EntityRecord = {
      kind: "entity",
      id: idByMerge.get(g.mergeKey)!,
      type: g.type,
      name,
      aliases: [...g.aliases].filter((a) => a !== name).sort(),
      roles: [...g.roles].sort(),
      docs: g.docs.size,
      mentions: g.mentions,
    };
    if (ambiguous.length > 0) rec.ambiguous = ambiguous;
    if (rec.mentions > 0) entities.push(rec);
  }
  entities.sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

  return {
    entities,
    mentions,
    idOf(doc: string, key: string): string | null {
      const mk = localToMerge.get(doc + "\u001f" + key);
      if (!mk) return null;
      const g = globals.get(finalKey(mk));
      return g ? idByMerge.get(g.mergeKey)! : null;
    },
  };
}

/** Most frequent name; ties → the longest, then alphabetical (deterministic). */
function pickName(names: Map<string, number>): string {
  return [...names.entries()].sort(
    (a, b) => b[1] - a[1] || b[0].length - a[0].length || a[0].localeCompare(b[0]),
  )[0]![0];
}
