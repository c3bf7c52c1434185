// Timeline: a zoomable vis-timeline chart above a plain list (the list is also the fallback when
// the chart library cannot load). Filters by actor, event type and dates live in the address.
import { h, clear, filterFromAddress, queryString } from "../dom.js";
import { get, parameterValues } from "../api.js";
import { heading, empty, eventCard, pager, entityName, quadClass } from "../components.js";

/** Vendored library, served from node_modules (src/server/static.ts); loaded on demand, untyped. */
const VIS_TIMELINE_URL = "/vendor/vis-timeline.js";

/** Start and end Dates for a Dossier date (day, month, year or interval). */
function dateRange(value) {
  if (!value) return null;
  const [a, b] = value.split("/");
  const parse = (s, end) => {
    const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(s ?? "");
    if (!m) return null;
    const y = Number(m[1]);
    const mo = m[2] ? Number(m[2]) - 1 : end ? 11 : 0;
    if (m[3]) return new Date(Date.UTC(y, mo, Number(m[3]) + (end ? 1 : 0)));
    if (m[2]) return new Date(Date.UTC(y, mo + (end ? 1 : 0), 1));
    return new Date(Date.UTC(y + (end ? 1 : 0), 0, 1));
  };
  const start = parse(a, false);
  const end = parse(b ?? a, true);
  if (!start || !end) return null;
  const point = !b && /^\d{4}-\d{2}-\d{2}/.test(a);
  return point ? { start } : { start, end };
}

export default async function timeline({ query, navigate }) {
  const filter = filterFromAddress(query, ["entity", "type", "from", "to"]);
  const [page, entities, types] = await Promise.all([
    get("timeline", { ...filter, limit: 200 }),
    get("entities", { limit: 500 }),
    parameterValues("/api/timeline", "type"),
  ]);
  const go = (patch) => navigate(`/timeline${queryString({ ...filter, offset: 0, ...patch })}`);

  const entitySelect = h(
    "select",
    { name: "entity", "aria-label": "Actor" },
    h("option", { value: "" }, "All actors"),
    entities.items.map((e) =>
      h("option", { value: e.id, selected: page.entity?.id === e.id }, `${e.name} (${e.docs})`),
    ),
  );
  const typeSelect = h(
    "select",
    { name: "type", "aria-label": "Event type" },
    h("option", { value: "" }, "All types"),
    types.map((t) => h("option", { value: t, selected: filter.type === t }, t)),
  );
  const fromInput = h("input", {
    name: "from",
    type: "text",
    placeholder: "from YYYY-MM-DD",
    value: filter.from,
    pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?",
    "aria-label": "From date",
    size: 14,
  });
  const toInput = h("input", {
    name: "to",
    type: "text",
    placeholder: "to YYYY-MM-DD",
    value: filter.to,
    pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?",
    "aria-label": "To date",
    size: 14,
  });
  const form = h(
    "form",
    {
      class: "filters",
      onsubmit: (e) => {
        e.preventDefault();
        go({
          entity: entitySelect.value,
          type: typeSelect.value,
          from: fromInput.value.trim(),
          to: toInput.value.trim(),
        });
      },
    },
    entitySelect,
    typeSelect,
    fromInput,
    toInput,
    h("button", { type: "submit" }, "Filter"),
    filter.entity || filter.type || filter.from || filter.to
      ? h("button", { type: "button", class: "link-button", onclick: () => navigate("/timeline") }, "Clear")
      : null,
  );
  entitySelect.addEventListener("change", () => form.requestSubmit());
  typeSelect.addEventListener("change", () => form.requestSubmit());

  const chart = h("div", {
    class: "timeline-chart",
    "aria-label": "Zoomable timeline (Ctrl + scroll to zoom, drag to pan)",
  });
  const hint = h(
    "p",
    { class: "muted small chart-hint" },
    "Drag to pan · Ctrl + scroll to zoom · click an event to find it in the list",
  );
  const list = h(
    "div",
    { class: "timeline-list" },
    page.items.length ? page.items.map((e) => eventCard(e, page.refs)) : empty("No events match these filters."),
    pager(page, (offset) => go({ offset })),
  );
  const subtitle = page.entity
    ? `Events involving ${page.entity.name}`
    : "Who did, said, agreed and denied what, when — each event linked to its source sentences.";
  const node = h(
    "div",
    { class: "timeline-view" },
    heading("Timeline", subtitle),
    form,
    chart,
    hint,
    h("p", { class: "muted count" }, `${page.total} event${page.total === 1 ? "" : "s"}`),
    list,
  );

  const mounted = async () => {
    const items = [];
    const current = []; // [start, end] of events that are not back-story
    for (const e of page.items) {
      const r = dateRange(e.date);
      if (!r) continue;
      // Item content is a DOM node built with textContent: vis-timeline never parses our text as HTML.
      const content = h(
        "span",
        { class: "tl-item" },
        h("b", null, e.type),
        " ",
        [
          ...e.actors.map((id) => entityName(page.refs, id)),
          ...(e.actor_agents ?? []).map((a) => a.replace(/\s*\([A-Z]{3}\)$/, "")),
        ].join(", "),
      );
      items.push({
        id: e.id,
        content,
        start: r.start,
        end: r.end,
        type: r.end ? "range" : "box",
        className: `tl-${e.type.toLowerCase()} tl-q-${quadClass(e.type)}`,
      });
      if (!(e.modes ?? []).includes("historical")) current.push([r.start.getTime(), (r.end ?? r.start).getTime()]);
    }
    // Open on where most of the story is: from the 15th percentile of event starts to the last
    // event; older back-story stays one zoom-out away.
    let initialWindow = {};
    if (current.length >= 2) {
      const starts = current.map((c) => c[0]).sort((a, b) => a - b);
      const from = starts[Math.floor(starts.length * 0.15)];
      const to = Math.max(...current.map((c) => c[1]));
      const span = Math.max(30 * 864e5, to - from);
      // More room on the right: box labels extend right of their date.
      initialWindow = { start: new Date(from - span * 0.05), end: new Date(to + span * 0.15) };
    }
    if (!items.length) {
      chart.append(empty("No dated events to chart."));
      return;
    }
    try {
      const vis = await import(VIS_TIMELINE_URL);
      const tl = new vis.Timeline(chart, new vis.DataSet(items), {
        ...initialWindow,
        stack: true,
        zoomable: true,
        moveable: true,
        minHeight: "220px",
        maxHeight: "440px",
        verticalScroll: true,
        zoomKey: "ctrlKey",
        margin: { item: 6 },
        orientation: { axis: "bottom" },
        xss: { disabled: false },
        tooltip: { followMouse: false },
      });
      tl.on("select", ({ items: selected }) => {
        for (const el of list.querySelectorAll(".event.selected")) el.classList.remove("selected");
        const card = selected[0] && list.querySelector(`[data-id="${CSS.escape(selected[0])}"]`);
        if (card) {
          card.classList.add("selected");
          card.scrollIntoView({ behavior: "smooth", block: "center" });
        }
      });
      chart.dataset.ready = "true";
    } catch (err) {
      console.warn("timeline chart unavailable, showing the list only:", err);
      clear(chart).append(h("p", { class: "muted" }, "The chart could not load; the list below has every event."));
    }
  };
  return { node, title: page.entity ? `Timeline · ${page.entity.name}` : "Timeline", mounted };
}
