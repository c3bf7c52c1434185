// Entities: searchable, filterable list of people, organisations, countries and places.
import { h, link, filterFromAddress, queryString } from "../dom.js";
import { get } from "../api.js";
import { heading, empty, pager, badge } from "../components.js";

const TYPES = ["person", "organization", "country", "place", "other"];

export default async function entities({ query, navigate }) {
  const filter = filterFromAddress(query, ["q", "type"]);
  const page = await get("entities", { ...filter, limit: 100 });
  const go = (patch) => navigate(`/entities${queryString({ ...filter, offset: 0, ...patch })}`);
  const qInput = h("input", {
    type: "search",
    name: "q",
    value: filter.q,
    placeholder: "Name or alias",
    "aria-label": "Name or alias",
  });
  const typeSelect = h(
    "select",
    { name: "type", "aria-label": "Entity type" },
    h("option", { value: "" }, "All types"),
    TYPES.map((t) => h("option", { value: t, selected: filter.type === t }, t)),
  );
  const form = h(
    "form",
    { class: "filters", onsubmit: (e) => (e.preventDefault(), go({ q: qInput.value.trim(), type: typeSelect.value })) },
    qInput,
    typeSelect,
    h("button", { type: "submit" }, "Filter"),
  );
  typeSelect.addEventListener("change", () => form.requestSubmit());
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
            h("th", null, "Name"),
            h("th", null, "Type"),
            h("th", null, "Roles"),
            h("th", { class: "num" }, "Documents"),
            h("th", { class: "num" }, "Mentions"),
          ),
        ),
        h(
          "tbody",
          null,
          page.items.map((e) =>
            h(
              "tr",
              null,
              h(
                "td",
                null,
                link(`/entities/${encodeURIComponent(e.id)}`, e.name),
                e.aliases.length ? h("div", { class: "muted small" }, e.aliases.slice(0, 4).join(" · ")) : null,
              ),
              h("td", null, badge(e.type)),
              h("td", { class: "small" }, e.roles.slice(0, 2).join("; ")),
              h("td", { class: "num" }, String(e.docs)),
              h("td", { class: "num" }, String(e.mentions)),
            ),
          ),
        ),
      )
    : empty("No entity matches.");
  return {
    node: h(
      "div",
      null,
      heading("Entities", `${page.total} known actors and places`),
      form,
      table,
      pager(page, (offset) => go({ offset })),
    ),
    title: "Entities",
  };
}
