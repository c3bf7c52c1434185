// Claim explorer: what is asserted and what is denied, side by side, with sources, provenance and
// independent-outlet counts.
import { h, link, filterFromAddress, queryString } from "../dom.js";
import { get } from "../api.js";
import { heading, empty, pager, entityLinks, evidenceList } from "../components.js";

/** One claim: proposition, who asserts and denies, and the evidence in three columns. */
export function claimCard(c, refs) {
  const by = (stance) => c.evidence.filter((e) => e.stance === stance);
  const asserts = by("assert");
  const denies = by("deny");
  const reports = by("report");
  const column = (title, cls, evidence, who) =>
    h(
      "div",
      { class: ["claim-col", cls] },
      h("h3", null, title, " ", h("span", { class: "count-pill" }, String(evidence.length))),
      who?.length ? h("p", { class: "small" }, entityLinks(refs, who)) : null,
      evidence.length ? evidenceList(evidence, refs, { record: c.id }) : h("p", { class: "muted small" }, "none found"),
    );
  return h(
    "article",
    { class: ["claim", denies.length && "contested"], id: `claim-${c.id}`, dataset: { id: c.id } },
    h(
      "header",
      null,
      h("h2", { class: "claim-text" }, link(`/claims/${encodeURIComponent(c.id)}`, c.text)),
      h(
        "span",
        { class: "outlets", title: "distinct outlets, copies and republications counted once" },
        `${c.independent_outlets} independent outlet${c.independent_outlets === 1 ? "" : "s"}`,
      ),
      denies.length ? h("span", { class: "badge badge-deny" }, "contested") : null,
    ),
    h(
      "div",
      { class: "claim-columns" },
      column("Asserted", "col-assert", asserts, c.asserted_by),
      column("Denied", "col-deny", denies, c.denied_by),
    ),
    reports.length
      ? h(
          "details",
          { class: "claim-reports" },
          h("summary", null, `Reported without taking a side (${reports.length})`),
          evidenceList(reports, refs, { record: c.id }),
        )
      : null,
  );
}

/** One claim at its own address (/claims/{id}). */
export async function claimPage({ params }) {
  const c = await get(`claims/${encodeURIComponent(params[0])}`);
  return { node: h("div", { class: "claims-view" }, heading("Claim", null), claimCard(c, c.refs)), title: c.text };
}

export default async function claims({ query, navigate }) {
  const filter = filterFromAddress(query, ["entity", "contested"]);
  const page = await get("claims", { ...filter, limit: 50 });
  const go = (patch) => navigate(`/claims${queryString({ ...filter, offset: 0, ...patch })}`);
  const toggle = h("input", {
    type: "checkbox",
    id: "contested-only",
    checked: filter.contested === "true",
    onchange: (e) => go({ contested: e.currentTarget.checked ? "true" : "" }),
  });
  const node = h(
    "div",
    { class: "claims-view" },
    heading(
      "Claims",
      "Assertions and denials side by side. Corroboration counts independent outlets only: copies, republications and spun rewrites of one article count once.",
    ),
    h(
      "div",
      { class: "filters" },
      h("label", { for: "contested-only" }, toggle, " Only contested claims"),
      filter.entity
        ? h("button", { type: "button", class: "link-button", onclick: () => go({ entity: "" }) }, "All actors")
        : null,
    ),
    page.items.length ? page.items.map((c) => claimCard(c, page.refs)) : empty("No claims match."),
    pager(page, (offset) => go({ offset })),
  );
  return {
    node,
    title: "Claims",
    mounted: () => {
      if (location.hash.startsWith("#claim-"))
        document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView({ block: "start" });
    },
  };
}
