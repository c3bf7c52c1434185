// Relation graph: actors as nodes, cooperation and conflict areas as edges (width = number of
// relation records). Click a node to expand its neighbourhood; click an edge to read its evidence.
import { h, clear, link } from "../dom.js";
import { get } from "../api.js";
import { heading, empty, badge, evidenceList } from "../components.js";

/** Vendored library, served from node_modules (src/server/static.ts); loaded on demand, untyped. */
const CYTOSCAPE_URL = "/vendor/cytoscape.js";

const TYPE_COLOURS = {
  person: "#1f3a5f",
  organization: "#6b4e9b",
  country: "#2e6b4f",
  place: "#8a6d1d",
  other: "#666",
};
const CONFLICT = "#b23b3b";
const COOPERATION = "#5b7fa8";

export default async function graph({ query, navigate }) {
  const focus = query.get("entity") ?? "";
  const data = await get("graph", { entity: focus || undefined });
  const container = h("div", { class: "graph-canvas", role: "img", "aria-label": "Relation graph" });
  const details = h(
    "aside",
    { class: "graph-panel" },
    h("p", { class: "muted" }, "Click an actor to expand its relations, or a line to read the evidence."),
  );
  const legend = h(
    "div",
    { class: "legend small" },
    Object.entries(TYPE_COLOURS).map(([t, c]) =>
      h("span", { class: "legend-item", dataset: { colour: c } }, h("span", { class: `dot dot-${t}` }), t),
    ),
    h("span", { class: "legend-item" }, h("span", { class: "line line-coop" }), "cooperation"),
    h("span", { class: "legend-item" }, h("span", { class: "line line-conflict" }), "conflict"),
  );
  const node = h(
    "div",
    { class: "graph-view" },
    heading(
      data.center ? `Relations of ${data.center.name}` : "Relation graph",
      "Who cooperates or clashes with whom, by area. Line width counts relation records; every line opens its source sentences.",
    ),
    h(
      "div",
      { class: "filters" },
      legend,
      focus
        ? h("button", { type: "button", class: "link-button", onclick: () => navigate("/graph") }, "Whole graph")
        : null,
    ),
    data.truncated
      ? h(
          "p",
          { class: "muted small" },
          "Large graph: only the strongest edges are shown. Pick an actor to see all of its relations.",
        )
      : null,
    data.nodes.length ? h("div", { class: "graph-layout" }, container, details) : empty("No relations recorded yet."),
  );

  const mounted = async () => {
    if (!data.nodes.length) return;
    let cytoscape;
    try {
      cytoscape = (await import(CYTOSCAPE_URL)).default;
    } catch (err) {
      console.warn("graph library unavailable:", err);
      clear(container).append(h("p", { class: "muted" }, "The graph library could not load."));
      return;
    }
    const elements = [];
    const seenNodes = new Set();
    const seenEdges = new Set();
    const addData = (g) => {
      for (const n of g.nodes) {
        if (seenNodes.has(n.id)) continue;
        seenNodes.add(n.id);
        elements.push({
          group: "nodes",
          data: {
            id: n.id,
            label: n.name,
            type: n.type,
            docs: n.docs,
            size: 14 + Math.min(26, Math.sqrt(n.docs || 1) * 5),
          },
        });
      }
      for (const e of g.edges) {
        const key = `${e.source}|${e.target}|${e.type}`;
        if (seenEdges.has(key)) continue;
        seenEdges.add(key);
        elements.push({
          group: "edges",
          data: {
            id: `edge-${seenEdges.size}`,
            source: e.source,
            target: e.target,
            label: e.type,
            type: e.type,
            polarity: e.polarity,
            count: e.count,
            relations: e.relations,
            width: 1.5 + Math.min(7, e.count * 1.2),
          },
        });
      }
    };
    addData(data);
    const cy = cytoscape({
      container,
      elements,
      wheelSensitivity: 0.3,
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        {
          selector: "node",
          style: {
            label: "data(label)",
            width: "data(size)",
            height: "data(size)",
            "background-color": (n) => TYPE_COLOURS[n.data("type")] ?? TYPE_COLOURS.other,
            color: "#1d232b",
            "font-size": 11,
            "font-family": "system-ui, sans-serif",
            "text-valign": "bottom",
            "text-margin-y": 4,
            "text-wrap": "ellipsis",
            "text-max-width": 140,
            "text-background-color": "#fff",
            "text-background-opacity": 0.8,
            "text-background-padding": 2,
          },
        },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#e8b04a" } },
        {
          selector: "edge",
          style: {
            width: "data(width)",
            "line-color": (e) => (e.data("polarity") === "conflict" ? CONFLICT : COOPERATION),
            "target-arrow-color": (e) => (e.data("polarity") === "conflict" ? CONFLICT : COOPERATION),
            "target-arrow-shape": "triangle",
            "curve-style": "bezier",
            opacity: 0.75,
            label: "data(label)",
            "font-size": 9,
            "min-zoomed-font-size": 7,
            color: "#555",
            "text-rotation": "autorotate",
            "text-background-color": "#fff",
            "text-background-opacity": 0.85,
            "text-background-padding": 1,
          },
        },
        { selector: "edge:selected", style: { opacity: 1, "line-color": "#e8b04a", "target-arrow-color": "#e8b04a" } },
      ],
      layout: { name: "preset" },
    });
    // Small graphs would be zoomed far in by fit(); keep labels at reading size.
    const relayout = () => {
      const layout = cy.layout({
        name: "cose",
        animate: false,
        randomize: true,
        nodeRepulsion: () => 400000,
        idealEdgeLength: () => 120,
        edgeElasticity: () => 100,
        nodeOverlap: 40,
        gravity: 0.4,
        componentSpacing: 120,
        padding: 40,
      });
      layout.one("layoutstop", () => {
        cy.fit(undefined, 40);
        if (cy.zoom() > 1.6) {
          cy.zoom(1.6);
          cy.center();
        }
      });
      layout.run();
    };
    relayout();
    container.dataset.ready = "true";
    const showNode = async (n) => {
      clear(details).append(
        h("h2", null, n.data("label")),
        h("p", null, badge(n.data("type")), h("span", { class: "muted" }, ` ${n.data("docs")} documents`)),
        h(
          "p",
          { class: "actions" },
          link(`/entities/${encodeURIComponent(n.id())}`, "Entity page"),
          link(`/graph?entity=${encodeURIComponent(n.id())}`, "Focus"),
        ),
        h("p", { class: "muted small" }, "Loading relations…"),
      );
      const more = await get("graph", { entity: n.id() });
      const before = elements.length;
      addData(more);
      const added = elements.slice(before);
      if (added.length) {
        cy.add(added);
        relayout();
      }
      details.lastChild?.remove();
      details.append(
        h(
          "p",
          { class: "muted small" },
          `${more.edges.length} relation line${more.edges.length === 1 ? "" : "s"}${added.length ? `, ${added.length} new element${added.length === 1 ? "" : "s"} added` : ""}.`,
        ),
      );
    };
    const showEdge = async (e) => {
      clear(details).append(
        h(
          "h2",
          null,
          `${cy.getElementById(e.data("source")).data("label")} → ${cy.getElementById(e.data("target")).data("label")}`,
        ),
        h(
          "p",
          null,
          badge(e.data("type"), e.data("polarity") === "conflict" ? "deny" : "rel"),
          h("span", { class: "muted" }, ` ${e.data("count")} relation record${e.data("count") === 1 ? "" : "s"}`),
        ),
      );
      const wanted = new Set(e.data("relations"));
      const found = [];
      const refs = { entities: {}, docs: {} };
      // Page through the source's relations until every relation of the edge is found (bounded).
      for (let offset = 0; found.length < wanted.size && offset < 5000; offset += 500) {
        const page = await get("relations", { entity: e.data("source"), limit: 500, offset });
        for (const r of page.items) if (wanted.has(r.id)) found.push(r);
        Object.assign(refs.docs, page.refs.docs);
        Object.assign(refs.entities, page.refs.entities);
        if (offset + page.items.length >= page.total || !page.items.length) break;
      }
      const evidence = found.flatMap((r) => r.evidence.map((ev) => ({ ...ev, record: r.id })));
      details.append(evidence.length ? evidenceList(evidence, refs) : h("p", { class: "muted" }, "No evidence found."));
    };
    // The canvas is not reachable by keyboard or screen reader: list every line as a button too.
    const label = (id) => cy.getElementById(id).data("label");
    details.append(
      h("h3", null, "Relation lines"),
      h(
        "ul",
        { class: "edge-list" },
        ...cy.edges().map((e) =>
          h(
            "li",
            null,
            h(
              "button",
              {
                type: "button",
                class: "link-button",
                onclick: () => {
                  cy.elements().unselect();
                  e.select();
                  showEdge(e).catch((err) => details.append(h("p", { class: "error" }, err.message)));
                },
              },
              `${label(e.data("source"))} → ${label(e.data("target"))}: ${e.data("type")} (${e.data("count")})`,
            ),
          ),
        ),
      ),
    );
    cy.on("tap", "node", (evt) =>
      showNode(evt.target).catch((err) => details.append(h("p", { class: "error" }, err.message))),
    );
    cy.on("tap", "edge", (evt) =>
      showEdge(evt.target).catch((err) => details.append(h("p", { class: "error" }, err.message))),
    );
    if (data.center) cy.getElementById(data.center.id).select();
  };
  return { node, title: data.center ? `Graph · ${data.center.name}` : "Relation graph", mounted };
}
