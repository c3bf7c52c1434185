// Entity page (/entities/{id}): aliases, roles, documents, events, quotes, relations and claims,
// each fact linked to the sentence it came from.
import { h, link } from "../dom.js";
import { get } from "../api.js";
import { empty, eventCard, quoteCard, badge, entityLink, evidenceList, provenance, dateText } from "../components.js";
import { claimCard } from "./claims.js";

function section(title, count, total, body) {
  const more = total > count ? h("span", { class: "muted" }, ` (showing ${count} of ${total})`) : null;
  return h(
    "section",
    { class: "entity-section" },
    h("h2", null, title, " ", h("span", { class: "count-pill" }, String(total)), more),
    body,
  );
}

export default async function entity({ params }) {
  const p = await get(`entities/${encodeURIComponent(params[0])}`);
  const refs = p.refs;
  const relations = p.relations.length
    ? h(
        "ul",
        { class: "relation-list" },
        p.relations.map((r) => {
          const other = r.source === p.id ? r.target : r.source;
          return h(
            "li",
            null,
            h(
              "div",
              null,
              badge(r.type, r.polarity === "conflict" || r.type === "conflict" ? "deny" : "rel"),
              " ",
              r.source === p.id ? "with " : "from ",
              entityLink(refs, other),
            ),
            evidenceList(r.evidence, refs, { record: r.id }),
          );
        }),
      )
    : empty("No relations recorded.");
  const documents = p.documents.length
    ? h(
        "ul",
        { class: "doc-list" },
        p.documents.map((d) =>
          h(
            "li",
            null,
            link(`/documents/${encodeURIComponent(d.id)}`, d.title ?? "(untitled)"),
            h(
              "div",
              { class: "source-line" },
              h("span", { class: "outlet" }, d.outlet ?? "unknown outlet"),
              dateText(d.published),
              d.lang !== "en" ? badge(d.lang, "lang") : null,
              provenance(d, refs),
            ),
          ),
        ),
      )
    : empty("No documents.");
  const node = h(
    "div",
    { class: "entity-view" },
    h(
      "div",
      { class: "page-head" },
      h("h1", null, p.name, " ", badge(p.type)),
      p.roles.length ? h("p", { class: "subtitle" }, p.roles.join(" · ")) : null,
      p.aliases.length ? h("p", { class: "muted" }, "Also written: ", p.aliases.join(" · ")) : null,
      p.ambiguous?.length
        ? h("p", { class: "muted" }, "Ambiguous forms (not merged): ", p.ambiguous.join(" · "))
        : null,
      h(
        "p",
        { class: "actions" },
        link(`/timeline?entity=${encodeURIComponent(p.id)}`, "Timeline"),
        link(`/graph?entity=${encodeURIComponent(p.id)}`, "Relation graph"),
        link(`/quotes?speaker=${encodeURIComponent(p.id)}`, "All quotes"),
        link(`/claims?entity=${encodeURIComponent(p.id)}`, "Claims"),
        link(`/search?q=${encodeURIComponent(p.name)}&entity=${encodeURIComponent(p.id)}`, "Documents mentioning"),
      ),
      h("p", { class: "muted" }, `${p.docs} documents · ${p.mentions} mentions`),
    ),
    h(
      "div",
      { class: "columns" },
      h(
        "div",
        { class: "col-main" },
        section(
          "Events",
          p.events.length,
          p.events_total,
          p.events.length ? p.events.map((e) => eventCard(e, refs)) : empty("No events."),
        ),
        section(
          "Quotes",
          p.quotes.length,
          p.quotes_total,
          p.quotes.length ? p.quotes.map((q) => quoteCard(q, refs)) : empty("No quotes."),
        ),
        section(
          "Claims",
          p.claims.length,
          p.claims_total,
          p.claims.length ? p.claims.map((c) => claimCard(c, refs)) : empty("No claims."),
        ),
      ),
      h(
        "aside",
        { class: "col-side" },
        section("Relations", p.relations.length, p.relations_total, relations),
        section("Documents", p.documents.length, p.documents_total, documents),
      ),
    ),
  );
  return { node, title: p.name };
}
