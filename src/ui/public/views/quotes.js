// Quotes: every quote with its speaker and source; a click opens the reader at the exact span.
import { h, filterFromAddress, queryString } from "../dom.js";
import { get } from "../api.js";
import { heading, empty, pager, quoteCard } from "../components.js";

export default async function quotes({ query, navigate }) {
  const filter = filterFromAddress(query, ["speaker"]);
  const page = await get("quotes", { ...filter, limit: 50 });
  const go = (patch) => navigate(`/quotes${queryString({ ...filter, offset: 0, ...patch })}`);
  const speakerName = filter.speaker ? (page.refs.entities[filter.speaker]?.name ?? filter.speaker) : null;
  const node = h(
    "div",
    { class: "quotes-view" },
    heading(
      speakerName ? `Quotes of ${speakerName}` : "Quotes",
      "Click a quote to read it in its document. Quotes from spun copies are marked: they are not the speaker's exact words.",
    ),
    filter.speaker
      ? h(
          "p",
          null,
          h("button", { type: "button", class: "link-button", onclick: () => go({ speaker: "" }) }, "All speakers"),
        )
      : null,
    h(
      "div",
      { class: "quote-list" },
      page.items.length ? page.items.map((q) => quoteCard(q, page.refs)) : empty("No quotes."),
    ),
    pager(page, (offset) => go({ offset })),
  );
  return { node, title: speakerName ? `Quotes · ${speakerName}` : "Quotes" };
}
