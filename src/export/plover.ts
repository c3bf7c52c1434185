/**
 * PLOVER event export (Open Event Data Alliance, PLOVER manual 0.7+): one event a line with the
 * PLOVER field names (`event_type`, `mode`, `context`, `actor`, `recipient`, `date`, `location`,
 * `text`…) plus the Dossier provenance a coder's output usually lacks: the source document, outlet,
 * URL and the character offsets of the sentence each event was coded from.
 */
import type { DocumentRecord, EventRecord, PloverType } from "../model/records.js";
import type { Store } from "../store/store.js";
import { bufferedWriter, type ExportWriter } from "./sink.js";

/** PLOVER quad classes: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. */
export const PLOVER_QUAD: Record<PloverType, 1 | 2 | 3 | 4> = {
  AGREE: 1,
  CONSULT: 1,
  SUPPORT: 1,
  CONCEDE: 1,
  COOPERATE: 2,
  AID: 2,
  RETREAT: 2,
  REQUEST: 3,
  ACCUSE: 3,
  REJECT: 3,
  THREATEN: 3,
  SANCTION: 3,
  PROTEST: 4,
  MOBILIZE: 4,
  COERCE: 4,
  ASSAULT: 4,
};

const QUAD_NAMES = {
  1: "verbal cooperation",
  2: "material cooperation",
  3: "verbal conflict",
  4: "material conflict",
} as const;

/** One source sentence of a PLOVER record. */
export interface PloverSource {
  doc: string;
  outlet: string | null;
  url: string | null;
  published: string | null;
  start: number;
  end: number;
  text: string;
}

/** A PLOVER event record. */
export interface PloverEvent {
  id: string;
  date: string | null;
  /** Resolution of `date`: day, month, year, interval, or null. */
  date_resolution: "day" | "month" | "year" | "interval" | null;
  event_type: PloverType;
  mode: string | null;
  context: string[];
  quad_class: 1 | 2 | 3 | 4;
  quad_name: string;
  negated: boolean;
  hypothetical: boolean;
  actor: string[];
  actor_id: string[];
  recipient: string[];
  recipient_id: string[];
  location: { name: string; id: string } | null;
  summary: string;
  trigger: string | null;
  /** The source sentence of the first evidence span. */
  text: string;
  source: PloverSource | null;
  sources: PloverSource[];
  independent_outlets: number | null;
  /** Typed agents standing for actors/recipients the text does not name ("Nigeria police (COP)"). */
  actor_agents: string[];
  recipient_agents: string[];
  coder: "dossier";
}

function resolution(date: string | null): PloverEvent["date_resolution"] {
  if (!date) return null;
  if (date.includes("/")) return "interval";
  if (/^\d{4}-\d{2}-\d{2}/.test(date)) return "day";
  if (/^\d{4}-\d{2}$/.test(date)) return "month";
  return "year";
}

/** Maps one event, given entity names and document metadata. */
export function ploverEvent(
  e: EventRecord,
  names: Map<string, string>,
  docs: Map<string, Pick<DocumentRecord, "outlet" | "url" | "published">>,
): PloverEvent {
  const sources = e.evidence.map((ev) => {
    const d = docs.get(ev.doc);
    return {
      doc: ev.doc,
      outlet: d?.outlet ?? null,
      url: d?.url ?? null,
      published: d?.published ?? null,
      start: ev.start,
      end: ev.end,
      text: ev.text,
    };
  });
  const modes = e.modes ?? [];
  const quad = PLOVER_QUAD[e.type];
  return {
    id: e.id,
    date: e.date,
    date_resolution: resolution(e.date),
    event_type: e.type,
    mode: e.mode ?? null,
    context: modes.filter((m) => m === "future" || m === "historical"),
    quad_class: quad,
    quad_name: QUAD_NAMES[quad],
    negated: modes.includes("negated"),
    hypothetical: modes.includes("hypothetical"),
    actor: e.actors.map((id) => names.get(id) ?? id),
    actor_id: e.actors,
    recipient: e.targets.map((id) => names.get(id) ?? id),
    recipient_id: e.targets,
    location: e.location ? { name: names.get(e.location) ?? e.location, id: e.location } : null,
    summary: e.summary,
    trigger: e.trigger ?? null,
    text: sources[0]?.text ?? "",
    source: sources[0] ?? null,
    sources,
    independent_outlets: e.independent_outlets ?? null,
    actor_agents: e.actor_agents ?? [],
    recipient_agents: e.target_agents ?? [],
    coder: "dossier",
  };
}

/** Writes every event as one PLOVER JSON line. */
export async function writePlover(store: Store, out: ExportWriter): Promise<void> {
  const w = bufferedWriter(out);
  const names = new Map<string, string>();
  const docs = new Map<string, Pick<DocumentRecord, "outlet" | "url" | "published">>();
  for await (const r of store.exportRecords()) {
    if (r.kind === "document") docs.set(r.id, { outlet: r.outlet, url: r.url, published: r.published });
    else if (r.kind === "entity") names.set(r.id, r.name);
    else if (r.kind === "event") await w.write(JSON.stringify(ploverEvent(r, names, docs)) + "\n");
  }
  await w.flush();
}
