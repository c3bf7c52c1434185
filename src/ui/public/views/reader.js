// Document reader (/documents/{id}): the cleaned text with every evidence span highlighted and
// linked to the record it supports. ?start=&end=&record= scrolls to and highlights one span.
import { h, link, clear, safeHref } from "../dom.js";
import { get } from "../api.js";
import { badge, provenance, entityLink, entityLinks, typeBadge, empty, dateText } from "../components.js";

const KIND_LABEL = {
  mention: "mention",
  quote: "quote",
  event: "event",
  claim: "claim",
  provision: "provision",
  relation: "relation",
};

/** Splits text into segments at every span boundary; each segment knows the spans covering it. */
export function segment(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const byStart = [...spans].sort((a, b) => a.start - b.start);
  const out = [];
  let active = [];
  let next = 0;
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i];
    const b = points[i + 1];
    while (next < byStart.length && byStart[next].start <= a) active.push(byStart[next++]);
    active = active.filter((s) => s.end > a);
    out.push({ start: a, end: b, spans: active.filter((s) => s.start <= a && s.end >= b) });
  }
  return out;
}

/** "spun" → "likely original" with confidence and the reason. */
function restorationNote(r) {
  return h(
    "div",
    { class: "small" },
    h("s", null, r.spun),
    " → ",
    h("b", null, r.original),
    h("span", { class: "muted" }, ` · ${Math.round(r.confidence * 100)}% · ${r.reason}`),
  );
}

export default async function reader({ params, query }) {
  const d = await get(`documents/${encodeURIComponent(params[0])}`);
  const refs = d.refs;
  const text = d.text;
  const focus = { start: Number(query.get("start")), end: Number(query.get("end")), record: query.get("record") };
  const hasFocus = Number.isInteger(focus.start) && Number.isInteger(focus.end) && query.has("start");

  const records = new Map(); // id -> { kind, label, detail node builder, spans: [] }
  const spans = [];
  let misaligned = 0;
  const addSpan = (s) => {
    if (
      !(s.start >= 0 && s.end > s.start && s.end <= text.length) ||
      (s.text !== undefined && text.slice(s.start, s.end) !== s.text)
    ) {
      misaligned++;
      return;
    }
    spans.push(s);
    const r = records.get(s.record);
    if (r) r.spans.push(s);
  };
  const eventsById = new Map(d.records.events.map((e) => [e.id, e]));
  const claimsById = new Map(d.records.claims.map((c) => [c.id, c]));
  const provisionsById = new Map(d.records.provisions.map((p) => [p.id, p]));
  const relationsById = new Map(d.records.relations.map((r) => [r.id, r]));

  for (const q of d.evidence.quotes) records.set(q.id, { kind: "quote", record: q, spans: [] });
  for (const s of d.evidence.spans)
    if (!records.has(s.record))
      records.set(s.record, {
        kind: s.kind,
        record:
          eventsById.get(s.record) ??
          claimsById.get(s.record) ??
          provisionsById.get(s.record) ??
          relationsById.get(s.record) ??
          null,
        spans: [],
      });
  d.evidence.mentions.forEach((m, i) =>
    addSpan({ kind: "mention", record: `mention-${i}`, entity: m.entity, start: m.start, end: m.end, text: m.text }),
  );
  for (const q of d.evidence.quotes) addSpan({ kind: "quote", record: q.id, start: q.start, end: q.end, text: q.text });
  for (const s of d.evidence.spans)
    addSpan({ kind: s.kind, record: s.record, stance: s.stance, start: s.start, end: s.end, text: s.text });
  // Spin restorations: words a spinning tool likely swapped, with the likely original wording.
  const restorations = (d.restorations ?? []).filter(
    (r) => r.start >= 0 && r.end > r.start && r.end <= text.length && text.slice(r.start, r.end) === r.spun,
  );
  restorations.forEach((r, i) =>
    addSpan({
      kind: "restoration",
      record: `restoration-${i}`,
      restoration: r,
      start: r.start,
      end: r.end,
      text: r.spun,
    }),
  );

  // ---- the text ----
  const textEl = h("div", { class: "doc-text", lang: d.lang || null });
  for (const seg of segment(text, spans)) {
    const piece = text.slice(seg.start, seg.end);
    if (!seg.spans.length) {
      textEl.append(document.createTextNode(piece));
      continue;
    }
    const kinds = new Set(seg.spans.map((s) => s.kind));
    const classes = ["hl", ...[...kinds].map((k) => `hl-${k}`)];
    for (const s of seg.spans) if (s.stance) classes.push(`hl-${s.stance}`);
    if (hasFocus && seg.start >= focus.start && seg.end <= focus.end) classes.push("focus");
    const restored = seg.spans.find((s) => s.kind === "restoration")?.restoration;
    const title = restored
      ? `spun wording — likely original: "${restored.original}" (${Math.round(restored.confidence * 100)}%)`
      : null;
    const el = h(
      "span",
      {
        class: classes,
        title,
        dataset: { start: seg.start, end: seg.end, records: seg.spans.map((s) => s.record).join(" ") },
      },
      piece,
    );
    textEl.append(el);
  }

  // ---- the side panel ----
  const selection = h("div", { class: "selection", "aria-live": "polite" });
  const selectRecords = (ids) => {
    for (const el of textEl.querySelectorAll(".selected")) el.classList.remove("selected");
    for (const el of textEl.querySelectorAll("[data-records]"))
      if (el.dataset.records.split(" ").some((r) => ids.includes(r))) el.classList.add("selected");
    for (const el of panel.querySelectorAll(".record.active")) el.classList.remove("active");
    for (const id of ids) panel.querySelector(`.record[data-id="${CSS.escape(id)}"]`)?.classList.add("active");
  };
  const focusSpan = (s, recordId) => {
    for (const el of textEl.querySelectorAll(".focus")) el.classList.remove("focus");
    let first = null;
    for (const el of textEl.querySelectorAll("[data-start]")) {
      if (Number(el.dataset.start) >= s.start && Number(el.dataset.end) <= s.end) {
        el.classList.add("focus");
        first ??= el;
      }
    }
    if (recordId) selectRecords([recordId]);
    first?.scrollIntoView({ behavior: "smooth", block: "center" });
  };

  textEl.addEventListener("click", (e) => {
    const el = e.target instanceof Element ? e.target.closest("[data-records]") : null;
    if (!el) return;
    const all = el.dataset.records.split(" ");
    const ids = all.filter((r) => !r.startsWith("mention-") && !r.startsWith("restoration-"));
    clear(selection);
    for (const m of all.filter((r) => r.startsWith("mention-"))) {
      const s = spans.find((x) => x.record === m);
      if (s) selection.append(h("p", { class: "small" }, "Mention of ", entityLink(refs, s.entity)));
    }
    for (const m of all.filter((r) => r.startsWith("restoration-"))) {
      const r = spans.find((x) => x.record === m)?.restoration;
      if (r) selection.append(restorationNote(r));
    }
    if (ids.length) {
      selectRecords(ids);
      panel.querySelector(`.record[data-id="${CSS.escape(ids[0])}"]`)?.scrollIntoView({ block: "nearest" });
    }
  });

  const recordItem = (id, r) => {
    const s = r.spans[0];
    const jump = () => s && focusSpan(s, id);
    let body;
    const rec = r.record;
    if (r.kind === "quote") {
      body = [
        h("q", null, rec.text),
        h(
          "div",
          { class: "small" },
          "— ",
          rec.speaker ? entityLink(refs, rec.speaker) : (rec.speaker_text ?? "unattributed"),
          rec.cue ? ` (${rec.cue})` : "",
          rec.spun_wording || d.spun?.is_spun
            ? [" ", badge("spun wording — not the speaker's exact words", "spun")]
            : null,
        ),
      ];
    } else if (r.kind === "event" && rec) {
      body = [
        h("div", null, typeBadge(rec.type), " ", h("time", { class: "muted" }, rec.date ?? "undated")),
        h("div", null, link(`/events/${encodeURIComponent(rec.id)}`, rec.summary)),
        h(
          "div",
          { class: "small" },
          entityLinks(refs, rec.actors),
          rec.targets.length ? [" → ", entityLinks(refs, rec.targets)] : null,
        ),
      ];
    } else if (r.kind === "claim" && rec) {
      const stances = [...new Set(r.spans.map((x) => x.stance).filter(Boolean))];
      body = [
        h(
          "div",
          null,
          stances.map((st) => badge(st, st)),
          " ",
          link(`/claims/${encodeURIComponent(rec.id)}`, rec.text),
        ),
        h(
          "div",
          { class: "small muted" },
          `${rec.independent_outlets} independent outlet${rec.independent_outlets === 1 ? "" : "s"}`,
        ),
      ];
    } else if (r.kind === "provision" && rec) {
      body = [
        h("div", null, h("b", null, `Art. ${rec.article}`), " ", rec.agreement),
        h("div", { class: "small" }, rec.content),
      ];
    } else if (r.kind === "relation" && rec) {
      body = [
        h(
          "div",
          null,
          badge(rec.type, rec.polarity === "conflict" ? "deny" : "rel"),
          " ",
          entityLink(refs, rec.source),
          " — ",
          entityLink(refs, rec.target),
        ),
      ];
    } else {
      body = [
        h("div", { class: "small muted" }, `${KIND_LABEL[r.kind] ?? r.kind} ${id}`),
        s ? h("q", { class: "small" }, s.text) : null,
      ];
    }
    return h(
      "li",
      { class: ["record", `record-${r.kind}`], dataset: { id } },
      h("button", { type: "button", class: "jump", title: "Show in the text", disabled: !s, onclick: jump }, "¶"),
      h("div", { class: "record-body" }, body),
    );
  };
  const group = (kind, title) => {
    const items = [...records].filter(([, r]) => r.kind === kind && r.spans.length);
    if (!items.length) return null;
    return h(
      "section",
      null,
      h("h3", null, title, " ", h("span", { class: "count-pill" }, String(items.length))),
      h(
        "ul",
        { class: "record-list" },
        items.map(([id, r]) => recordItem(id, r)),
      ),
    );
  };
  const mentionEntities = [...new Set(d.evidence.mentions.map((m) => m.entity))];
  const restorationSection = restorations.length
    ? h(
        "section",
        null,
        h("h3", null, "Spun wording ", h("span", { class: "count-pill" }, String(restorations.length))),
        h(
          "p",
          { class: "small muted" },
          "Words a spinning tool likely swapped; the text keeps the spun words, the likely original is beside them.",
        ),
        h(
          "ul",
          { class: "record-list" },
          restorations.map((r, i) =>
            h(
              "li",
              { class: "record record-restoration", dataset: { id: `restoration-${i}` } },
              h(
                "button",
                { type: "button", class: "jump", title: "Show in the text", onclick: () => focusSpan(r) },
                "¶",
              ),
              h("div", { class: "record-body" }, restorationNote(r)),
            ),
          ),
        ),
      )
    : null;
  const panel = h(
    "aside",
    { class: "reader-panel" },
    h("h2", null, "In this document"),
    h(
      "div",
      { class: "legend small" },
      h("span", { class: "hl hl-mention" }, "mention"),
      h("span", { class: "hl hl-quote" }, "quote"),
      h("span", { class: "hl hl-event" }, "event"),
      h("span", { class: "hl hl-claim hl-assert" }, "assert"),
      h("span", { class: "hl hl-claim hl-deny" }, "deny"),
      h("span", { class: "hl hl-provision" }, "provision"),
      h("span", { class: "hl hl-relation" }, "relation"),
      restorations.length ? h("span", { class: "hl hl-restoration" }, "spun word") : null,
    ),
    selection,
    misaligned
      ? h(
          "p",
          { class: "error small" },
          `${misaligned} evidence span${misaligned === 1 ? "" : "s"} did not match the text and ${misaligned === 1 ? "is" : "are"} not shown.`,
        )
      : null,
    group("quote", "Quotes"),
    group("event", "Events"),
    group("claim", "Claims"),
    group("provision", "Provisions"),
    group("relation", "Relations"),
    restorationSection,
    mentionEntities.length
      ? h(
          "section",
          null,
          h("h3", null, "Entities ", h("span", { class: "count-pill" }, String(mentionEntities.length))),
          h(
            "p",
            { class: "entity-chips" },
            mentionEntities.map((id) => entityLink(refs, id)),
          ),
        )
      : null,
    !records.size && !mentionEntities.length ? empty("Nothing extracted from this document.") : null,
  );

  // ---- header ----
  const url = safeHref(d.url);
  const links = d.links.map((l) => {
    const other = l.doc === d.id ? l.source : l.doc;
    const o = refs.docs[other];
    const dir = l.doc === d.id ? (l.directed ? "copies" : "matches") : l.directed ? "is copied by" : "matches";
    return h(
      "li",
      null,
      `${l.relation.replace("-", " ")}: ${dir} `,
      link(`/documents/${encodeURIComponent(other)}`, o?.title ?? other),
      o?.outlet ? h("span", { class: "muted" }, ` (${o.outlet})`) : null,
      h("span", { class: "muted small" }, ` · score ${Number(l.score).toFixed(2)} · ${l.reason}`),
    );
  });
  const docRef = {
    id: d.id,
    spun: d.spun?.is_spun,
    spun_score: d.spun?.score,
    republication_of: d.republication_of,
    family: d.family,
  };
  const head = h(
    "header",
    { class: "page-head reader-head" },
    h("h1", null, d.title ?? "(untitled)"),
    h(
      "div",
      { class: "source-line" },
      h("span", { class: "outlet" }, d.outlet ?? "unknown outlet"),
      dateText(d.published),
      d.authors?.length ? h("span", { class: "muted" }, `by ${d.authors.join(", ")}`) : null,
      badge(d.lang || "und", "lang"),
      provenance(docRef, refs),
    ),
    h(
      "p",
      { class: "small muted" },
      url
        ? h("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank" }, "Original ↗")
        : d.url
          ? h("span", { title: "not an http(s) address: not linked" }, `Source address (not linked): ${d.url}`)
          : null,
      ` · ${d.id} · ${text.length.toLocaleString("en")} characters`,
    ),
    links.length ? h("ul", { class: "copy-links small" }, links) : null,
    d.restored_text
      ? h(
          "details",
          { class: "restored" },
          h("summary", null, "Likely original wording (restored from the spun text)"),
          h("div", { class: "doc-text restored-text" }, d.restored_text),
        )
      : null,
  );
  const node = h(
    "div",
    { class: "reader" },
    head,
    h("div", { class: "reader-body" }, h("article", { class: "reader-text" }, textEl), panel),
  );
  return {
    node,
    title: d.title ?? d.id,
    mounted: () => {
      if (hasFocus) focusSpan(focus, focus.record);
    },
  };
}
