/**
 * Learned substitutions in the incremental knowledge base: the source-less spun copy is restored
 * with the pairs its siblings attest whether they are merged before it, after it, or together,
 * and the knowledge base is the one a full build gives.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createSqliteStore } from "../../store/sqlite/index.js";
import type { Store } from "../../store/store.js";
import type { DocumentRecord } from "../../model/records.js";
import { analyseDocument, storedAnalysis } from "../../pipeline/index.js";
import { documentId, sha256Hex } from "../../util/ids.js";
import { mergeDocuments, rebuildKnowledgeBase } from "../incremental.js";
import { makeSpinner } from "./synthetic.js";

// Written for this test: three unrelated reports; a made-up spinner also writes "office holders" for "officials".
const SOURCES = [
  "Officials in the northern province said on Monday that heavy rain had flooded more than two hundred homes and cut the main road to the coast. " +
    "Rescue teams used boats to reach villages along the river, and officials said no one had been hurt. The regional government promised money " +
    "for repairs and asked residents to stay away from the banks until the water level falls. Forecasters expect more rain later in the week, " +
    "and officials warned that schools in low areas may stay closed.",
  "The city council approved a plan on Thursday to build a new tram line linking the airport with the central station by the end of the decade. " +
    "Officials said the project would cost about nine hundred million and would be paid for by the city, the state and a loan from a public bank. " +
    "Shop owners along the route asked for help during the years of construction, and officials promised a fund for them. Opponents said buses " +
    "would be cheaper and faster to deliver, and they plan to challenge the decision in court.",
  "Health officials reported a sharp rise in cases of measles in three southern districts, most of them among children who had not been vaccinated. " +
    "The ministry sent extra doses and nurses to the area and opened clinics in schools and markets. Officials urged parents to check the records " +
    "of their children and said the vaccine is free at every public clinic. Doctors said the outbreak could have been avoided, and officials " +
    "admitted that supplies had run short in the spring.",
];

interface Item {
  doc: DocumentRecord;
  raw: Uint8Array;
}

function items(): Map<string, Item> {
  const spinner = makeSpinner(5);
  // A placeholder keeps the WordNet spinner off the word; the made-up spinner's form goes in after.
  const spun = SOURCES.map((s) =>
    spinner
      .spin(s.replace(/\bofficials\b/g, "qqofficials").replace(/\bOfficials\b/g, "Qqofficials"), 0.3)
      .replace(/\bqqofficials\b/g, "office holders")
      .replace(/\bQqofficials\b/g, "Office holders"),
  );
  const texts: Array<[string, string, string, string]> = [
    ["src0", SOURCES[0]!, "2024-01-01", "A"],
    ["src1", SOURCES[1]!, "2024-01-01", "B"],
    ...spun.map((t, i): [string, string, string, string] => [`spun${i}`, t, "2024-02-01", `C${i}`]),
  ];
  const out = new Map<string, Item>();
  for (const [name, text, published, outlet] of texts) {
    const raw = new TextEncoder().encode(text);
    const sha = sha256Hex(raw);
    out.set(name, {
      raw,
      doc: {
        kind: "document",
        schema: 1,
        id: documentId(sha),
        sha256: sha,
        source: `${name}.txt`,
        title: null,
        outlet,
        url: null,
        authors: [],
        published,
        lang: "en",
        text,
        spun: { score: 0, is_spun: false },
        republication_of: null,
        restored_text: null,
      },
    });
  }
  return out;
}

async function exportOf(store: Store): Promise<string[]> {
  const out: string[] = [];
  for await (const r of store.exportRecords()) out.push(JSON.stringify(r));
  return out;
}

/** Stores every item, merges them in the given batches, returns the export and the store. */
async function merged(all: Map<string, Item>, batches: string[][] | "full"): Promise<{ kb: string[]; store: Store }> {
  const store = createSqliteStore(":memory:");
  await store.init();
  for (const it of all.values()) {
    await store.insertDocument(it.doc, it.raw);
    await store.putAnalysis(storedAnalysis(analyseDocument(it.doc)));
  }
  if (batches === "full") await rebuildKnowledgeBase(store);
  else
    for (const b of batches)
      await mergeDocuments(
        store,
        b.map((n) => all.get(n)!.doc.id),
      );
  return { kb: await exportOf(store), store };
}

test("a source-less spun copy gets the learned pairs whether their attesting copies come first or last", async () => {
  const all = items();
  const full = await merged(all, "full");
  const alone = (await full.store.getDocument(all.get("spun2")!.doc.id))!;
  assert.equal(alone.spun.is_spun, true, `score ${alone.spun.score}`);
  assert.equal(alone.republication_of, null);
  const learned = (alone.restorations ?? []).filter((r) => /learned from this corpus/.test(r.reason));
  assert.ok(learned.length >= 2, JSON.stringify(alone.restorations));
  for (const r of learned) {
    assert.equal(r.original.toLowerCase(), "officials");
    assert.equal(alone.text.slice(r.start, r.end), r.spun);
  }
  await full.store.close();

  const orders: Record<string, string[][]> = {
    "attesting copies first": [["src0", "src1", "spun0", "spun1"], ["spun2"]],
    "attesting copies last": [["spun2"], ["src0", "src1"], ["spun0"], ["spun1"]],
    "copies before their sources": [["spun2"], ["spun1"], ["spun0"], ["src1"], ["src0"]],
    "one at a time": [["spun0"], ["src0"], ["spun2"], ["spun1"], ["src1"]],
  };
  for (const [name, batches] of Object.entries(orders)) {
    const got = await merged(all, batches);
    await got.store.close();
    assert.deepEqual(got.kb, full.kb, name);
  }
});

test("a pair that later copies contradict is withdrawn from the earlier source-less copy", async () => {
  // Written for this test: a report whose own wording is "office holders"; its spun copy keeps it.
  const source =
    "Office holders in the river towns met on Friday to share the cost of a new flood barrier, after two wet winters left streets under water. " +
    "The mayors said the barrier would protect about four thousand homes and the old market, and that work could begin in the autumn if the " +
    "regional budget allows it. Engineers presented three designs, and residents will be asked to comment on them at public meetings next month.";
  const spinner = makeSpinner(9);
  const spun = spinner.spin(source.replace("Office holders", "Qqoh"), 0.3).replace("Qqoh", "Office holders");
  const all = items();
  for (const [name, text] of [
    ["src3", source],
    ["spun3", spun],
  ] as const) {
    const raw = new TextEncoder().encode(text);
    const sha = sha256Hex(raw);
    const base = all.get("src0")!.doc;
    all.set(name, {
      raw,
      doc: {
        ...base,
        id: documentId(sha),
        sha256: sha,
        source: `${name}.txt`,
        text,
        outlet: name,
        published: name === "src3" ? "2024-01-05" : "2024-02-05",
      },
    });
  }
  const learnedIn = async (store: Store, name: string) =>
    ((await store.getDocument(all.get(name)!.doc.id))!.restorations ?? []).filter((r) =>
      /learned from this corpus/.test(r.reason),
    ).length;
  const full = await merged(all, "full");
  assert.equal((await full.store.getDocument(all.get("spun3")!.doc.id))!.republication_of, all.get("src3")!.doc.id);
  assert.equal(await learnedIn(full.store, "spun2"), 0, "kept once where its source says it: no longer trusted");
  await full.store.close();
  const before = await merged(all, [["src0", "src1", "spun0", "spun1", "spun2"]]);
  assert.ok((await learnedIn(before.store, "spun2")) >= 2, "trusted before the contradicting copy arrives");
  await mergeDocuments(before.store, [all.get("src3")!.doc.id, all.get("spun3")!.doc.id]);
  assert.equal(await learnedIn(before.store, "spun2"), 0);
  assert.deepEqual(await exportOf(before.store), full.kb);
  await before.store.close();
});

test("one attesting copy is not enough to restore", async () => {
  // Only one attesting copy: one document never reaches the confidence to restore.
  const all = items();
  all.delete("src1");
  const { store } = await merged(all, [["src0", "spun0", "spun1", "spun2"]]);
  for (const name of ["spun1", "spun2"]) {
    const d = (await store.getDocument(all.get(name)!.doc.id))!;
    assert.equal((d.restorations ?? []).filter((r) => /learned from this corpus/.test(r.reason)).length, 0, name);
  }
  await store.close();
});
