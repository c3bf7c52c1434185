// Provisions: what each agreement or treaty provides, article by article, each with its sources.
import { h } from "../dom.js";
import { get } from "../api.js";
import { heading, empty, evidenceList } from "../components.js";

/** Sorts article labels naturally: 2 < 4 < 10 < 10a. */
function byArticle(a, b) {
  const na = parseInt(a.article, 10);
  const nb = parseInt(b.article, 10);
  if (!Number.isNaN(na) && !Number.isNaN(nb) && na !== nb) return na - nb;
  return String(a.article).localeCompare(String(b.article));
}

export default async function provisions() {
  const all = [];
  const refs = { entities: {}, docs: {} };
  let total = 0;
  for (let offset = 0; offset < 2000; offset += 500) {
    const page = await get("provisions", { limit: 500, offset });
    all.push(...page.items);
    Object.assign(refs.docs, page.refs.docs);
    total = page.total;
    if (all.length >= total || !page.items.length) break;
  }
  const groups = new Map();
  for (const p of all) {
    if (!groups.has(p.agreement)) groups.set(p.agreement, []);
    groups.get(p.agreement).push(p);
  }
  const node = h(
    "div",
    { class: "provisions-view" },
    heading("Provisions", "What agreements provide, article by article, as the sources report it."),
    all.length
      ? [...groups].map(([agreement, items]) =>
          h(
            "section",
            { class: "agreement" },
            h("h2", null, agreement),
            items
              .sort(byArticle)
              .map((p) =>
                h(
                  "article",
                  { class: "provision", dataset: { id: p.id } },
                  h(
                    "header",
                    null,
                    h("span", { class: "article-no" }, `Article ${p.article}`),
                    h("span", { class: "provision-content" }, p.content),
                  ),
                  evidenceList(p.evidence, refs, { record: p.id }),
                ),
              ),
          ),
        )
      : empty("No provisions found yet."),
    total > all.length ? h("p", { class: "muted" }, `Showing ${all.length} of ${total}.`) : null,
  );
  return { node, title: "Provisions" };
}
