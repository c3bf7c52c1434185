/**
 * Agreement provisions: "Article 2 of the Chile-Peru fisheries accord provides that “…”",
 * "Article 5, which says…", "Article 7 refers to…", "Article 11 of the accord, which bars…".
 * The agreement is named where the text names it, else it is the last agreement named before.
 */
import type { LocalProvision } from "../model/pipeline.js";
import { LIMITS, evidenceOf, squash, type DocView } from "./text.js";

const ARTICLE =
  /\b(?:Article|Art\.|Clause|Paragraph|Section)\s+(\d{1,3}(?:\.\d{1,3})?[a-z]?)\b|\b(?:[Ii]ts|[Tt]he|[Tt]his|[Tt]hat)\s+(?:(?:treaty|agreement|pact|accord)['’]s\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+(?:article|clause)\b/gu;
/** "its sixth article obliges …": the ordinal names the article number. */
const ORDINALS: Readonly<Record<string, string>> = {
  first: "1",
  second: "2",
  third: "3",
  fourth: "4",
  fifth: "5",
  sixth: "6",
  seventh: "7",
  eighth: "8",
  ninth: "9",
  tenth: "10",
  eleventh: "11",
  twelfth: "12",
};
const AGREEMENT_NOUN = "(?:treaty|agreement|pact|accord|convention|charter|declaration|memorandum|protocol)";
const AGREEMENT_NOUN_CASED =
  "(?:[Tt]reaty|[Aa]greement|[Pp]act|[Aa]ccord|[Cc]onvention|[Cc]harter|[Dd]eclaration|[Mm]emorandum|[Pp]rotocol)";
/**
 * A named agreement, case-sensitive: capitalised words or known modifiers before the noun
 * ("Chile-Peru fisheries accord"), or the noun before "on/of" and capitalised words
 * ("Treaty on Comprehensive Strategic Partnership").
 */
const NAMED_AGREEMENT = new RegExp(
  `\\b((?:(?:(?!(?:The|A|An|This|That|These|Those|Its|Their|His|Her|Our)\\s)[\\p{Lu}][\\p{L}\\p{M}-]*|[\\p{Ll}]+-[\\p{L}-]+|strategic|partnership|mutual|defen[cs]e|friendship|cooperation|security|trade|peace|comprehensive|bilateral)\\s+){1,7}${AGREEMENT_NOUN_CASED}\\b|\\b(?:Treaty|Agreement|Pact|Accord|Convention|Charter|Declaration|Memorandum|Protocol)\\s+(?:on|of|for)\\s+(?:(?:[\\p{Lu}][\\p{L}\\p{M}-]*|and|the)\\s*){1,7})`,
  "gu",
);
const OF_AGREEMENT = new RegExp(
  `^\\s+of\\s+(?:the\\s+|this\\s+|that\\s+)?((?:[\\p{L}\\p{M}\\d'’-]+\\s+){0,8}?${AGREEMENT_NOUN})\\b`,
  "iu",
);
const PROVIDING_VERB =
  /^[\s,]*(?:of\s+[^,.;]{0,120}?)?(?:,\s*(?:the\s+|a\s+)[^,.;"“”]{0,80},\s*)?(?:,\s*)?(?:which\s+)?(?:also\s+)?(states?|stated|says?|reads?|provides?|stipulates?|specifies|establishes|obliges|commits|guarantees|requires|envisages|envisions|hints?\s+at|criticizes|criticises|condemns|calls\s+for|covers|declares|affirms|notes|prohibits|allows|grants)\b(?:\s+that\b)?\s*:?/iu;

function normaliseAgreement(name: string): string {
  return squash(name.replace(/^(?:the|this|that|a|an)\s+/iu, ""));
}

/**
 * Extract provisions of agreements.
 * @returns provisions in text order; evidence runs from the article reference to the end of its content
 */
export function extractProvisions(view: DocView): LocalProvision[] {
  const { text } = view;
  const out: LocalProvision[] = [];
  if (
    !/\b(?:Article|Art\.|Clause|Paragraph|Section)\s+\d|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)\s+(?:article|clause)\b/.test(
      text,
    )
  )
    return out;
  // Agreements named before a reference, to resolve "the treaty" (searched in a window, not the whole text).
  const namedBefore = (at: number): string | null => {
    const from = Math.max(0, at - 4000);
    const window = text.slice(from, at);
    let last: string | null = null;
    let lastProper: string | null = null;
    NAMED_AGREEMENT.lastIndex = 0;
    for (let m = NAMED_AGREEMENT.exec(window); m; m = NAMED_AGREEMENT.exec(window)) {
      const name = normaliseAgreement(m[1]!.replace(/\s+(?:and|the)\s*$/u, ""));
      if (name.split(/\s+/).length < 2 || /^(?:This|That|The|An?|Any|Such|Formal|Alliance)\s+\w+$/u.test(name))
        continue;
      last = name;
      // A proper name (capitalised words beyond a sentence-initial one) beats a description.
      if (/\s[\p{Lu}]|^[\p{Lu}][\p{L}-]*-[\p{Lu}]/u.test(name)) lastProper = name;
    }
    return lastProper ?? last;
  };
  let lastAgreement: string | null = null;
  ARTICLE.lastIndex = 0;
  for (let m = ARTICLE.exec(text); m; m = ARTICLE.exec(text)) {
    if (out.length > 2_000) break;
    const article = m[1] ?? ORDINALS[m[2]!]!;
    const afterRef = m.index + m[0].length;
    const tail = text.slice(afterRef, Math.min(text.length, afterRef + 300));
    let agreement: string | null = null;
    const of = OF_AGREEMENT.exec(tail);
    if (of) {
      const name = normaliseAgreement(of[1]!);
      agreement = name.split(/\s+/).length >= 2 ? name : null;
    }
    const verb = PROVIDING_VERB.exec(tail);
    if (!verb) continue;
    if (!agreement) agreement = lastAgreement ?? namedBefore(m.index);
    if (!agreement) agreement = "unnamed agreement";
    lastAgreement = agreement;
    const contentFrom = afterRef + verb.index + verb[0].length;
    // Content: a quotation right after the verb, else the rest of the clause.
    const quoteOpen = /^\s*["“«„]/u.exec(text.slice(contentFrom, contentFrom + 6));
    let contentStart: number;
    let contentEnd: number;
    let evidenceEnd: number;
    if (quoteOpen) {
      contentStart = contentFrom + quoteOpen[0].length;
      const close = text.slice(contentStart, contentStart + LIMITS.maxSentenceChars).search(/["”»“]/u);
      if (close < 0) continue; // unclosed quotation: no provision rather than a wrong one
      contentEnd = contentStart + close;
      evidenceEnd = contentEnd + 1;
    } else {
      contentStart = contentFrom;
      const rest = text.slice(contentStart, contentStart + LIMITS.maxSentenceChars);
      let stop = rest.search(/(?<=[^.]{3})\.(?:\s|$)|\n|;/u);
      const commaStop = rest.search(/["”»],|,\s+(?:may|might|can|could|which|but|and\s+(?:is|was))\b/u);
      if (commaStop >= 0 && (stop < 0 || commaStop < stop))
        stop = commaStop + (/["”»]/u.test(rest[commaStop]!) ? 1 : 0);
      contentEnd = contentStart + (stop < 0 ? rest.length : stop);
      evidenceEnd = contentEnd;
    }
    const verbWord = verb[1]!.toLowerCase();
    const contentRaw = squash(text.slice(contentStart, contentEnd));
    if (contentRaw.split(" ").length < 2) continue;
    const content = /^(?:states?|stated|says?|reads?|provides?)$/.test(verbWord)
      ? contentRaw
      : `${verbWord} ${contentRaw}`;
    out.push({ agreement, article, content, evidence: evidenceOf(text, m.index, evidenceEnd) });
  }
  return out;
}
