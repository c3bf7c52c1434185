/**
 * Quote speakers on the seeds and the demo corpus, for comparing runs (e.g. with data/nlp/actors.json
 * emptied against the full file). The demo corpus has a speaker key of its own: examples/README.md
 * names the only people quoted in direct speech (fictional analysts); every other direct-quote
 * speaker is wrong there. The seeds have no key: the script dumps every quote's speaker so two runs
 * can be compared quote by quote.
 *
 *   node dist/scripts/bench-speakers.js [--dump speakers.json] [--compare other.json]
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { analyzeText } from "../src/nlp/index.js";
import { extractFacts } from "../src/extract/index.js";
import { cleanPage } from "../src/clean/index.js";
import { packageRoot } from "../src/util/paths.js";

interface Doc {
  corpus: "seeds" | "examples";
  id: string;
  text: string;
  published: string | null;
  outlet: string | null;
  lang: string;
}

interface QuoteRow {
  doc: string;
  start: number;
  end: number;
  direct: boolean;
  speaker: string | null;
}

function loadDocs(): Doc[] {
  const root = packageRoot();
  const docs: Doc[] = [];
  const seeds = join(root, "..", "shared", "corpus", "seeds");
  if (existsSync(seeds)) {
    for (const f of readdirSync(seeds)
      .filter((x) => x.endsWith(".txt"))
      .sort()) {
      const page = cleanPage({ source: f, content: readFileSync(join(seeds, f), "utf8"), format: "text" });
      docs.push({
        corpus: "seeds",
        id: f.slice(0, 3),
        text: page.text,
        published: page.published,
        outlet: page.outlet,
        lang: page.lang ?? "en",
      });
    }
  }
  const examples = join(root, "examples");
  for (const f of readdirSync(examples).sort()) {
    if (f === "README.md") continue;
    const raw = readFileSync(join(examples, f));
    const content = (f.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
    if (f.endsWith(".jsonl")) {
      content
        .split("\n")
        .filter((l) => l.trim())
        .forEach((line, i) => {
          const o = JSON.parse(line) as { text: string; published?: string; outlet?: string };
          docs.push({
            corpus: "examples",
            id: `${f}#${i + 1}`,
            text: o.text,
            published: o.published ?? null,
            outlet: o.outlet ?? null,
            lang: "en",
          });
        });
      continue;
    }
    const page = cleanPage({ source: f, content, format: /\.html?(\.gz)?$/.test(f) ? "html" : "text" });
    docs.push({
      corpus: "examples",
      id: f,
      text: page.text,
      published: page.published,
      outlet: page.outlet,
      lang: page.lang ?? "en",
    });
  }
  return docs;
}

/** Surnames of the people examples/README.md says are the only ones quoted in direct speech. */
function demoSpeakers(): string[] {
  const readme = readFileSync(join(packageRoot(), "examples", "README.md"), "utf8");
  const m = /quoted in direct speech are fictional:([\s\S]*?)\.\s+Real officials/u.exec(readme);
  if (!m) return [];
  return [...m[1]!.matchAll(/([\p{Lu}][\p{L}-]+)\s+\(/gu)].map((x) => x[1]!);
}

/**
 * Whether two runs name the same actor: equal names, the same last name ("Sergey Lavrov" /
 * "Sergei Lavrov", "Kim Jong Un" / "Kim Jong-un"), or an acronym of the other ("KCNA").
 */
function sameActor(a: string | null, b: string | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const words = (s: string): string[] => s.toLowerCase().replace(/[-‐]/g, " ").split(/\s+/).filter(Boolean);
  const x = words(a);
  const y = words(b);
  if (x.join(" ") === y.join(" ") || x[x.length - 1] === y[y.length - 1]) return true;
  const acronym = (w: string[]): string =>
    w
      .filter((t) => !/^(?:of|the|and|for)$/.test(t))
      .map((t) => t[0])
      .join("");
  return (x.length === 1 && x[0] === acronym(y)) || (y.length === 1 && y[0] === acronym(x));
}

const docs = loadDocs();
const rows: QuoteRow[] = [];
const analysts = demoSpeakers();
const stats = {
  seeds: { direct: 0, reported: 0, linked: 0 },
  examples: { direct: 0, reported: 0, linked: 0, directByAnalyst: 0, directWithSpeaker: 0 },
};
for (const d of docs) {
  const nlp = analyzeText(d.text, { lang: d.lang, published: d.published, outlet: d.outlet });
  const facts = extractFacts({ doc: d.id, text: d.text, published: d.published, nlp });
  const names = new Map(nlp.entities.map((e) => [e.key, e.name]));
  for (const q of facts.quotes) {
    const speaker = q.speaker ? (names.get(q.speaker) ?? null) : null;
    rows.push({ doc: `${d.corpus}/${d.id}`, start: q.start, end: q.end, direct: q.direct, speaker });
    const s = stats[d.corpus];
    if (q.direct) s.direct++;
    else s.reported++;
    if (speaker) s.linked++;
    if (d.corpus === "examples" && q.direct && d.lang === "en") {
      if (speaker) stats.examples.directWithSpeaker++;
      if (speaker && analysts.some((a) => speaker.includes(a))) stats.examples.directByAnalyst++;
    }
  }
}
console.log(
  `seeds: ${stats.seeds.direct} direct, ${stats.seeds.reported} reported quotes, ${stats.seeds.linked} with a linked speaker`,
);
const enDirect = rows.filter((r) => r.doc.startsWith("examples/") && r.direct && !/_ru\./.test(r.doc)).length;
console.log(
  `examples: ${stats.examples.direct} direct, ${stats.examples.reported} reported quotes, ${stats.examples.linked} with a linked speaker; English direct quotes spoken by a README analyst ${stats.examples.directByAnalyst}/${enDirect} (${((100 * stats.examples.directByAnalyst) / Math.max(1, enDirect)).toFixed(1)}%), ${stats.examples.directWithSpeaker - stats.examples.directByAnalyst} given to someone else`,
);
const dump = process.argv.indexOf("--dump");
if (dump > 0) writeFileSync(process.argv[dump + 1]!, JSON.stringify(rows));
const compare = process.argv.indexOf("--compare");
if (compare > 0) {
  const other = JSON.parse(readFileSync(process.argv[compare + 1]!, "utf8")) as QuoteRow[];
  for (const corpus of ["seeds", "examples"]) {
    const key = (r: QuoteRow): string => `${r.doc}|${r.start}|${r.end}`;
    const mine = new Map(rows.filter((r) => r.doc.startsWith(corpus)).map((r) => [key(r), r]));
    const theirs = other.filter((r) => r.doc.startsWith(corpus));
    let same = 0;
    let both = 0;
    for (const r of theirs) {
      const m = mine.get(key(r));
      if (!m) continue;
      both++;
      if (sameActor(m.speaker, r.speaker)) same++;
    }
    console.log(
      `${corpus}: ${both} quotes in both runs (of ${theirs.length} there, ${mine.size} here); same speaker (same actor) ${same}/${both} (${((100 * same) / Math.max(1, both)).toFixed(1)}%)`,
    );
  }
}
