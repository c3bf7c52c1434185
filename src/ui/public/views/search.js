// Search with facets (outlet, language, month, entity) and highlighted snippets. The query is
// plain words: operators, quotes and stars are just characters.
import { h, link, markedText, filterFromAddress, queryString } from "../dom.js";
import { get } from "../api.js";
import { heading, empty, pager, badge, dateText } from "../components.js";

export default async function search({ query, navigate }) {
  const filter = filterFromAddress(query, ["q", "outlet", "lang", "from", "to", "entity"]);
  const go = (patch) => navigate(`/search${queryString({ ...filter, offset: 0, ...patch })}`);
  const input = h("input", {
    type: "search",
    name: "q",
    value: filter.q,
    placeholder: "Words to find, e.g. artillery shells",
    "aria-label": "Search text",
    autofocus: true,
  });
  const form = h(
    "form",
    {
      class: "filters search-form",
      role: "search",
      onsubmit: (e) => (e.preventDefault(), go({ q: input.value.trim() })),
    },
    input,
    h("button", { type: "submit" }, "Search"),
  );
  if (!filter.q.trim()) {
    return {
      node: h("div", null, heading("Search", "Full-text search over every document, with facets."), form),
      title: "Search",
    };
  }
  const r = await get("search", { ...filter, limit: 25 });
  const active = [
    filter.outlet && ["outlet", `outlet: ${filter.outlet}`],
    filter.lang && ["lang", `language: ${filter.lang}`],
    (filter.from || filter.to) && ["date", `date: ${filter.from || "…"} – ${filter.to || "…"}`],
    filter.entity && ["entity", `entity: ${r.entity?.name ?? filter.entity}`],
  ].filter(Boolean);
  const chips = active.length
    ? h(
        "p",
        { class: "chips" },
        active.map(([key, label]) =>
          h(
            "button",
            {
              type: "button",
              class: "chip",
              title: "Remove this filter",
              onclick: () => go(key === "date" ? { from: "", to: "" } : { [key]: "" }),
            },
            label,
            " ×",
          ),
        ),
      )
    : null;
  const monthBounds = (v) => {
    if (/^\d{4}-\d{2}$/.test(v)) {
      const [y, m] = v.split("-").map(Number);
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      return { from: `${v}-01`, to: `${v}-${String(last).padStart(2, "0")}` };
    }
    if (/^\d{4}$/.test(v)) return { from: `${v}-01-01`, to: `${v}-12-31` };
    return null;
  };
  const facet = (title, list, apply, selected) =>
    list.length
      ? h(
          "section",
          { class: "facet" },
          h("h3", null, title),
          h(
            "ul",
            null,
            list.map((f) => {
              const patch = apply(f);
              return h(
                "li",
                { class: selected(f) ? "selected" : null },
                patch
                  ? h("button", { type: "button", class: "facet-value", onclick: () => go(patch) }, f.label ?? f.value)
                  : h("span", { class: "muted" }, f.label ?? f.value),
                h("span", { class: "facet-count" }, String(f.count)),
              );
            }),
          ),
        )
      : null;
  const facets = h(
    "aside",
    { class: "facets" },
    facet(
      "Outlet",
      r.facets.outlet,
      (f) => (f.value.startsWith("(") ? null : { outlet: f.value }),
      (f) => f.value === filter.outlet,
    ),
    facet(
      "Language",
      r.facets.lang,
      (f) => ({ lang: f.value }),
      (f) => f.value === filter.lang,
    ),
    facet(
      "Month",
      r.facets.date,
      (f) => monthBounds(f.value),
      (f) => filter.from.startsWith(f.value),
    ),
    facet(
      "Entity",
      r.facets.entity,
      (f) => ({ entity: f.value }),
      (f) => f.value === filter.entity,
    ),
    r.facet_basis < r.total
      ? h("p", { class: "muted small" }, `Facets counted over the best ${r.facet_basis} of ${r.total} hits.`)
      : null,
    r.entity_facet_basis < Math.min(r.total, r.facet_basis)
      ? h("p", { class: "muted small" }, `Entities counted over the best ${r.entity_facet_basis} hits.`)
      : null,
  );
  const results = h(
    "section",
    { class: "results" },
    h(
      "p",
      { class: "muted count" },
      `${r.total_capped ? "At least " : ""}${r.total} document${r.total === 1 ? "" : "s"}` +
        (r.ranked === undefined ? "" : ` · ranked: the ${r.ranked} most recently stored`),
    ),
    r.items.length
      ? h(
          "ol",
          { class: "hits" },
          r.items.map((hit) =>
            h(
              "li",
              { class: "hit" },
              link(`/documents/${encodeURIComponent(hit.doc)}`, hit.title ?? "(untitled)"),
              h(
                "div",
                { class: "source-line" },
                h("span", { class: "outlet" }, hit.outlet ?? "unknown outlet"),
                dateText(hit.published),
                badge(hit.lang, "lang"),
              ),
              h("p", { class: "snippet" }, markedText(hit.snippet)),
            ),
          ),
        )
      : empty("No document matches. Try fewer words or remove a filter."),
    pager(r, (offset) => go({ offset })),
  );
  return {
    node: h("div", null, heading("Search", null), form, chips, h("div", { class: "search-layout" }, facets, results)),
    title: `Search · ${filter.q}`,
  };
}
