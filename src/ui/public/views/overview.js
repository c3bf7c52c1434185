// Overview: what the knowledge base holds, the most-mentioned actors, contested claims, exports.
import { h, link } from "../dom.js";
import { get, download } from "../api.js";
import { heading, empty, eventCard, badge } from "../components.js";

export default async function overview() {
  const [data, timeline] = await Promise.all([get("overview"), get("timeline", { limit: 6 })]);
  const c = data.counts;
  const stat = (n, label, href) =>
    link(href, h("span", { class: "stat-n" }, String(n)), h("span", { class: "stat-label" }, label));
  const exportButton = (format, label, kind) =>
    h(
      "button",
      {
        type: "button",
        class: "secondary",
        onclick: async (e) => {
          const btn = e.currentTarget;
          btn.disabled = true;
          try {
            const blob = await download(format, kind);
            const a = h("a", {
              download: `dossier-${kind ?? "export"}.${format === "csv" ? "csv" : format === "gexf" ? "gexf" : "jsonl"}`,
            });
            a.href = URL.createObjectURL(blob);
            a.click();
            setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
          } finally {
            btn.disabled = false;
          }
        },
      },
      label,
    );
  const node = h(
    "div",
    { class: "overview" },
    heading(
      "Knowledge base",
      "Every fact below is pinned to the sentence it came from; corroboration counts independent outlets only.",
    ),
    h(
      "div",
      { class: "stats" },
      stat(c.documents, "documents", "/documents"),
      stat(c.entities, "entities", "/entities"),
      stat(c.events, "events", "/timeline"),
      stat(c.quotes, "quotes", "/quotes"),
      stat(c.claims, "claims", "/claims"),
      stat(c.contested_claims, "contested", "/claims?contested=true"),
      stat(c.relations, "relations", "/graph"),
      stat(c.links, "copy links", "/documents"),
    ),
    h(
      "div",
      { class: "columns" },
      h(
        "section",
        { class: "col-main" },
        h("h2", null, "First events"),
        timeline.items.length
          ? timeline.items.map((e) => eventCard(e, timeline.refs))
          : empty("No events yet. Ingest articles to build the timeline."),
        timeline.total > timeline.items.length
          ? h("p", null, link("/timeline", `All ${timeline.total} events →`))
          : null,
      ),
      h(
        "aside",
        { class: "col-side" },
        h("h2", null, "Most documented actors"),
        data.top_entities.length
          ? h(
              "ol",
              { class: "plain-list" },
              data.top_entities.map((e) =>
                h(
                  "li",
                  null,
                  link(`/entities/${encodeURIComponent(e.id)}`, e.name),
                  " ",
                  badge(e.type),
                  h("span", { class: "muted" }, ` ${e.docs} docs`),
                ),
              ),
            )
          : empty("No entities yet."),
        h("h2", null, "Contested claims"),
        data.contested_claims.length
          ? h(
              "ul",
              { class: "plain-list" },
              data.contested_claims.map((cl) =>
                h(
                  "li",
                  null,
                  link(`/claims/${encodeURIComponent(cl.id)}`, cl.text),
                  h("span", { class: "muted" }, ` · ${cl.independent_outlets} independent`),
                ),
              ),
            )
          : empty("No claim is denied by anyone yet."),
        h("h2", null, "Export"),
        h(
          "div",
          { class: "button-row" },
          exportButton("jsonl", "JSONL"),
          exportButton("gexf", "GEXF (Gephi)"),
          exportButton("ftm", "FollowTheMoney"),
          exportButton("plover", "PLOVER events"),
          exportButton("csv", "Events CSV", "events"),
        ),
      ),
    ),
  );
  return { node, title: "Overview" };
}
