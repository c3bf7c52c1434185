// One event (/events/{id}) with its sources and quotes.
import { h } from "../dom.js";
import { get } from "../api.js";
import { eventCard, quoteCard, heading } from "../components.js";

export default async function event({ params }) {
  const e = await get(`events/${encodeURIComponent(params[0])}`);
  const card = eventCard(e, e.refs);
  card.querySelector("details")?.setAttribute("open", "");
  return {
    node: h(
      "div",
      null,
      heading(e.summary, `${e.type} · ${e.date ?? "undated"}`),
      card,
      e.quotes.length ? [h("h2", null, "Quotes"), e.quotes.map((q) => quoteCard(q, e.refs))] : null,
    ),
    title: e.summary,
  };
}
