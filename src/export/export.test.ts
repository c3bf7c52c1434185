import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeExport, CSV_COLUMNS, CSV_TABLES, csvCell, csvRow, FTM_REQUIRED, PLOVER_QUAD, GEXF_NS } from "./index.js";
import { memorySink } from "./sink.js";
import { xmlEscape } from "./xml.js";
import { fixtureStore, fixtureRecords, XSS, type FixtureIds } from "../../test/fixtures/kb.js";
import { createSqliteStore } from "../store/sqlite/index.js";
import { PLOVER_TYPES } from "../model/records.js";
import type { Store } from "../store/store.js";
import { DossierError } from "../util/errors.js";

let store: Store;
let ids: FixtureIds;
let tmp: string;
const texts = new Map<string, string>();

before(async () => {
  ({ store, ids } = await fixtureStore());
  for (const { doc } of fixtureRecords().documents) texts.set(doc.id, doc.text);
  tmp = await mkdtemp(join(tmpdir(), "dossier-export-"));
});
after(async () => {
  await store?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function exportText(format: "jsonl" | "gexf" | "ftm" | "plover", s: Store = store): Promise<string> {
  const sink = memorySink();
  await writeExport(s, format, sink);
  return sink.text();
}

function checkSpan(s: { doc: string; start: number; end: number; text: string }): void {
  assert.equal(texts.get(s.doc)?.slice(s.start, s.end), s.text, `${s.doc}:${s.start}-${s.end}`);
}

/** RFC 4180 parser for the tests: quoted fields, doubled quotes, CRLF rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') {
      assert.equal(field, "", "a quote only opens a field");
      quoted = true;
    } else if (c === ",") row.push(field), (field = "");
    else if (c === "\r" && text[i + 1] === "\n") row.push(field), rows.push(row), (row = []), (field = ""), i++;
    else {
      assert.ok(c !== "\n" && c !== "\r", "bare line breaks only inside quotes");
      field += c;
    }
  }
  assert.equal(quoted, false, "no unterminated quote");
  assert.equal(field + row.join(""), "", "file ends with CRLF");
  return rows;
}

interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}

/** A strict little XML parser: well-formedness (nesting, quoting, entities) or it throws. */
function parseXml(xml: string): XmlNode {
  const decode = (s: string) => {
    assert.doesNotMatch(s, /&(?!(amp|lt|gt|quot|apos|#\d+);)/, "only known entities");
    assert.doesNotMatch(s, /</, "no raw < in text or attributes");
    return s.replace(
      /&(amp|lt|gt|quot|apos|#\d+);/g,
      (_, e: string) =>
        ({ amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" })[e] ?? String.fromCharCode(Number(e.slice(1))),
    );
  };
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const re = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  const root: XmlNode = { name: "#root", attrs: {}, children: [] };
  const stack = [root];
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(body))) {
    consumed = re.lastIndex;
    const [, close, name, attrText, selfClose, text] = m;
    if (text !== undefined) {
      decode(text);
      continue;
    }
    if (close) {
      const open = stack.pop()!;
      assert.equal(open.name, name, `</${name}> closes <${open.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([\w:.-]+)="([^"]*)"/g)) {
      assert.ok(!(a[1] in attrs), `duplicate attribute ${a[1]}`);
      attrs[a[1]] = decode(a[2]);
    }
    const node = { name, attrs, children: [] };
    stack[stack.length - 1].children.push(node);
    if (!selfClose) stack.push(node);
  }
  assert.equal(consumed, body.length, "the whole document parses");
  assert.equal(stack.length, 1, "every element is closed");
  assert.equal(root.children.length, 1, "one root element");
  return root.children[0];
}

const all = (n: XmlNode, name: string): XmlNode[] => [
  ...(n.name === name ? [n] : []),
  ...n.children.flatMap((c) => all(c, name)),
];

test("JSONL: one record a line, contract kinds, evidence invariant everywhere", async () => {
  const lines = (await exportText("jsonl"))
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));
  const kinds = lines.map((l) => l.kind);
  assert.deepEqual(
    [...new Set(kinds)],
    ["document", "entity", "mention", "event", "quote", "claim", "provision", "relation"],
    "export order, no link kind",
  );
  assert.equal(kinds.filter((k) => k === "document").length, 5);
  let spans = 0;
  for (const r of lines) {
    if (r.kind === "mention" || r.kind === "quote") checkSpan(r), spans++;
    for (const e of r.evidence ?? []) checkSpan(e), spans++;
  }
  assert.ok(spans > 30, `checked ${spans} spans`);
  const doc = lines.find((l) => l.id === ids.docs.xss);
  assert.equal(doc.title, XSS.title, "text travels unchanged");
  const copy = lines.find((l) => l.id === ids.docs.spun);
  assert.deepEqual(
    copy.copy_links.map((l: { source: string; relation: string }) => [l.source, l.relation]),
    [[ids.docs.meet, "spun-copy"]],
    "copy links travel on the copy",
  );
  assert.equal(lines.find((l) => l.id === ids.docs.meet).copy_links, undefined);
});

test("CSV: one RFC 4180 file per kind plus evidence.csv, rows match records, spans hold", async () => {
  const dir = join(tmp, "csv");
  await writeExport(store, "csv", dir);
  assert.deepEqual((await readdir(dir)).sort(), CSV_TABLES.map((t) => `${t}.csv`).sort());
  const table = async (t: string) => parseCsv(await readFile(join(dir, `${t}.csv`), "utf8"));
  const { kb, documents } = fixtureRecords();
  const expected: Record<string, number> = {
    documents: documents.length,
    entities: kb.entities.length,
    mentions: kb.mentions.length,
    events: kb.events.length,
    quotes: kb.quotes.length,
    claims: kb.claims.length,
    provisions: kb.provisions.length,
    relations: kb.relations.length,
    links: kb.links.length,
  };
  for (const t of CSV_TABLES) {
    const rows = await table(t);
    assert.deepEqual(rows[0], CSV_COLUMNS[t], `${t} header`);
    for (const r of rows) assert.equal(r.length, CSV_COLUMNS[t].length, `${t}: every row has every column`);
    if (t in expected) assert.equal(rows.length - 1, expected[t], `${t} rows`);
  }
  const ev = await table("evidence");
  const col = (name: string) => CSV_COLUMNS.evidence.indexOf(name);
  const evidenceCount = [...kb.events, ...kb.claims, ...kb.provisions, ...kb.relations].reduce(
    (n, r) => n + r.evidence.length,
    0,
  );
  assert.equal(ev.length - 1, evidenceCount);
  for (const r of ev.slice(1))
    checkSpan({ doc: r[col("doc")], start: Number(r[col("start")]), end: Number(r[col("end")]), text: r[col("text")] });
  const docs = await table("documents");
  const xssRow = docs.find((r) => r[0] === ids.docs.xss)!;
  assert.equal(xssRow[CSV_COLUMNS.documents.indexOf("title")], XSS.title, "quotes and markup survive the round trip");
  assert.ok(
    docs.some((r) => r[CSV_COLUMNS.documents.indexOf("text")].includes("\n\n")),
    "multi-line text quoted",
  );
  const events = await table("events");
  assert.ok(
    events.some((r) => r[CSV_COLUMNS.events.indexOf("actor_names")] === "Sergey Lavrov"),
    "names beside ids",
  );
  // Typed agents (unnamed parties such as "Nigeria police (COP)") have their own columns, one cell per side.
  const agentCol = CSV_COLUMNS.events.indexOf("actor_agents");
  const targetAgentCol = CSV_COLUMNS.events.indexOf("target_agents");
  assert.ok(agentCol > 0 && targetAgentCol > agentCol);
  for (const e of kb.events) {
    const row = events.find((r) => r[0] === e.id)!;
    assert.equal(row[agentCol], (e.actor_agents ?? []).join("; "));
    assert.equal(row[targetAgentCol], (e.target_agents ?? []).join("; "));
  }
});

test("CSV cells: RFC 4180 quoting and the spreadsheet formula guard", () => {
  assert.equal(csvCell("plain"), "plain");
  assert.equal(csvCell('say "hi", then'), '"say ""hi"", then"');
  assert.equal(csvCell("two\nlines"), '"two\nlines"');
  assert.equal(csvCell(null), "");
  assert.equal(csvCell(-3), "-3", "numbers are not guarded");
  assert.equal(csvCell('=HYPERLINK("http://x")'), '"\'=HYPERLINK(""http://x"")"');
  assert.equal(csvCell("+1"), "'+1");
  assert.equal(csvCell("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(csvCell("=1+1", false), "=1+1");
  assert.equal(csvRow(["a", 1, true, null]), "a,1,true,\r\n");
});

test("CSV refuses a file path and a stream without a table", async () => {
  const file = join(tmp, "not-a-dir.csv");
  await writeFile(file, "x");
  await assert.rejects(
    writeExport(store, "csv", file),
    (e: unknown) => e instanceof DossierError && e.code === "USAGE",
  );
  await assert.rejects(
    writeExport(store, "csv", memorySink()),
    (e: unknown) => e instanceof DossierError && e.code === "USAGE",
  );
  const one = memorySink();
  await writeExport(store, "csv", one, { table: "quotes" });
  assert.equal(parseCsv(one.text()).length, 4);
});

test("GEXF 1.3: well-formed, namespace and version, declared attributes, edges between nodes", async () => {
  const xml = await exportText("gexf");
  assert.doesNotMatch(xml, /<img|<script/, "names are escaped");
  const root = parseXml(xml);
  assert.equal(root.name, "gexf");
  assert.equal(root.attrs.xmlns, GEXF_NS);
  assert.equal(root.attrs.version, "1.3");
  const graph = root.children.find((c) => c.name === "graph")!;
  assert.ok(graph, "graph element");
  assert.ok(["directed", "undirected", "mutual"].includes(graph.attrs.defaultedgetype));
  assert.ok(["static", "dynamic"].includes(graph.attrs.mode));
  // Schema order inside <graph>: attributes, then nodes, then edges.
  assert.deepEqual(
    graph.children.map((c) => c.name),
    ["attributes", "attributes", "nodes", "edges"],
  );
  const declared = new Map<string, Set<string>>();
  for (const a of all(graph, "attributes")) {
    assert.ok(["node", "edge"].includes(a.attrs.class));
    declared.set(
      a.attrs.class,
      new Set(a.children.map((c) => (assert.ok(c.attrs.id && c.attrs.title && c.attrs.type), c.attrs.id))),
    );
  }
  const nodes = all(graph, "node");
  const nodeIds = new Set(nodes.map((n) => n.attrs.id));
  assert.equal(nodeIds.size, nodes.length, "node ids unique");
  assert.equal(nodes.length, fixtureRecords().kb.entities.length);
  for (const n of nodes)
    for (const v of all(n, "attvalue"))
      assert.ok(declared.get("node")!.has(v.attrs.for), `node attvalue for=${v.attrs.for} declared`);
  const kim = nodes.find((n) => n.attrs.id === ids.entities.kim)!;
  assert.equal(kim.attrs.label, XSS.entityName, "labels round-trip exactly");
  const edges = all(graph, "edge");
  const edgeIds = new Set(edges.map((e) => e.attrs.id));
  assert.equal(edgeIds.size, edges.length, "edge ids unique");
  for (const e of edges) {
    assert.ok(nodeIds.has(e.attrs.source) && nodeIds.has(e.attrs.target), "edge ends are nodes");
    assert.ok(Number(e.attrs.weight) > 0);
    for (const v of all(e, "attvalue")) assert.ok(declared.get("edge")!.has(v.attrs.for));
  }
  const mil = edges.find(
    (e) => e.attrs.source === ids.entities.nk && e.attrs.target === ids.entities.russia && e.attrs.kind === "military",
  )!;
  assert.equal(mil.attrs.weight, "2");
});

test("XML escaping drops characters XML 1.0 cannot carry", () => {
  assert.equal(xmlEscape(`a<b>&"c"'\u0001\u0008d\uFFFE`), "a&lt;b&gt;&amp;&quot;c&quot;&apos;d");
  assert.equal(xmlEscape("\uD800x"), "x", "lone surrogate dropped");
  assert.equal(xmlEscape("😀"), "😀", "pairs kept");
});

test("FollowTheMoney: schema, properties as string lists, required properties, references resolve", async () => {
  const lines = (await exportText("ftm"))
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));
  const byId = new Map(lines.map((e) => [e.id, e]));
  assert.equal(byId.size, lines.length, "ids unique");
  const schemas = new Set(lines.map((e) => e.schema));
  for (const s of ["Article", "Person", "Organization", "PublicBody", "Address", "Mention", "Event", "UnknownLink"])
    assert.ok(schemas.has(s), `has ${s}`);
  for (const e of lines) {
    assert.equal(typeof e.id, "string");
    assert.ok(e.schema in FTM_REQUIRED, `known schema ${e.schema}`);
    for (const [k, v] of Object.entries(e.properties))
      assert.ok(Array.isArray(v) && v.length && v.every((x) => typeof x === "string" && x.length), `${e.schema}.${k}`);
    for (const req of FTM_REQUIRED[e.schema]) assert.ok(e.properties[req]?.length, `${e.schema} ${e.id} has ${req}`);
  }
  const ref = (id: string, schemas: string[]) =>
    assert.ok(schemas.includes(byId.get(id)?.schema), `${id} is one of ${schemas}`);
  const legal = ["Person", "Organization", "PublicBody", "LegalEntity"];
  for (const e of lines) {
    if (e.schema === "Mention") {
      ref(e.properties.document[0], ["Article"]);
      for (const r of e.properties.resolved ?? []) ref(r, legal);
    }
    if (e.schema === "Event")
      for (const r of [...(e.properties.involved ?? []), ...(e.properties.organizer ?? [])]) ref(r, legal);
    if (e.schema === "UnknownLink")
      for (const r of [...e.properties.subject, ...e.properties.object]) assert.ok(byId.has(r));
  }
  assert.deepEqual(byId.get(ids.entities.russia).properties.country, ["ru"]);
  assert.deepEqual(byId.get(ids.entities.lavrov).properties.position, ["Russian Foreign Minister"]);
  assert.equal(byId.get(ids.entities.pyongyang).schema, "Address");
  assert.deepEqual(byId.get(ids.events.consult).properties.location, ["Pyongyang"]);
});

test("PLOVER: event_type, quad class, actor and recipient names, source sentences with offsets", async () => {
  const lines = (await exportText("plover"))
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, fixtureRecords().kb.events.length);
  for (const e of lines) {
    assert.ok((PLOVER_TYPES as readonly string[]).includes(e.event_type));
    assert.equal(e.quad_class, PLOVER_QUAD[e.event_type as keyof typeof PLOVER_QUAD]);
    assert.equal(e.actor.length, e.actor_id.length);
    assert.equal(e.recipient.length, e.recipient_id.length);
    for (const s of e.sources) checkSpan(s);
    assert.equal(e.text, e.sources[0].text);
  }
  const consult = lines.find((e) => e.id === ids.events.consult);
  assert.deepEqual(
    [consult.actor, consult.recipient, consult.mode, consult.date_resolution, consult.quad_class],
    [["Sergey Lavrov"], ["Choe Son Hui"], "visit", "day", 1],
  );
  assert.deepEqual(consult.location, { name: "Pyongyang", id: ids.entities.pyongyang });
  assert.equal(consult.source.outlet, "Harbour Ledger");
  const reject = lines.find((e) => e.id === ids.events.reject);
  assert.equal(reject.negated, true);
  assert.equal(lines.find((e) => e.id === ids.events.aid).date_resolution, "month");
});

test("streamWriter waits for drain on a slow stream and loses nothing", async () => {
  const { Writable } = await import("node:stream");
  const chunks: string[] = [];
  let waits = 0;
  const slow = new Writable({
    highWaterMark: 1024,
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      setTimeout(cb, 1);
    },
  });
  slow.on("drain", () => waits++);
  const { streamWriter } = await import("./index.js");
  await writeExport(store, "jsonl", streamWriter(slow));
  assert.equal(chunks.join(""), await exportText("jsonl"));
  assert.ok(waits >= 1, "the writer waited for the stream to drain");
});

test("file output, unknown formats and an empty store", async () => {
  const file = join(tmp, "graph.gexf");
  await writeExport(store, "gexf", file);
  parseXml(await readFile(file, "utf8"));
  await assert.rejects(
    writeExport(store, "jsonl", tmp),
    (e: unknown) => e instanceof DossierError && e.code === "USAGE",
    "a directory is not a file",
  );
  await assert.rejects(
    writeExport(store, "pdf" as "jsonl", memorySink()),
    (e: unknown) => e instanceof DossierError && e.code === "USAGE",
  );
  await assert.rejects(
    writeExport(store, "jsonl", join(tmp, "missing-dir", "x.jsonl")),
    (e: unknown) => e instanceof DossierError,
  );
  const empty = createSqliteStore(":memory:");
  await empty.init();
  try {
    assert.equal(await exportText("jsonl", empty), "");
    assert.equal(await exportText("plover", empty), "");
    const root = parseXml(await exportText("gexf", empty));
    assert.equal(all(root, "node").length, 0);
  } finally {
    await empty.close();
  }
});
