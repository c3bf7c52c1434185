import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { packageRoot } from "../util/paths.js";
import { DossierError } from "../util/errors.js";
import { isPostgresUrl, openStore } from "../store/open.js";
import { resolveDb } from "./store-path.js";
import type { Store } from "../store/store.js";
import { ingestAndBuild } from "../pipeline/index.js";
import { printSummary } from "./ingest.js";

type Io = { out: (s: string) => void; err: (s: string) => void };

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

/**
 * Writes a short analyst briefing of what the store holds: documents and their provenance, top
 * entities, the first timeline entries, and the contested claims (asserted by some, denied by others).
 */
export async function printBriefing(store: Store, io: Io): Promise<void> {
  const docs = await store.listDocuments({ limit: 500 });
  const names = new Map<string, string>();
  const nameOf = async (id: string | null) => {
    if (!id) return "?";
    if (!names.has(id)) names.set(id, (await store.getEntity(id))?.name ?? id);
    return names.get(id)!;
  };
  const byId = new Map(docs.items.map((d) => [d.id, d]));
  const langs = new Map<string, number>();
  for (const d of docs.items) langs.set(d.lang, (langs.get(d.lang) ?? 0) + 1);
  const outlets = new Set(docs.items.map((d) => d.outlet ?? "(unknown outlet)"));
  const families = new Set(docs.items.map((d) => d.family ?? d.id));

  io.out(`\n== Dossier briefing ==`);
  io.out(
    `${docs.total} documents from ${outlets.size} outlets in ${families.size} independent reuse families; languages: ${[
      ...langs,
    ]
      .map(([l, n]) => `${l} ${n}`)
      .join(", ")}`,
  );
  for (const d of docs.items) {
    if (d.spun.is_spun)
      io.out(
        `  ! spun text (score ${d.spun.score.toFixed(2)}): ${clip(d.title ?? d.source, 70)} [${d.outlet ?? "?"}] — its quotes are not the speakers' words`,
      );
    if (d.republication_of) {
      const src = byId.get(d.republication_of);
      io.out(
        `  ↻ copy: ${clip(d.title ?? d.source, 50)} [${d.outlet ?? "?"}] of ${clip(src?.title ?? d.republication_of, 40)} [${src?.outlet ?? "?"}]`,
      );
    }
  }

  const entities = (await store.listEntities({ limit: 500 })).items;
  const top = [...entities]
    .filter((e) => e.type === "person" || e.type === "organization" || e.type === "country")
    .sort((a, b) => b.docs - a.docs || b.mentions - a.mentions)
    .slice(0, 10);
  io.out(`\nTop entities:`);
  for (const e of top)
    io.out(
      `  ${clip(e.name, 34).padEnd(34)} ${e.type.padEnd(12)} ${String(e.docs).padStart(2)} docs ${String(e.mentions).padStart(4)} mentions${e.roles.length ? "  — " + clip(e.roles.slice(0, 2).join("; "), 50) : ""}`,
    );

  const timeline = (await store.timeline({ limit: 500 })).items.filter(
    (e) => e.date && !(e.modes ?? []).includes("historical"),
  );
  io.out(`\nTimeline (first entries of ${timeline.length} dated events):`);
  for (const ev of timeline.slice(0, 10)) {
    const actors = (await Promise.all(ev.actors.slice(0, 2).map(nameOf))).join(", ");
    io.out(
      `  ${(ev.date ?? "").padEnd(10)} ${ev.type.padEnd(9)} ${clip(actors, 28).padEnd(28)} ${clip(ev.summary, 70)}  [${ev.evidence.length} source${ev.evidence.length === 1 ? "" : "s"}, ${ev.independent_outlets ?? "?"} indep.]`,
    );
  }

  const claims = (await store.listClaims({ limit: 500 })).items;
  const contested = claims.filter((c) => c.denied_by.length > 0 || c.evidence.some((e) => e.stance === "deny"));
  io.out(`\nContested claims (${contested.length} of ${claims.length}):`);
  for (const c of contested.slice(0, 6)) {
    const asserted = (await Promise.all(c.asserted_by.map(nameOf))).join(", ") || "—";
    const denied = (await Promise.all(c.denied_by.map(nameOf))).join(", ") || "—";
    io.out(`  • ${clip(c.text, 90)}`);
    io.out(
      `      asserted by: ${clip(asserted, 60)} | denied by: ${clip(denied, 60)} | independent outlets: ${c.independent_outlets}`,
    );
  }
  io.out(`\nOpen the UI: npx dossier serve   → http://127.0.0.1:8080`);
  io.out(`Ask on the terminal: npx dossier query timeline | entity "Lavrov" | claims | search "treaty"`);
}

/** How many documents in the store did not come from the demo corpus (`names`: its file names). */
async function foreignDocuments(store: Store, names: Set<string>): Promise<number> {
  let foreign = 0;
  for await (const d of store.iterateDocuments()) {
    const file = basename(d.source.replace(/#\d+$/, ""));
    if (!names.has(file)) foreign++;
  }
  return foreign;
}

/**
 * `dossier demo`: builds the store (`--db`, `$DOSSIER_DB`, `./dossier.db`) from examples/ and prints
 * the briefing. The demo corpus is fictional: it is never mixed into a store holding other
 * documents — the demo then builds its own `dossier-demo.db` beside it and says so.
 */
export async function demoCommand(values: { db?: string; quiet?: boolean }, io: Io): Promise<number> {
  const examples = join(packageRoot(), "examples");
  if (!existsSync(examples)) throw new DossierError("NOT_FOUND", `the example corpus is missing: ${examples}`);
  // The articles only: examples/README.md is the corpus's answer key, not an article.
  const names = readdirSync(examples)
    .filter((f) => /\.(txt|html?|jsonl?|gz)$/i.test(f))
    .sort();
  const files = names.map((f) => join(examples, f));
  const wanted = resolveDb(values.db);
  let db = wanted;
  let store = await openStore(db);
  const foreign = await foreignDocuments(store, new Set(names));
  if (foreign > 0) {
    await store.close();
    if (isPostgresUrl(wanted)) {
      throw new DossierError(
        "USAGE",
        `the database holds ${foreign} document(s) that are not the demo's; the demo's fictional corpus is not mixed into it: give the demo its own --db`,
      );
    }
    db = join(dirname(wanted), "dossier-demo.db");
    store = await openStore(db);
    const foreignThere = await foreignDocuments(store, new Set(names));
    if (foreignThere > 0) {
      await store.close();
      throw new DossierError(
        "USAGE",
        `${wanted} and ${db} both hold documents that are not the demo's; give the demo its own --db`,
      );
    }
    io.err(
      `${wanted} holds ${foreign} document(s) of yours: the demo's fictional corpus is not mixed into it. Building the demo in ${db} instead (query it with --db ${db}).`,
    );
  }
  try {
    io.err(`Building ${db} from ${examples} …`);
    const { summary } = await ingestAndBuild(store, files);
    printSummary(summary, io);
    await printBriefing(store, io);
    if (db !== "./dossier.db") io.out(`(this demo store is ${db}: add --db ${db} to the commands above)`);
    return 0;
  } finally {
    await store.close();
  }
}
