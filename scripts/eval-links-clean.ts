/**
 * Copy links among the clean corpus (src/kb/provenance/clean-corpus.ts: Zyte bodies, UD EWT/GUM
 * documents), every one a distinct document: a link is a false join unless the two are a real
 * cross-post. With ids (prefixes) as arguments, only those documents, with every verified pair traced.
 *
 *   npx tsx scripts/eval-links-clean.ts [id-prefix …]
 */
import { readCleanCorpus } from "../src/kb/provenance/clean-corpus.js";
import { linkCopies } from "../src/kb/provenance/links.js";
const ids = process.argv.slice(2);
const docs = readCleanCorpus()
  .filter((d) => !ids.length || ids.some((i) => d.id.startsWith(i)))
  .map((d) => ({
    id: d.id,
    text: d.text,
    published: null,
    outlet: null,
    url: null,
    credits: [],
    spun: { score: 0, is_spun: false },
    lang: "en",
  }));
const r = linkCopies(docs, {
  trace: (t) => {
    if (ids.length) console.log(JSON.stringify(t));
  },
});
console.log(`${docs.length} clean documents, ${r.links.length} links`);
for (const l of r.links) console.log(`  ${l.doc} ~ ${l.source}: ${l.reason.slice(0, 120)}`);
