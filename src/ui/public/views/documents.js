// Documents: every stored article with outlet, date, language and provenance.
import { h, link, filterFromAddress, queryString } from "../dom.js";
import { get } from "../api.js";
import { heading, empty, pager, badge, dateText } from "../components.js";

export default async function documents({ query, navigate }) {
  const filter = filterFromAddress(query, ["outlet", "lang", "from", "to"]);
  const page = await get("documents", { ...filter, limit: 50 });
  const go = (patch) => navigate(`/documents${queryString({ ...filter, offset: 0, ...patch })}`);
  const outlet = h("input", {
    type: "text",
    name: "outlet",
    value: filter.outlet,
    placeholder: "Outlet",
    "aria-label": "Outlet",
  });
  const lang = h("input", {
    type: "text",
    name: "lang",
    value: filter.lang,
    placeholder: "Language (en, ru…)",
    "aria-label": "Language",
    size: 10,
  });
  const from = h("input", {
    type: "text",
    name: "from",
    value: filter.from,
    placeholder: "from YYYY-MM-DD",
    "aria-label": "From date",
    size: 14,
  });
  const to = h("input", {
    type: "text",
    name: "to",
    value: filter.to,
    placeholder: "to YYYY-MM-DD",
    "aria-label": "To date",
    size: 14,
  });
  const form = h(
    "form",
    {
      class: "filters",
      onsubmit: (e) => (
        e.preventDefault(),
        go({ outlet: outlet.value.trim(), lang: lang.value.trim(), from: from.value.trim(), to: to.value.trim() })
      ),
    },
    outlet,
    lang,
    from,
    to,
    h("button", { type: "submit" }, "Filter"),
  );
  const table = page.items.length
    ? h(
        "table",
        { class: "data" },
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            h("th", null, "Title"),
            h("th", null, "Outlet"),
            h("th", null, "Published"),
            h("th", null, "Lang"),
            h("th", null, "Provenance"),
          ),
        ),
        h(
          "tbody",
          null,
          page.items.map((d) =>
            h(
              "tr",
              null,
              h("td", null, link(`/documents/${encodeURIComponent(d.id)}`, d.title ?? "(untitled)")),
              h("td", null, d.outlet ?? h("span", { class: "muted" }, "unknown")),
              h("td", { class: "nowrap" }, dateText(d.published)),
              h("td", null, d.lang),
              h(
                "td",
                null,
                d.spun?.is_spun ? badge("spun", "spun") : null,
                d.republication_of
                  ? [" ", link(`/documents/${encodeURIComponent(d.republication_of)}`, "republication")]
                  : null,
              ),
            ),
          ),
        ),
      )
    : empty("No documents match.");
  return {
    node: h(
      "div",
      null,
      heading("Documents", `${page.total} stored articles`),
      form,
      table,
      pager(page, (offset) => go({ offset })),
    ),
    title: "Documents",
  };
}
