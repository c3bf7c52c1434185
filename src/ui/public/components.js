// Pieces shared by the views: source lines with provenance, evidence links into the reader,
// entity links, event rows, badges, pagers.
import { h, link, queryString } from "./dom.js";

/** Address of the reader scrolled to and highlighting one span. */
export function spanHref(doc, start, end, record) {
  return `/documents/${encodeURIComponent(doc)}${queryString({ start, end, record })}`;
}

/** A publish date for display: the day part of an ISO timestamp (the full value as a tooltip). */
export function dateText(value) {
  if (!value) return h("span", { class: "muted" }, "undated");
  const day = /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
  return h("time", { class: "muted", datetime: value, title: value }, day);
}

/** Display name of an entity id from refs. */
export function entityName(refs, id) {
  return refs?.entities?.[id]?.name ?? id;
}

/** Link to an entity page, its name as text. */
export function entityLink(refs, id) {
  if (!id) return null;
  return link(`/entities/${encodeURIComponent(id)}`, entityName(refs, id));
}

/** Comma-separated entity links. */
export function entityLinks(refs, ids) {
  const out = [];
  ids.forEach((id, i) => {
    if (i) out.push(", ");
    out.push(entityLink(refs, id));
  });
  return out.length ? out : [h("span", { class: "muted" }, "unknown")];
}

/** A small label. */
export function badge(text, kind = "") {
  return h("span", { class: ["badge", kind && `badge-${kind}`] }, text);
}

/** Provenance badges of a document: spun wording, republication of another document, copy family. */
export function provenance(doc, refs) {
  if (!doc) return [];
  const out = [];
  if (doc.spun)
    out.push(
      h(
        "span",
        { class: "badge badge-spun", title: `spin score ${Number(doc.spun_score ?? 0).toFixed(2)}` },
        "spun wording — not the speaker's exact words",
      ),
    );
  if (doc.republication_of) {
    const orig = refs?.docs?.[doc.republication_of];
    out.push(
      h(
        "span",
        { class: "badge badge-copy" },
        "republication of ",
        link(
          `/documents/${encodeURIComponent(doc.republication_of)}`,
          orig?.outlet ?? orig?.title ?? doc.republication_of,
        ),
      ),
    );
  }
  // A family badge only says something when the document shares its family with other documents.
  if (doc.family && doc.family !== doc.id)
    out.push(
      h(
        "span",
        {
          class: "badge badge-family",
          title: `copy family ${doc.family}: documents that copy one another share it and count as one independent outlet`,
        },
        `copy family ${String(doc.family).replace(/^f_/, "").slice(0, 6)}`,
      ),
    );
  return out;
}

/** One evidence span: outlet, date, provenance, the quoted sentence, and a link to it in the reader. */
export function evidenceItem(ev, refs, opts = {}) {
  const doc = refs?.docs?.[ev.doc];
  return h(
    "li",
    { class: ["evidence", ev.stance && `stance-${ev.stance}`] },
    h(
      "div",
      { class: "source-line" },
      ev.stance ? badge(ev.stance, ev.stance) : null,
      h("span", { class: "outlet" }, doc?.outlet ?? "unknown outlet"),
      dateText(doc?.published),
      doc?.lang && doc.lang !== "en" ? badge(doc.lang, "lang") : null,
      provenance(doc, refs),
      ev.actor ? h("span", { class: "muted" }, "· ", entityLink(refs, ev.actor)) : null,
    ),
    h(
      "a",
      {
        class: "sentence",
        href: spanHref(ev.doc, ev.start, ev.end, opts.record),
        "data-nav": true,
        title: "Open the sentence in its document",
      },
      h("q", null, ev.text),
    ),
  );
}

/** A list of evidence items. */
export function evidenceList(evidence, refs, opts = {}) {
  return h(
    "ul",
    { class: "evidence-list" },
    evidence.map((ev) => evidenceItem(ev, refs, opts)),
  );
}

const TYPE_CLASS = {
  AGREE: "coop",
  CONSULT: "coop",
  SUPPORT: "coop",
  CONCEDE: "coop",
  COOPERATE: "mcoop",
  AID: "mcoop",
  RETREAT: "mcoop",
  REQUEST: "vconf",
  ACCUSE: "vconf",
  REJECT: "vconf",
  THREATEN: "vconf",
  SANCTION: "vconf",
  PROTEST: "mconf",
  MOBILIZE: "mconf",
  COERCE: "mconf",
  ASSAULT: "mconf",
};

/** CSS suffix of a PLOVER type's quad class: coop, mcoop, vconf, mconf. */
export function quadClass(type) {
  return TYPE_CLASS[type] ?? "other";
}

/** Badge of a PLOVER event type, coloured by quad class. */
export function typeBadge(type) {
  return h("span", { class: ["etype", `q-${TYPE_CLASS[type] ?? "other"}`] }, type);
}

/**
 * Typed agents that stand for unnamed parties ("Nigeria police (COP)"), as text after the named ones:
 * the sector code becomes a tooltip.
 */
export function agentLabels(agents, afterNames) {
  if (!agents?.length) return null;
  return agents.map((a, i) => {
    const m = /^(.*?)\s*\(([A-Z]{3})\)$/.exec(a);
    const label = h(
      "span",
      { class: "agent", title: m ? `Phoenix agent code ${m[2]}` : "name as written" },
      m ? m[1] : a,
    );
    return i > 0 || afterNames ? [", ", label] : label;
  });
}

/** One event as a card: date, type, who → whom (named entities, then typed agents), summary, evidence. */
export function eventCard(e, refs) {
  const negated = e.modes?.includes("negated");
  return h(
    "article",
    { class: "event", id: `event-${e.id}`, dataset: { id: e.id } },
    h(
      "header",
      null,
      h("time", { class: "date" }, e.date ?? "undated"),
      typeBadge(e.type),
      e.mode ? h("span", { class: "muted" }, e.mode) : null,
      negated ? badge("negated", "deny") : null,
      (e.modes ?? []).filter((m) => m !== "negated").map((m) => badge(m)),
      e.independent_outlets != null
        ? h(
            "span",
            { class: "outlets", title: "independent outlets (copies counted once)" },
            `${e.independent_outlets} independent outlet${e.independent_outlets === 1 ? "" : "s"}`,
          )
        : null,
    ),
    h("p", { class: "summary" }, e.summary),
    h(
      "p",
      { class: "who" },
      e.actors.length || !e.actor_agents?.length ? entityLinks(refs, e.actors) : null,
      agentLabels(e.actor_agents, e.actors.length > 0),
      e.targets.length || e.target_agents?.length
        ? [
            " → ",
            e.targets.length ? entityLinks(refs, e.targets) : null,
            agentLabels(e.target_agents, e.targets.length > 0),
          ]
        : null,
      e.location ? [h("span", { class: "muted" }, " · in "), entityLink(refs, e.location)] : null,
    ),
    h(
      "details",
      { class: "event-evidence" },
      h("summary", null, `${e.evidence.length} source sentence${e.evidence.length === 1 ? "" : "s"}`),
      evidenceList(e.evidence, refs, { record: e.id }),
    ),
  );
}

/** One quote as a block: words, speaker, outlet, provenance; a click opens the reader at the span. */
export function quoteCard(q, refs) {
  const doc = refs?.docs?.[q.doc];
  const spun = q.spun_wording || doc?.spun;
  return h(
    "article",
    { class: ["quote", spun && "quote-spun"], dataset: { id: q.id } },
    h(
      "a",
      {
        class: "quote-text",
        href: spanHref(q.doc, q.start, q.end, q.id),
        "data-nav": true,
        title: "Open in the document",
      },
      h("q", null, q.text),
    ),
    h(
      "div",
      { class: "source-line" },
      "— ",
      q.speaker ? entityLink(refs, q.speaker) : h("span", null, q.speaker_text ?? "unattributed"),
      q.cue ? h("span", { class: "muted" }, ` (${q.cue}${q.addressee ? ` ${q.addressee}` : ""})`) : null,
      h("span", { class: "outlet" }, doc?.outlet ?? q.doc),
      dateText(doc?.published),
      q.direct ? null : badge("paraphrase"),
      spun && !doc?.spun ? badge("spun wording — not the speaker's exact words", "spun") : null,
      provenance(doc, refs),
    ),
  );
}

/** Previous/next buttons for a paged answer. */
export function pager(page, go) {
  const { offset, limit, total } = page;
  if (total <= limit) return null;
  const from = total ? offset + 1 : 0;
  const to = Math.min(offset + limit, total);
  return h(
    "nav",
    { class: "pager" },
    h(
      "button",
      { type: "button", disabled: offset === 0, onclick: () => go(Math.max(0, offset - limit)) },
      "← Previous",
    ),
    h("span", { class: "muted" }, `${from}–${to} of ${total}`),
    h("button", { type: "button", disabled: to >= total, onclick: () => go(offset + limit) }, "Next →"),
  );
}

/** A page heading with an optional subtitle. */
export function heading(title, subtitle) {
  return h(
    "div",
    { class: "page-head" },
    h("h1", null, title),
    subtitle ? h("p", { class: "subtitle" }, subtitle) : null,
  );
}

/** An empty-state line. */
export function empty(text) {
  return h("p", { class: "empty" }, text);
}
