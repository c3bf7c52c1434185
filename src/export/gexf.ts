/**
 * GEXF 1.3 export for Gephi (https://gexf.net/1.3): entities are nodes (attributes: type, documents,
 * mentions, roles), relations are edges. All relations of one type between the same two entities
 * become one edge whose weight is the number of relation records and whose `kind` is the relation
 * type (GEXF 1.3 allows parallel edges of different kinds), so military and economic ties between
 * the same pair stay distinct in Gephi.
 */
import type { EntityRecord, RelationRecord } from "../model/records.js";
import type { Store } from "../store/store.js";
import { bufferedWriter, type ExportWriter } from "./sink.js";
import { xmlEscape as x } from "./xml.js";

/** The GEXF namespace of version 1.3. */
export const GEXF_NS = "http://gexf.net/1.3";

interface Edge {
  source: string;
  target: string;
  type: string;
  polarity: string;
  weight: number;
  evidence: number;
  relations: string[];
}

/** Writes the relation graph as a GEXF 1.3 document. */
export async function writeGexf(store: Store, out: ExportWriter, now: Date = new Date()): Promise<void> {
  const w = bufferedWriter(out);
  const entities = new Map<string, EntityRecord>();
  const edges = new Map<string, Edge>();
  for await (const r of store.exportRecords()) {
    if (r.kind === "entity") entities.set(r.id, r);
    else if (r.kind === "relation") {
      const rel = r as RelationRecord;
      const key = `${rel.source}\u0000${rel.target}\u0000${rel.type}`;
      let e = edges.get(key);
      if (!e) {
        e = {
          source: rel.source,
          target: rel.target,
          type: rel.type,
          polarity: rel.polarity ?? (rel.type === "conflict" ? "conflict" : "cooperation"),
          weight: 0,
          evidence: 0,
          relations: [],
        };
        edges.set(key, e);
      }
      e.weight += 1;
      e.evidence += rel.evidence.length;
      e.relations.push(rel.id);
    }
  }
  // Every edge end must be a node; an endpoint missing from the entity table gets a bare node.
  const nodeIds = new Set(entities.keys());
  for (const e of edges.values()) for (const id of [e.source, e.target]) nodeIds.add(id);

  await w.write(`<?xml version="1.0" encoding="UTF-8"?>\n`);
  await w.write(
    `<gexf xmlns="${GEXF_NS}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="${GEXF_NS} ${GEXF_NS}/gexf.xsd" version="1.3">\n`,
  );
  await w.write(
    `  <meta lastmodifieddate="${now.toISOString().slice(0, 10)}">\n    <creator>Dossier</creator>\n    <description>Actors (nodes) and their cooperation and conflict relations (edges), from cited news evidence</description>\n  </meta>\n`,
  );
  await w.write(`  <graph mode="static" defaultedgetype="directed">\n`);
  await w.write(
    `    <attributes class="node">\n` +
      `      <attribute id="type" title="type" type="string"/>\n` +
      `      <attribute id="docs" title="documents" type="integer"/>\n` +
      `      <attribute id="mentions" title="mentions" type="integer"/>\n` +
      `      <attribute id="roles" title="roles" type="string"/>\n` +
      `      <attribute id="aliases" title="aliases" type="string"/>\n` +
      `    </attributes>\n` +
      `    <attributes class="edge">\n` +
      `      <attribute id="type" title="relation type" type="string"/>\n` +
      `      <attribute id="polarity" title="polarity" type="string"/>\n` +
      `      <attribute id="evidence" title="evidence spans" type="integer"/>\n` +
      `      <attribute id="relations" title="relation ids" type="string"/>\n` +
      `    </attributes>\n`,
  );
  await w.write(`    <nodes>\n`);
  for (const id of nodeIds) {
    const e = entities.get(id);
    await w.write(`      <node id="${x(id)}" label="${x(e?.name ?? id)}">\n        <attvalues>\n`);
    await w.write(`          <attvalue for="type" value="${x(e?.type ?? "other")}"/>\n`);
    await w.write(`          <attvalue for="docs" value="${e?.docs ?? 0}"/>\n`);
    await w.write(`          <attvalue for="mentions" value="${e?.mentions ?? 0}"/>\n`);
    if (e?.roles.length) await w.write(`          <attvalue for="roles" value="${x(e.roles.join("; "))}"/>\n`);
    if (e?.aliases.length) await w.write(`          <attvalue for="aliases" value="${x(e.aliases.join("; "))}"/>\n`);
    await w.write(`        </attvalues>\n      </node>\n`);
  }
  await w.write(`    </nodes>\n    <edges>\n`);
  let n = 0;
  for (const e of edges.values()) {
    await w.write(
      `      <edge id="${n++}" source="${x(e.source)}" target="${x(e.target)}" kind="${x(e.type)}" label="${x(e.type)}" weight="${e.weight}">\n        <attvalues>\n` +
        `          <attvalue for="type" value="${x(e.type)}"/>\n` +
        `          <attvalue for="polarity" value="${x(e.polarity)}"/>\n` +
        `          <attvalue for="evidence" value="${e.evidence}"/>\n` +
        `          <attvalue for="relations" value="${x(e.relations.join("; "))}"/>\n` +
        `        </attvalues>\n      </edge>\n`,
    );
  }
  await w.write(`    </edges>\n  </graph>\n</gexf>\n`);
  await w.flush();
}
