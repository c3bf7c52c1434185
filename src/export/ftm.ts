/**
 * FollowTheMoney export (the entity model of Aleph and OpenSanctions, https://followthemoney.tech):
 * one entity a line, `{ id, schema, properties }`, every property value a list of strings.
 *
 * Mapping: person → Person (roles as `position`), organization → Organization, country →
 * PublicBody (a state acting as an actor; ISO country code in `country`), place → Address, other →
 * LegalEntity, document → Article, mention → Mention, event → Event (actors as `organizer`,
 * actors and targets as `involved`), relation → UnknownLink (`role` = relation type). Quotes and
 * claims have no FtM schema and are left to the JSONL export.
 */
import countries from "i18n-iso-countries";
import type {
  DocumentRecord,
  EntityRecord,
  EntityType,
  EventRecord,
  MentionRecord,
  RelationRecord,
} from "../model/records.js";
import type { Store } from "../store/store.js";
import { bufferedWriter, type ExportWriter } from "./sink.js";

/** One FollowTheMoney entity. */
export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
}

/** FtM schema for each Dossier entity type. */
export const FTM_SCHEMA_FOR_TYPE: Record<EntityType, string> = {
  person: "Person",
  organization: "Organization",
  country: "PublicBody",
  place: "Address",
  other: "LegalEntity",
};

/** Required properties of the schemata this export writes (from the FtM schema files). */
export const FTM_REQUIRED: Record<string, string[]> = {
  Person: ["name"],
  Organization: ["name"],
  PublicBody: ["name"],
  LegalEntity: ["name"],
  Address: ["full"],
  Article: ["title"],
  Mention: ["document", "name"],
  Event: ["name"],
  UnknownLink: ["subject", "object"],
};

/** Schemata that are legal entities (may be an Event's `involved`/`organizer` or a Mention's `resolved`). */
const LEGAL_ENTITY_SCHEMATA = new Set(["Person", "Organization", "PublicBody", "LegalEntity"]);

/** ISO 3166-1 alpha-2 code (lower case, as FtM writes countries) for a country name, or null. */
export function countryCode(name: string): string | null {
  const code = countries.getAlpha2Code(name, "en");
  return code ? code.toLowerCase() : null;
}

function props(
  entries: Record<string, Array<string | null | undefined> | string | null | undefined>,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(entries)) {
    const list = (Array.isArray(value) ? value : [value]).filter(
      (v): v is string => typeof v === "string" && v.trim() !== "",
    );
    if (list.length) out[key] = [...new Set(list)];
  }
  return out;
}

/** FtM `date` value from a Dossier date (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or an interval). */
function ftmDates(date: string | null): Record<string, string | null> {
  if (!date) return {};
  const [start, end] = date.split("/");
  return end ? { startDate: start, endDate: end } : { date: start };
}

/** Maps an entity record. */
export function ftmEntity(e: EntityRecord): FtmEntity {
  const schema = FTM_SCHEMA_FOR_TYPE[e.type] ?? "LegalEntity";
  const aliases = e.aliases.filter((a) => a !== e.name);
  if (schema === "Address")
    return {
      id: e.id,
      schema,
      properties: props({
        full: e.name,
        summary: aliases.length ? `also written ${aliases.join(", ")}` : null,
        country: countryCode(e.name),
      }),
    };
  const code = e.type === "country" ? (countryCode(e.name) ?? aliases.map(countryCode).find((c) => c) ?? null) : null;
  return {
    id: e.id,
    schema,
    properties: props({
      name: e.name,
      alias: aliases,
      ...(schema === "Person" ? { position: e.roles } : { notes: e.roles.length ? e.roles.join("; ") : null }),
      ...(code ? { country: code, jurisdiction: code } : {}),
    }),
  };
}

/** Maps a document record. */
export function ftmArticle(d: DocumentRecord): FtmEntity {
  return {
    id: d.id,
    schema: "Article",
    properties: props({
      title: d.title ?? d.source,
      author: d.authors,
      publisher: d.outlet,
      publishedAt: d.published,
      sourceUrl: d.url,
      fileName: d.source,
    }),
  };
}

/**
 * Writes documents, entities, mentions, events and relations as FtM entities (JSON Lines). Entity
 * references only point at entities of a fitting schema (a place is an Event's `location`, never
 * `involved`).
 */
export async function writeFtm(store: Store, out: ExportWriter): Promise<void> {
  const w = bufferedWriter(out);
  const schemaOf = new Map<string, string>();
  const nameOf = new Map<string, string>();
  const emit = (e: FtmEntity) => w.write(JSON.stringify(e) + "\n");
  let mentionNo = 0;
  for await (const r of store.exportRecords()) {
    switch (r.kind) {
      case "document":
        await emit(ftmArticle(r as DocumentRecord));
        break;
      case "entity": {
        const ftm = ftmEntity(r as EntityRecord);
        schemaOf.set(ftm.id, ftm.schema);
        nameOf.set(ftm.id, (r as EntityRecord).name);
        await emit(ftm);
        break;
      }
      case "mention": {
        const m = r as MentionRecord;
        const resolvedSchema = schemaOf.get(m.entity);
        await emit({
          id: `${m.doc}-m${mentionNo++}-${m.start}`,
          schema: "Mention",
          properties: props({
            document: m.doc,
            name: m.text,
            resolved: resolvedSchema && LEGAL_ENTITY_SCHEMATA.has(resolvedSchema) ? m.entity : null,
            detectedSchema: resolvedSchema ?? null,
          }),
        });
        break;
      }
      case "event": {
        const e = r as EventRecord;
        const legal = (ids: string[]) => ids.filter((id) => LEGAL_ENTITY_SCHEMATA.has(schemaOf.get(id) ?? ""));
        await emit({
          id: e.id,
          schema: "Event",
          properties: props({
            name: e.summary || e.type,
            summary: `${e.type}${e.mode ? ` (${e.mode})` : ""}`,
            description: e.evidence[0]?.text ?? null,
            ...ftmDates(e.date),
            organizer: legal(e.actors),
            involved: legal([...e.actors, ...e.targets]),
            location: e.location ? (nameOf.get(e.location) ?? null) : null,
            proof: [...new Set(e.evidence.map((ev) => ev.doc))],
          }),
        });
        break;
      }
      case "relation": {
        const rel = r as RelationRecord;
        await emit({
          id: rel.id,
          schema: "UnknownLink",
          properties: props({
            subject: rel.source,
            object: rel.target,
            role: rel.type,
            summary: rel.polarity ?? null,
            description: rel.evidence[0]?.text ?? null,
            proof: [...new Set(rel.evidence.map((ev) => ev.doc))],
          }),
        });
        break;
      }
      default:
        break; // quotes, claims, provisions, links: no FtM schema (see module comment)
    }
  }
  await w.flush();
}
