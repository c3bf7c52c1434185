import { analyzeText } from "../../src/nlp/index.js";
import { gazetteer } from "../../src/nlp/gazetteer.js";
import { matchKey } from "../../src/nlp/names.js";
import { loadGum } from "./data.js";
const gaz = gazetteer();
const isCountry = (name: string): boolean =>
  gaz
    .lookup(matchKey(name.replace(/^the\s+/i, "")))
    ?.names.some((n) => n.entity.type === "country" && n.via !== "demonym") === true;
const docs = loadGum("dev", isCountry, () => false);
const NAME_VIAS = new Set(["name", "alias", "abbreviation", "surname", "ambiguous", "metonym"]);
for (const d of docs) {
  const a = analyzeText(d.text, { lang: "en", published: null });
  const typeOf = new Map(a.entities.map((e) => [e.key, e.type]));
  const guess = a.mentions.filter((m) => NAME_VIAS.has(m.via)).map((m) => ({ ...m, type: typeOf.get(m.entity) }));
  const fn = d.names.filter((n) => !guess.some((g) => g.start === n.start && g.end === n.end && g.type === n.type));
  const fp = guess.filter(
    (g) =>
      !d.names.some((n) => g.start === n.start && g.end === n.end) &&
      !d.otherNames.some((o) => o.start <= g.start && g.end <= o.end),
  );
  console.log(
    d.id,
    "\n  FN:",
    fn
      .map(
        (n) =>
          `${n.type}:${n.text}` +
          (guess.find((g) => g.start < n.end && n.start < g.end)
            ? `(~${guess.find((g) => g.start < n.end && n.start < g.end)!.type}:${guess.find((g) => g.start < n.end && n.start < g.end)!.text})`
            : ""),
      )
      .join(" | "),
    "\n  FP:",
    fp.map((g) => `${g.type}:${g.text}/${g.via}`).join(" | "),
  );
}
