/**
 * Entity recall without the curated actor list: runs the language layer over the seed articles
 * (../shared/corpus/seeds) and the whole pipeline over the demo corpus (examples/), once with
 * data/nlp/actors.json and once with no curated list (DOSSIER_ACTORS_FILE=none, in a child process, since
 * the gazetteer loads once per process), and reports which share of the full run's entities the open run
 * still finds.
 *
 * Seeds: name mentions (not pronouns, role nouns or demonyms) matched by span overlap and type.
 * Demo: knowledge-base entities (persons, organisations, countries, places) matched by type and a shared
 * name or alias (case- and accent-folded).
 *
 * Speakers: scripts/bench-speakers.ts runs once per setting over the same seeds and demo corpus; the open
 * run's quote speakers are compared quote by quote with the full run's (same actor: same name, same last name
 * or an acronym of it), and the demo's speaker key (English direct quotes spoken by the analysts that
 * examples/README.md names) is reported for both.
 *
 * Usage: npx tsx scripts/eval-entity-recall.ts [--no-speakers]
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { packageRoot } from "../src/util/paths.js";

interface Snapshot {
  seeds: Array<{ file: string; mentions: Array<[number, number, string, string]> }>;
  demo: Array<{ type: string; names: string[] }>;
}

const SEED_DATES: Record<string, string> = {
  "000": "2024-05-15",
  "001": "2024-06-21",
  "002": "2023-09-20",
  "003": "2024-06-21",
  "004": "2023-10-20",
};
const fold = (s: string): string =>
  s
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

async function snapshot(): Promise<Snapshot> {
  const { analyzeText } = await import("../src/nlp/index.js");
  const { createSqliteStore } = await import("../src/store/sqlite/index.js");
  const { ingestAndBuild } = await import("../src/pipeline/index.js");
  const seedDir = join(packageRoot(), "..", "shared", "corpus", "seeds");
  const seeds: Snapshot["seeds"] = [];
  for (const file of readdirSync(seedDir)
    .filter((f) => f.endsWith(".txt"))
    .sort()) {
    const a = analyzeText(readFileSync(join(seedDir, file), "utf8"), {
      lang: "en",
      published: SEED_DATES[file.slice(0, 3)] ?? null,
    });
    const typeOf = new Map(a.entities.map((e) => [e.key, e.type]));
    seeds.push({
      file,
      mentions: a.mentions
        .filter((m) => !["pronoun", "role", "demonym"].includes(m.via))
        .map((m) => [m.start, m.end, typeOf.get(m.entity) ?? "other", m.text]),
    });
  }
  const dir = mkdtempSync(join(tmpdir(), "dossier-recall-"));
  const store = createSqliteStore(join(dir, "demo.db"));
  await store.init();
  const examples = join(packageRoot(), "examples");
  await ingestAndBuild(
    store,
    readdirSync(examples)
      .filter((f) => /\.(txt|html?|jsonl?|gz)$/.test(f))
      .map((f) => join(examples, f)),
  );
  const entities = (await store.listEntities({ limit: 2000 })).items;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    seeds,
    demo: entities
      .filter((e) => ["person", "organization", "country", "place"].includes(e.type))
      .map((e) => ({ type: e.type, names: [e.name, ...(e.aliases ?? [])] })),
  };
}

if (process.argv.includes("--child")) {
  process.stdout.write(JSON.stringify(await snapshot()));
} else {
  const self = fileURLToPath(import.meta.url);
  const run = (env: Record<string, string>): Snapshot =>
    JSON.parse(
      execFileSync(process.execPath, ["--import", "tsx", self, "--child"], {
        env: { ...process.env, ...env },
        maxBuffer: 64 << 20,
        encoding: "utf8",
      }),
    ) as Snapshot;
  const full = run({});
  const open = run({ DOSSIER_ACTORS_FILE: "none" });
  let found = 0;
  let total = 0;
  const byType = new Map<string, [number, number]>();
  const seedMisses = new Map<string, number>();
  full.seeds.forEach((s, i) => {
    const other = open.seeds[i]!.mentions;
    for (const [a, b, t, text] of s.mentions) {
      const hit = other.some(([x, y, u]) => x < b && a < y && u === t);
      if (!hit) seedMisses.set(`${t}:${text}`, (seedMisses.get(`${t}:${text}`) ?? 0) + 1);
      total++;
      if (hit) found++;
      const c = byType.get(t) ?? [0, 0];
      c[0] += hit ? 1 : 0;
      c[1]++;
      byType.set(t, c);
    }
  });
  console.log(
    `seeds: ${found}/${total} name mentions of the full run found without the curated list (recall ${((found / total) * 100).toFixed(1)}%); open run has ${open.seeds.reduce((n, s) => n + s.mentions.length, 0)} mentions`,
  );
  for (const [t, [f, n]] of [...byType].sort())
    console.log(`  ${t.padEnd(13)} ${f}/${n} (${((f / n) * 100).toFixed(1)}%)`);
  console.log(
    `  missed: ${[...seedMisses]
      .sort((x, y) => y[1] - x[1])
      .map(([k, n]) => `${k}×${n}`)
      .join("; ")}`,
  );
  let dFound = 0;
  const missing: string[] = [];
  for (const e of full.demo) {
    const names = new Set(e.names.map(fold));
    const hit = open.demo.some((o) => o.type === e.type && o.names.some((n) => names.has(fold(n))));
    if (hit) dFound++;
    else missing.push(`${e.type}:${e.names[0]}`);
  }
  console.log(
    `demo (examples/): ${dFound}/${full.demo.length} knowledge-base entities of the full run found without the curated list (recall ${((dFound / full.demo.length) * 100).toFixed(1)}%); open run has ${open.demo.length}`,
  );
  // entities only the open run has: candidates for precision errors (or names the curated list lacks)
  const extra = open.demo
    .filter(
      (o) => !full.demo.some((e) => e.type === o.type && e.names.some((n) => o.names.map(fold).includes(fold(n)))),
    )
    .map((o) => `${o.type}:${o.names[0]}`);
  console.log(`  only in the open run: ${extra.join("; ") || "none"}`);
  if (missing.length) console.log(`  missing: ${missing.slice(0, 40).join("; ")}`);
  if (!process.argv.includes("--no-speakers")) speakers(self);
}

/** Quote speakers with and without the curated list (scripts/bench-speakers.ts), compared quote by quote. */
function speakers(self: string): void {
  const bench = join(dirname(self), "bench-speakers.ts");
  const dir = mkdtempSync(join(tmpdir(), "dossier-speakers-"));
  const dump = join(dir, "full.json");
  const runBench = (env: Record<string, string>, args: string[]): string =>
    execFileSync(process.execPath, ["--import", "tsx", bench, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 64 << 20,
      encoding: "utf8",
    });
  try {
    const full = runBench({}, ["--dump", dump]);
    const open = runBench({ DOSSIER_ACTORS_FILE: "none" }, ["--compare", dump]);
    console.log("speakers, full run (data/nlp/actors.json):");
    for (const line of full.trim().split("\n")) console.log(`  ${line}`);
    console.log("speakers, open run (DOSSIER_ACTORS_FILE=none), compared with the full run quote by quote:");
    for (const line of open.trim().split("\n")) console.log(`  ${line}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
