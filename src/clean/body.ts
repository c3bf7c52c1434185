/**
 * Article-body extraction from the light tree ({@link parsePage}).
 *
 * Method (see ../shared/notes/body-extraction.md):
 *  1. Prune: drop elements that are never article text (navigation, forms, hidden nodes, captions)
 *     and elements whose class/id/role says boilerplate (share, related, newsletter, comments, bios…).
 *  2. Score: Readability-style paragraph scores propagated to ancestors, damped by link density;
 *     the best container wins, with close-scoring siblings appended.
 *  3. Serialise the container with conditional cleaning (link-heavy lists and blocks, image or
 *     form clusters) and trafilatura-style line filters (read-more, share, copyright…).
 *  4. Check and fall back (trafilatura's cascade, see {@link extractBody}): declared body markup and
 *     JSON-LD `articleBody` as verifiable evidence; when the result is empty or far shorter than the
 *     page's densest paragraph cluster, a relaxed pass, JSON-LD, a `<p>` baseline and that cluster
 *     compete on prose; a page without paragraphs gives its visible text.
 *
 * Every step is a bounded, non-recursive pass over the tree.
 */
import { classAndId, textOf, walkElements, type HtmlElement, type HtmlNode } from "./dom.js";

/** What {@link extractBody} found. */
export interface BodyResult {
  /** Paragraphs separated by blank lines. */
  text: string;
  /** Which strategy produced the text. */
  method: "scored" | "declared" | "scored-relaxed" | "jsonld" | "baseline" | "cluster" | "visible-text" | "none";
}

/** Per-element statistics computed in one post-order pass. */
interface Stats {
  textLen: number;
  linkLen: number;
  commas: number;
  pCount: number;
  imgCount: number;
  liCount: number;
  inputCount: number;
  embedCount: number;
  headingLen: number;
  /** Text of prose paragraphs below: `<p>` (or text-only `<div>`) with ≥ 80 characters and few links. */
  proseLen: number;
}

const BLOCK_TAGS = new Set([
  "p",
  "div",
  "section",
  "article",
  "main",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "ul",
  "ol",
  "li",
  "table",
  "tbody",
  "thead",
  "tfoot",
  "tr",
  "blockquote",
  "pre",
  "figure",
  "header",
  "footer",
  "dl",
  "dt",
  "dd",
  "hr",
  "address",
  "details",
  "summary",
  "form",
  "fieldset",
  "center",
  "aside",
  "nav",
  "body",
  "html",
  "caption",
]);

/** Tags whose presence among an element's children means it is not itself a paragraph. */
const DIV_BLOCK_CHILDREN = new Set([
  "blockquote",
  "dl",
  "div",
  "ol",
  "p",
  "pre",
  "table",
  "ul",
  "section",
  "article",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "figure",
  "header",
  "footer",
  "aside",
  "nav",
  "form",
]);

/** Elements dropped outright. */
const ALWAYS_DROP = new Set([
  "head",
  "title",
  "nav",
  "footer",
  "aside",
  "form",
  "button",
  "input",
  "label",
  "figcaption",
  "dialog",
  "menu",
  "fieldset",
  "legend",
  "option",
  "datalist",
  "output",
  "progress",
  "meter",
  "img",
  "picture",
  "source",
  "map",
  "area",
  "track",
  "link",
  "meta",
  "base",
  "style",
  "script",
  "noscript",
]);

const DROP_ROLES = new Set([
  "navigation",
  "complementary",
  "banner",
  "contentinfo",
  "menu",
  "menubar",
  "dialog",
  "alertdialog",
  "search",
  "toolbar",
  "tablist",
  "alert",
  "status",
  "tooltip",
]);

// Readability's lists, plus trafilatura-style boilerplate names.
const UNLIKELY =
  /-ad-|ai2html|banner|breadcrumbs|combx|comment|community|cover-wrap|disqus|extra|footer|gdpr|header|legends|menu|related|remark|replies|rss|shoutbox|sidebar|skyscraper|social|sponsor|supplemental|ad-break|agegate|pagination|pager|popup|yom-remote|newsletter|subscribe|signup|share|sharing|promo|outbrain|taboola|cookie|consent|paywall|byline|author-info|author-bio|authorbio|caption|credit|tags|tag-list|keywords|toolbar|widget|masthead|navbar|topbar|trending|most-popular|mostpopular|recommend|read-more|readmore|more-stories|see-also|dateline|timestamp|print-only|visually-hidden|sr-only|screen-reader|skip-link|rodape/;
/** Comment sections: pruned even in the relaxed attempt. */
const COMMENTS = /(?:^|[\s_-])(?:comments?|comment-?list|commentlist|disqus|replies|respond)(?:$|[\s_-])/;
const MAYBE_CANDIDATE = /and|article|body|column|content|main|mathjax|shadow|story|entry|post-text|text/;
/** Names that mark boilerplate even when a positive word also matches. Matched on whole name parts. */
const STRONG_BOILERPLATE =
  /(?:^|[\s_-])(?:share|sharing|social|newsletter|subscribe|subscription|signup|related|comments?|disqus|outbrain|taboola|advert|advertisement|ads?|adslot|ad-slot|promo|sponsored|breadcrumbs?|author-?bio|bio|byline|caption|credits?|tags?|tag-?list|topics|keywords|read-?more|more-?stories|recirc|recommended|trending|popular|most-?read|related-?content|sidebar|widget|cookie|consent|paywall|inline-?promo|sr-only|visually-?hidden|screen-?reader|toolbar|pagination|footer|video-?player|gallery|slideshow|newsletter-?signup|embed|pullquote|pull-?quote|inset|infobox|author|authors|contributor|meta|post-?meta|entry-?meta|article-?meta|timestamp|dateline|date|time|published|updated)(?:$|[\s_-])/;
const POSITIVE = /article|body|content|entry|hentry|h-entry|main|page|pagination|post|text|blog|story/;
const NEGATIVE =
  /-ad-|hidden|^hid$| hid$| hid |^hid |banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget|byline|author|caption|credit|newsletter|social/;

/** Short lines that are boilerplate wherever they stand. */
const BOILERPLATE_LINE =
  /^(?:advertisement|advertising|sponsored( content)?|read more|read next|read also|also read|see also|related( articles| stories| posts| content)?|more from|recommended( for you)?|share( this( article| story)?)?|share on \w+|tweet|email|print|comments?|\d+ comments?|leave a (comment|reply)|sign up|subscribe( now)?|follow us|click here|continue reading|skip to (main )?content|back to top|image|photo|video|loading|previous|next|close|menu|tags?:?|topics?:?|filed under:?|copyright|all rights reserved|getty images|ap photo|reuters)\b.{0,60}$/i;
const COPYRIGHT_LINE = /^(?:©|\(c\)|copyright\b)/i;
/** Longer promo and service lines: cross-links, newsletter pitches, shortcodes, contact blocks. */
const PROMO_LINE: RegExp[] = [
  /^(?:read|see|watch|view) (?:more|also|next)\s*:/i,
  /^don'?t miss\b/i,
  /\[(?:[A-Z]{3,}|VIDEO|PICS|POLL)\]\s*\|?\s*$/,
  // Shortcodes: `[caption id="…"]`, a closing `[/caption]`, or a line that is only `[tag]` (not "[name] said…").
  /^\[[a-z_-]+\s[^\]]*=[^\]]*\]|^\[\/?[a-z_-]+\]\s*$|\[\/[a-z_-]+\]/,
  /\bclick here\b/i,
  /\b(?:sign up|subscribe)\b.*\bnewsletter\b|\bnewsletter\b.*\b(?:sign up|subscribe|inbox)\b/i,
  /\b(?:tel|fax|phone)\b.*\d{3}[-.\s]\d{3,4}/i,
  /^\|?\s*(?:updated|published|posted|last updated|last modified)\s*(?:at|on)?\s*:?\s*(?:\d.{0,40})?$/i,
];

const HEADING = /^h[1-6]$/;

/** Inline elements never pruned by their class or id when they sit inside a paragraph. */
const INLINE_IN_TEXT = new Set([
  "span",
  "em",
  "strong",
  "b",
  "i",
  "time",
  "abbr",
  "mark",
  "small",
  "sup",
  "sub",
  "cite",
  "q",
]);

function isHidden(el: HtmlElement): boolean {
  const a = el.attrs;
  if ("hidden" in a) return true;
  if (a["aria-hidden"] === "true" && !/fallback-image/.test(a.class ?? "")) return true;
  const style = a.style;
  if (style && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return true;
  return false;
}

/** Class-and-id weight, as Readability: ±25. */
function classWeight(el: HtmlElement): number {
  let w = 0;
  const c = (el.attrs.class ?? "").toLowerCase();
  const i = (el.attrs.id ?? "").toLowerCase();
  if (c) {
    if (NEGATIVE.test(c)) w -= 25;
    if (POSITIVE.test(c)) w += 25;
  }
  if (i) {
    if (NEGATIVE.test(i)) w -= 25;
    if (POSITIVE.test(i)) w += 25;
  }
  return w;
}

/** Options for one extraction attempt. */
interface Attempt {
  /** Drop elements whose class/id looks unlikely (Readability's first-pass flag). */
  stripUnlikely: boolean;
  /** Drop elements whose class/id is a strong boilerplate name. */
  stripBoilerplate: boolean;
}

/**
 * Marks pruned elements. Returns the set of elements to skip (their whole subtree).
 */
function prune(root: HtmlElement, attempt: Attempt, raw: Map<HtmlElement, Stats>): Set<HtmlElement> {
  const dropped = new Set<HtmlElement>();
  // An element holding most of the page's text is the page, whatever its name says ("widget Blog",
  // an ASP.NET <form> around everything): never prune it by name or by form tag.
  const pageText = raw.get(root)?.textLen ?? 0;
  const pageProse = raw.get(root)?.proseLen ?? 0;
  // Likewise an element holding a large share of the page's prose paragraphs ("read-more-content",
  // a collapsed "show full story" box) is article text, whatever its name says.
  const dominant = (el: HtmlElement) => {
    // A list (a gallery's captions, a teaser list) is never the page, however much text it holds.
    if (el.tag === "ul" || el.tag === "ol" || el.tag === "li") return false;
    const st = raw.get(el);
    return !!st && (st.textLen > pageText * 0.5 || (st.proseLen >= 400 && st.proseLen >= pageProse * 0.3));
  };
  const stack: HtmlElement[] = [root];
  while (stack.length) {
    const el = stack.pop()!;
    if (el !== root && shouldDrop(el, attempt, dominant)) {
      dropped.add(el);
      continue;
    }
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i];
      if (typeof c !== "string") stack.push(c);
    }
  }
  return dropped;
}

function shouldDrop(el: HtmlElement, attempt: Attempt, dominant: (el: HtmlElement) => boolean): boolean {
  const tag = el.tag;
  if (ALWAYS_DROP.has(tag)) return !(tag === "form" && dominant(el));
  if (isHidden(el)) return true;
  const role = el.attrs.role;
  if (role && DROP_ROLES.has(role.toLowerCase())) return true;
  if (tag === "body" || tag === "html" || tag === "a" || tag === "main") return false;
  // An inline element inside a paragraph is part of a sentence ("met on <span class=date>Tuesday</span>").
  if (INLINE_IN_TEXT.has(tag) && el.parent?.tag === "p") return false;
  const names = classAndId(el);
  if (!names) return false;
  // Markup that declares itself the article body is kept whatever its class or id says.
  if (/articlebody/i.test(el.attrs.itemprop ?? "")) return false;
  if (dominant(el) && !/comment|disqus|repl(y|ies)|respond/.test(names)) return false;
  // An embedded post (a tweet, a Telegram message) is a quotation inside the story, whatever its
  // wrapper is called ("social-media-embed").
  if (/embed|social|twitter|tweet|telegram|instagram/.test(names) && holdsQuotedPost(el)) return false;
  if (attempt.stripBoilerplate && tag !== "article" && STRONG_BOILERPLATE.test(names)) {
    // "post-content share-enabled": a strong boilerplate word next to a strong content word is ambiguous;
    // keep the element when its name also says it is the article body.
    if (
      !/(?:^|[\s_-])(?:article-?body|post-?body|entry-?content|post-?content|article-?content|story-?body|articlebody)(?:$|[\s_-])/.test(
        names,
      )
    )
      return true;
  }
  if (!attempt.stripUnlikely && COMMENTS.test(names)) return true;
  if (attempt.stripUnlikely && tag !== "article" && UNLIKELY.test(names) && !MAYBE_CANDIDATE.test(names)) {
    if (!hasAncestor(el, "table") && !hasAncestor(el, "code")) return true;
  }
  return false;
}

/** A `<blockquote>` with prose within the first few levels: an embedded post, not a share box. */
function holdsQuotedPost(el: HtmlElement): boolean {
  const stack: Array<[HtmlElement, number]> = [[el, 0]];
  while (stack.length) {
    const [n, depth] = stack.pop()!;
    if (n.tag === "blockquote") return textOf(n).length >= 40;
    if (depth >= 4) continue;
    for (const c of n.children) if (typeof c !== "string") stack.push([c, depth + 1]);
  }
  return false;
}

function hasAncestor(el: HtmlElement, tag: string): boolean {
  let p = el.parent;
  let depth = 0;
  while (p && depth < 64) {
    if (p.tag === tag) return true;
    p = p.parent;
    depth++;
  }
  return false;
}

/** Collapsed text length of a text node (whitespace runs count as one). */
function textLength(s: string): number {
  let n = 0;
  let space = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 160) {
      if (!space) n++;
      space = true;
    } else {
      n++;
      space = false;
    }
  }
  return n;
}

function countCommas(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // , ، ﹐ ︐ ︑ ⹀ ⸲ ，
    if (
      c === 44 ||
      c === 0x060c ||
      c === 0xfe50 ||
      c === 0xfe10 ||
      c === 0xfe11 ||
      c === 0x2e41 ||
      c === 0x2e34 ||
      c === 0x2e32 ||
      c === 0xff0c
    )
      n++;
  }
  return n;
}

/** Computes {@link Stats} for every kept element, post-order, without recursion. */
function computeStats(root: HtmlElement, dropped: Set<HtmlElement>): Map<HtmlElement, Stats> {
  const stats = new Map<HtmlElement, Stats>();
  const order: HtmlElement[] = [];
  const stack: HtmlElement[] = [root];
  while (stack.length) {
    const el = stack.pop()!;
    order.push(el);
    for (const c of el.children) if (typeof c !== "string" && !dropped.has(c)) stack.push(c);
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const el = order[k];
    const s: Stats = {
      textLen: 0,
      linkLen: 0,
      commas: 0,
      pCount: 0,
      imgCount: 0,
      liCount: 0,
      inputCount: 0,
      embedCount: 0,
      headingLen: 0,
      proseLen: 0,
    };
    for (const c of el.children) {
      if (typeof c === "string") {
        s.textLen += textLength(c);
        s.commas += countCommas(c);
        continue;
      }
      if (dropped.has(c)) {
        if (c.tag === "img" || c.tag === "picture") s.imgCount++;
        else if (c.tag === "input" || c.tag === "button" || c.tag === "select" || c.tag === "textarea") s.inputCount++;
        continue;
      }
      const cs = stats.get(c)!;
      const paragraphLike =
        c.tag === "p" || (c.tag === "div" && cs.textLen >= 25 && cs.pCount === 0 && !hasBlockChild(c));
      // Items of a list (a gallery's captions, a teaser list) are not counted as prose.
      if (c.tag !== "li")
        s.proseLen += paragraphLike && cs.textLen >= 80 && cs.linkLen < cs.textLen * 0.25 ? cs.textLen : cs.proseLen;
      s.textLen += cs.textLen;
      s.linkLen += c.tag === "a" ? cs.textLen : cs.linkLen;
      s.commas += cs.commas;
      s.pCount += cs.pCount + (paragraphLike ? 1 : 0);
      s.imgCount += cs.imgCount;
      s.liCount += cs.liCount + (c.tag === "li" ? 1 : 0);
      s.inputCount += cs.inputCount;
      s.embedCount +=
        cs.embedCount + (c.tag === "embed" || c.tag === "object" || c.tag === "iframe" || c.tag === "video" ? 1 : 0);
      s.headingLen += HEADING.test(c.tag) ? cs.textLen : cs.headingLen;
    }
    stats.set(el, s);
  }
  return stats;
}

function linkDensity(s: Stats): number {
  return s.textLen ? s.linkLen / s.textLen : 0;
}

function hasBlockChild(el: HtmlElement): boolean {
  for (const c of el.children) if (typeof c !== "string" && DIV_BLOCK_CHILDREN.has(c.tag)) return true;
  return false;
}

function tagPrior(tag: string): number {
  switch (tag) {
    case "div":
    case "article":
    case "section":
    case "main":
      return 5;
    case "pre":
    case "td":
    case "blockquote":
      return 3;
    case "address":
    case "ol":
    case "ul":
    case "dl":
    case "dd":
    case "dt":
    case "li":
    case "form":
      return -3;
    case "h1":
    case "h2":
    case "h3":
    case "h4":
    case "h5":
    case "h6":
    case "th":
      return -5;
    default:
      return 0;
  }
}

/** Picks the best container, Readability-style. */
function pickContainer(
  root: HtmlElement,
  dropped: Set<HtmlElement>,
  stats: Map<HtmlElement, Stats>,
  weights: boolean,
): { best: HtmlElement; scores: Map<HtmlElement, number> } | null {
  const scores = new Map<HtmlElement, number>();
  const init = (el: HtmlElement): number => {
    let s = scores.get(el);
    if (s === undefined) {
      s = tagPrior(el.tag) + (weights ? classWeight(el) : 0);
      scores.set(el, s);
    }
    return s;
  };
  for (const el of walkKept(root, dropped)) {
    const tag = el.tag;
    let textLen: number;
    let commas: number;
    if (tag === "p" || tag === "pre" || tag === "td" || HEADING.test(tag)) {
      const st = stats.get(el)!;
      textLen = st.textLen;
      commas = st.commas;
    } else if (
      tag === "#root" ||
      tag === "html" ||
      tag === "body" ||
      tag === "li" ||
      tag === "a" ||
      (!BLOCK_TAGS.has(tag) && tag !== "span")
    ) {
      continue;
    } else {
      // Text that sits directly in a container (between block children, as in `<div>text<div></div>text</div>`)
      // is a paragraph too: score its own inline text.
      const own = ownInlineText(el, dropped, stats);
      if (el.parent?.tag === "p") continue;
      textLen = own.textLen;
      commas = own.commas;
    }
    if (textLen < 25) continue;
    const st = { textLen, commas };
    let score = 1 + st.commas + Math.min(Math.floor(st.textLen / 100), 3);
    if (HEADING.test(tag)) score = Math.min(score, 1);
    // A paragraph inside a list item is a gallery caption or a teaser, not running text: it counts for less.
    if (insideListItem(el)) score *= 0.3;
    let anc = el.parent;
    let level = 0;
    while (anc && level < 5) {
      if (anc.tag === "#root") break;
      const base = init(anc);
      const divider = level === 0 ? 1 : level === 1 ? 2 : level * 3;
      scores.set(anc, base + score / divider);
      anc = anc.parent;
      level++;
    }
  }
  let best: HtmlElement | null = null;
  let bestScore = -Infinity;
  const ranked: Array<[HtmlElement, number]> = [];
  for (const [el, s] of scores) {
    const final = s * (1 - linkDensity(stats.get(el)!));
    scores.set(el, final);
    ranked.push([el, final]);
    if (final > bestScore) {
      bestScore = final;
      best = el;
    }
  }
  if (!best) return null;
  ranked.sort((a, b) => b[1] - a[1]);
  // Several strong candidates under one ancestor: the body is split across siblings; promote.
  const top = ranked
    .slice(1, 5)
    .filter(([, s]) => s / bestScore >= 0.75)
    .map(([el]) => el);
  if (top.length >= 3) {
    let parent = best.parent;
    while (parent && parent.tag !== "body" && parent.tag !== "#root") {
      let count = 0;
      for (const t of top) if (isAncestor(parent, t)) count++;
      if (count >= 3) {
        best = parent;
        break;
      }
      parent = parent.parent;
    }
  }
  // Only child of its parent: the parent holds the same text plus maybe a header; climb while the
  // parent's score keeps rising (Readability's "parent of top candidate" step).
  let lastScore = scores.get(best) ?? 0;
  let parent = best.parent;
  const threshold = lastScore / 3;
  while (parent && parent.tag !== "body" && parent.tag !== "#root") {
    const ps = scores.get(parent);
    if (ps === undefined) {
      parent = parent.parent;
      continue;
    }
    if (ps < threshold) break;
    if (ps > lastScore) {
      best = parent;
      break;
    }
    lastScore = ps;
    parent = parent.parent;
  }
  while (
    best.parent &&
    best.parent.tag !== "body" &&
    best.parent.tag !== "#root" &&
    keptChildren(best.parent, dropped).length === 1
  ) {
    best = best.parent;
  }
  return { best, scores };
}

/** True when a list item encloses the element within three levels. */
function insideListItem(el: HtmlElement): boolean {
  let p = el.parent;
  for (let level = 0; p && level < 3; level++, p = p.parent) if (p.tag === "li") return true;
  return false;
}

function isAncestor(a: HtmlElement, b: HtmlElement): boolean {
  let p = b.parent;
  while (p) {
    if (p === a) return true;
    p = p.parent;
  }
  return false;
}

/** Length and commas of an element's own inline content (strings and inline children, not blocks). */
function ownInlineText(
  el: HtmlElement,
  dropped: Set<HtmlElement>,
  stats: Map<HtmlElement, Stats>,
): { textLen: number; commas: number } {
  let textLen = 0;
  let commas = 0;
  for (const c of el.children) {
    if (typeof c === "string") {
      textLen += textLength(c);
      commas += countCommas(c);
    } else if (!dropped.has(c) && !BLOCK_TAGS.has(c.tag) && c.tag !== "a") {
      const cs = stats.get(c);
      if (cs) {
        textLen += cs.textLen;
        commas += cs.commas;
      }
    }
  }
  return { textLen, commas };
}

function keptChildren(el: HtmlElement, dropped: Set<HtmlElement>): HtmlElement[] {
  const out: HtmlElement[] = [];
  for (const c of el.children) if (typeof c !== "string" && !dropped.has(c)) out.push(c);
  return out;
}

/** Elements under `root` in document order, the dropped ones left out with their subtrees. */
function walkKept(root: HtmlElement, dropped: Set<HtmlElement>): Generator<HtmlElement> {
  return walkElements(root, (el) => dropped.has(el));
}

/** The container and the siblings that belong with it, in document order. */
function gatherSiblings(
  best: HtmlElement,
  dropped: Set<HtmlElement>,
  stats: Map<HtmlElement, Stats>,
  containerScores: Map<HtmlElement, number>,
): HtmlElement[] {
  const parent = best.parent;
  if (!parent) return [best];
  const bestScore = containerScores.get(best) ?? 0;
  const threshold = Math.max(10, bestScore * 0.2);
  const out: HtmlElement[] = [];
  const bestClass = best.attrs.class ?? "";
  for (const sib of keptChildren(parent, dropped)) {
    if (sib === best) {
      out.push(sib);
      continue;
    }
    let bonus = 0;
    if (bestClass && sib.attrs.class === bestClass) bonus += bestScore * 0.2;
    const sc = containerScores.get(sib);
    if (sc !== undefined && sc + bonus >= threshold) {
      out.push(sib);
      continue;
    }
    const sst = stats.get(sib)!;
    // A sibling of the same class holding real prose is the next part of a body split by figures or
    // pull quotes (its paragraphs may sit too deep to have given it a score).
    if (bestClass && sib.attrs.class === bestClass && sst.textLen > 100 && linkDensity(sst) < 0.3) {
      out.push(sib);
      continue;
    }
    if (sib.tag === "p") {
      const st = stats.get(sib)!;
      const ld = linkDensity(st);
      const text = textOf(sib);
      if (st.textLen > 80 && ld < 0.25) out.push(sib);
      else if (st.textLen < 80 && st.textLen > 0 && ld === 0 && /\.( |$)/.test(text)) out.push(sib);
    }
  }
  return out;
}

/** Readability-style conditional cleaning: should this block inside the container go? */
function dropConditionally(el: HtmlElement, st: Stats, weights: boolean): boolean {
  const tag = el.tag;
  if (
    !(
      tag === "div" ||
      tag === "section" ||
      tag === "ul" ||
      tag === "ol" ||
      tag === "table" ||
      tag === "dl" ||
      tag === "header" ||
      tag === "span" ||
      tag === "figure"
    )
  )
    return false;
  if (tag === "table" && isDataTable(el)) return false;
  const weight = weights ? classWeight(el) : 0;
  // A span inside running text is part of a sentence: only a boilerplate name removes it, never its
  // length or its links (a linked name mid-sentence).
  if (tag === "span" && !hasBlockChild(el)) return weight < 0 && st.textLen < 200;
  if (
    weight < 0 &&
    st.textLen < 600 &&
    holdsQuotedPost(el) &&
    /embed|social|twitter|tweet|telegram|instagram/.test(classAndId(el))
  )
    return false;
  if (weight < 0 && st.textLen < 200) return true;
  if (st.commas >= 10) return false;
  const ld = linkDensity(st);
  const isList = tag === "ul" || tag === "ol";
  const p = st.pCount;
  if (tag === "figure") return st.textLen < 300;
  if (st.imgCount > 1 && p / st.imgCount < 0.5 && st.textLen < Math.min(150 * st.imgCount, 300)) return true;
  if (!isList && st.liCount - 100 > p) return true;
  if (st.inputCount > Math.floor(p / 3)) return true;
  if (!isList && st.textLen < 25 && (st.imgCount === 0 || st.imgCount > 2) && st.headingLen === 0) return true;
  if (weight < 25 && ld > 0.2 && !(isList && ld < 0.4 && st.textLen > 200)) return true;
  if (weight >= 25 && ld > 0.5) return true;
  if ((st.embedCount === 1 && st.textLen < 75) || st.embedCount > 1) return true;
  return false;
}

function isDataTable(el: HtmlElement): boolean {
  if (el.attrs.role === "presentation" || el.attrs.datatable === "0") return false;
  let rows = 0;
  let nestedTables = 0;
  for (const d of walkElements(el)) {
    if (d === el) continue;
    if (d.tag === "tr") rows++;
    else if (d.tag === "table") nestedTables++;
    else if (d.tag === "th" || d.tag === "caption" || d.tag === "thead") return nestedTables === 0;
    if (rows > 10) return nestedTables === 0;
  }
  return false;
}

/** Serialises kept content into paragraphs. */
function serialise(
  roots: HtmlElement[],
  dropped: Set<HtmlElement>,
  stats: Map<HtmlElement, Stats>,
  weights: boolean,
  pageTitle: string | null,
): string[] {
  const paragraphs: string[] = [];
  let buf = "";
  const flush = () => {
    const t = buf.replace(/[ \t\r\f\v\u00a0]+/g, " ").trim();
    if (t) paragraphs.push(t);
    buf = "";
  };
  const normTitle = pageTitle ? normaliseForCompare(pageTitle) : "";
  type Frame = { node: HtmlNode; exit: boolean; pre: boolean };
  const stack: Frame[] = [];
  const rootSet = new Set(roots);
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ node: roots[i], exit: false, pre: false });
  while (stack.length) {
    const { node, exit, pre } = stack.pop()!;
    if (typeof node === "string") {
      buf += pre ? node.replace(/\n/g, "\u2028") : node.replace(/[\s\u00a0]+/g, " ");
      continue;
    }
    const tag = node.tag;
    if (exit) {
      if (BLOCK_TAGS.has(tag)) flush();
      else if (tag === "td" || tag === "th") buf += " ";
      continue;
    }
    if (dropped.has(node)) continue;
    if (tag === "br") {
      flush();
      continue;
    }
    const st = stats.get(node);
    if (!st) continue;
    if (!rootSet.has(node) && dropConditionally(node, st, weights)) continue;
    if (HEADING.test(tag)) {
      const ld = linkDensity(st);
      if (ld > 0.33) continue;
      if ((tag === "h1" || tag === "h2") && weights && classWeight(node) < 0) continue;
      if (normTitle && normaliseForCompare(textOf(node)) === normTitle) continue;
      if (tag === "h1" && normTitle) continue;
    }
    if (tag === "p" && st.textLen > 0 && linkDensity(st) > 0.9 && st.textLen < 200) continue;
    if (BLOCK_TAGS.has(tag)) flush();
    stack.push({ node, exit: true, pre });
    const inPre = pre || tag === "pre";
    for (let i = node.children.length - 1; i >= 0; i--) stack.push({ node: node.children[i], exit: false, pre: inPre });
  }
  flush();
  return paragraphs.map((p) => p.replace(/\u2028/g, "\n"));
}

function normaliseForCompare(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** Drops boilerplate lines and exact repeats of short lines (a long paragraph said twice is kept). */
function filterParagraphs(paragraphs: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of paragraphs) {
    if (p.length < 120 && (BOILERPLATE_LINE.test(p) || COPYRIGHT_LINE.test(p))) continue;
    if (p.length < 250 && PROMO_LINE.some((re) => re.test(p))) continue;
    if (p.length < 3 && !/\p{L}/u.test(p)) continue;
    const key = p.length > 40 && p.length < 200 ? p : "";
    if (key) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    out.push(p);
  }
  // A leading section label in capitals ("WORLD NEWS") is navigation, not the story.
  // (Capitals need a cased script: a short Chinese or Japanese line has no lower case either.)
  while (
    out.length > 1 &&
    out[0].length < 40 &&
    out[0].split(/\s+/).length <= 3 &&
    /\p{Lu}/u.test(out[0]) &&
    !/\p{Ll}/u.test(out[0]) &&
    !/[.!?,]/.test(out[0])
  )
    out.shift();
  // Trailing short non-sentences (tag lists, credits) after the last full paragraph. A line in a
  // caseless script says as much in a third of the characters.
  while (out.length > 1) {
    const last = out[out.length - 1];
    const limit = /[\p{Lu}\p{Ll}]/u.test(last) ? 60 : 20;
    if (last.length < limit && !/[.!?"”»)。！？」』]$/.test(last)) out.pop();
    else break;
  }
  return out;
}

/** One extraction attempt's result: the paragraphs and the tree state they came from. */
interface AttemptResult {
  paragraphs: string[];
  /** The container and its gathered siblings (empty when nothing was scored). */
  parts: HtmlElement[];
  /** The winning container itself (the first of `parts` in score, not in document order). */
  best: HtmlElement | null;
  dropped: Set<HtmlElement>;
  stats: Map<HtmlElement, Stats>;
}

function attempt(
  root: HtmlElement,
  opts: Attempt,
  pageTitle: string | null,
  raw: Map<HtmlElement, Stats>,
): AttemptResult {
  const dropped = prune(root, opts, raw);
  const stats = computeStats(root, dropped);
  const picked = pickContainer(root, dropped, stats, opts.stripBoilerplate);
  if (!picked) return { paragraphs: [], parts: [], best: null, dropped, stats };
  const parts = gatherSiblings(picked.best, dropped, stats, picked.scores);
  return {
    paragraphs: filterParagraphs(serialise(parts, dropped, stats, opts.stripBoilerplate, pageTitle)),
    parts,
    best: picked.best,
    dropped,
    stats,
  };
}

function totalLength(paragraphs: string[]): number {
  let n = 0;
  for (const p of paragraphs) n += p.length;
  return n;
}

/**
 * How much of a candidate body reads as article prose: the characters of its paragraphs that are
 * sentences (at least 60 characters with sentence punctuation), so a long list of headlines, menu
 * labels or captions counts for little. Used to compare the cascade's candidates.
 */
function proseChars(paragraphs: string[]): number {
  let n = 0;
  for (const p of paragraphs) if (p.length >= 60 && /[.!?。！？؟]/.test(p)) n += p.length;
  return n;
}

/**
 * Last resort when scoring finds no container (trafilatura's "baseline"): every `<p>` with prose and
 * few links, outside the pruned elements; failing that, text written straight into `<body>` (a text
 * file served as HTML).
 */
function baseline(root: HtmlElement, raw: Map<HtmlElement, Stats>, dropped: Set<HtmlElement>): string[] {
  const out: string[] = [];
  for (const el of walkKept(root, dropped)) {
    if (el.tag !== "p") continue;
    const st = raw.get(el);
    if (!st || st.textLen < 25 || linkDensity(st) > 0.5) continue;
    const t = textOf(el);
    if (t) out.push(t);
  }
  if (out.length) return filterParagraphs(out);
  const loose: string[] = [];
  const containers = [
    root,
    ...root.children.filter((c): c is HtmlElement => typeof c !== "string" && (c.tag === "html" || c.tag === "body")),
  ];
  for (const c of [...containers]) {
    for (const k of c.children) if (typeof k !== "string" && k.tag === "body") containers.push(k);
  }
  for (const c of containers) for (const k of c.children) if (typeof k === "string") loose.push(k);
  return filterParagraphs(
    loose
      .join("\n")
      .split(/\n\s*\n/)
      .map((p) => p.replace(/\s+/g, " ").trim())
      .filter((p) => p.length > 0),
  );
}

/**
 * The page's densest text region: the element whose own children hold the most prose paragraphs
 * (sibling paragraphs scored together, each a `<p>` or text-only `<div>` of ≥ 80 characters with few
 * links). Its length is the yardstick a scored body is checked against, and its paragraphs (with the
 * headings and short paragraphs between them) are the cascade's last candidate.
 */
function densestCluster(
  root: HtmlElement,
  dropped: Set<HtmlElement>,
  stats: Map<HtmlElement, Stats>,
): { el: HtmlElement; prose: number } | null {
  let best: HtmlElement | null = null;
  let bestProse = 0;
  for (const el of walkKept(root, dropped)) {
    let prose = 0;
    for (const c of el.children) {
      if (typeof c === "string" || dropped.has(c)) continue;
      const cs = stats.get(c);
      if (!cs) continue;
      const paragraphLike = c.tag === "p" || (c.tag === "div" && cs.pCount === 0 && !hasBlockChild(c));
      if (paragraphLike && cs.textLen >= 80 && linkDensity(cs) < 0.25) prose += cs.textLen;
    }
    if (prose > bestProse) {
      bestProse = prose;
      best = el;
    }
  }
  return best ? { el: best, prose: bestProse } : null;
}

/** The paragraphs of a {@link densestCluster}: its paragraph and heading children with few links. */
function clusterParagraphs(
  el: HtmlElement,
  dropped: Set<HtmlElement>,
  stats: Map<HtmlElement, Stats>,
  pageTitle: string | null,
): string[] {
  const out: string[] = [];
  const normTitle = pageTitle ? normaliseForCompare(pageTitle) : "";
  for (const c of el.children) {
    if (typeof c === "string" || dropped.has(c)) continue;
    const cs = stats.get(c);
    if (!cs || cs.textLen === 0 || linkDensity(cs) >= 0.5) continue;
    const paragraphLike =
      c.tag === "p" ||
      c.tag === "blockquote" ||
      HEADING.test(c.tag) ||
      (c.tag === "div" && cs.pCount === 0 && !hasBlockChild(c));
    if (!paragraphLike) continue;
    const t = textOf(c);
    if (HEADING.test(c.tag) && normTitle && normaliseForCompare(t) === normTitle) continue;
    if (t) out.push(t);
  }
  return filterParagraphs(out);
}

/**
 * Markup that declares the article body: the largest `itemprop=articleBody` element, else the one
 * `<article>` that holds most of the page's article-element prose. Strong evidence, but checked
 * before use (see {@link extractBody}).
 */
function declaredBody(
  root: HtmlElement,
  dropped: Set<HtmlElement>,
  stats: Map<HtmlElement, Stats>,
): { el: HtmlElement; kind: "microdata" | "article" } | null {
  let micro: HtmlElement | null = null;
  const articles: HtmlElement[] = [];
  for (const el of walkKept(root, dropped)) {
    if (/(?:^|\s)articlebody(?:$|\s)/i.test(el.attrs.itemprop ?? "")) {
      if (!micro || stats.get(el)!.proseLen > stats.get(micro)!.proseLen) micro = el;
    } else if (el.tag === "article") articles.push(el);
  }
  if (micro) return { el: micro, kind: "microdata" };
  if (!articles.length) return null;
  articles.sort((a, b) => stats.get(b)!.proseLen - stats.get(a)!.proseLen);
  const top = articles[0];
  // Teaser cards are <article>s too: the top one must clearly outweigh any other that is not nested in it.
  const rival = articles.find((a) => a !== top && !isAncestor(top, a) && !isAncestor(a, top));
  if (rival && stats.get(rival)!.proseLen * 2 > stats.get(top)!.proseLen) return null;
  return { el: top, kind: "article" };
}

/** JSON-LD `articleBody` text as paragraphs. */
function splitJsonLdBody(text: string): string[] {
  return text
    .split(/\n\s*\n|\r?\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter(Boolean);
}

/** Share of the 4-word shingles of `reference` (its first 2,000 characters) that also occur in `text`. */
function sharedShingles(reference: string, text: string): number {
  const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];
  const ref = words(reference.slice(0, 2000));
  if (ref.length < 4) return 1;
  const tokens = words(text);
  const have = new Set<string>();
  for (let i = 0; i + 4 <= tokens.length; i++)
    have.add(`${tokens[i]} ${tokens[i + 1]} ${tokens[i + 2]} ${tokens[i + 3]}`);
  let hit = 0;
  let total = 0;
  for (let i = 0; i + 4 <= ref.length; i++, total++)
    if (have.has(`${ref[i]} ${ref[i + 1]} ${ref[i + 2]} ${ref[i + 3]}`)) hit++;
  return total ? hit / total : 1;
}

/** True when `el` is one of `parts`, or inside or around one of them. */
function overlaps(el: HtmlElement, parts: HtmlElement[]): boolean {
  return parts.some((p) => p === el || isAncestor(p, el) || isAncestor(el, p));
}

/**
 * A page with no paragraph structure at all: its visible text, block by block (what a reader sees
 * once menus, forms and hidden parts are gone). Used only when every other strategy found nothing.
 */
function visibleText(
  root: HtmlElement,
  dropped: Set<HtmlElement>,
  stats: Map<HtmlElement, Stats>,
  pageTitle: string | null,
): string[] {
  const paragraphs = serialise([root], dropped, stats, false, pageTitle).filter((p) => /[\p{L}\p{N}]/u.test(p));
  return paragraphs;
}

/**
 * Extracts the article body from a parsed page: trafilatura's cascade with Readability's scorer first.
 *
 *  1. Scored pass (boilerplate pruned by name, class weights on).
 *  2. Markup evidence: when the page declares its body (`itemprop=articleBody`, a dominant `<article>`)
 *     and the scored container lies elsewhere, the declared body replaces it if it reads as prose.
 *  3. When the result is empty, short, or far shorter than the page's densest text region: a relaxed
 *     pass, JSON-LD `articleBody`, the `<p>` baseline and the densest paragraph cluster compete, and the
 *     one with the most prose wins (the scored result keeps its place unless clearly beaten).
 *  4. Nothing at all: the page's visible text.
 * @param root the tree root from {@link parsePage}
 * @param opts.title the page title, so a heading repeating it is left out of the body
 * @param opts.jsonLdBody JSON-LD `articleBody`, a candidate when the scored body is short
 */
export function extractBody(
  root: HtmlElement,
  opts: { title?: string | null; jsonLdBody?: string | null } = {},
): BodyResult {
  const title = opts.title ?? null;
  const raw = computeStats(root, new Set());
  const main = attempt(root, { stripUnlikely: true, stripBoilerplate: true }, title, raw);
  let paragraphs = main.paragraphs;
  let method: BodyResult["method"] = "scored";

  // 2. Declared body elsewhere than the scored container.
  const declared = declaredBody(root, main.dropped, main.stats);
  // (Compared with the winning container only: a sibling gathered next to it may hold the declared body.)
  if (declared && main.best && !overlaps(declared.el, [main.best])) {
    const own = filterParagraphs(serialise([declared.el], main.dropped, main.stats, true, title));
    const prose = proseChars(own);
    // Microdata far from everything scored needs only to read as prose; an <article>, or a declared
    // body among the siblings gathered next to the winner, must also carry half the scored prose.
    const strong = declared.kind === "microdata" && !overlaps(declared.el, main.parts);
    const needed = strong ? 400 : Math.max(400, proseChars(paragraphs) * 0.5);
    if (prose >= needed && prose >= totalLength(own) * 0.5) {
      paragraphs = own;
      method = "declared";
    }
  }

  // JSON-LD articleBody as a check: a long declared body that shares almost nothing with the scored
  // text says the scorer took the wrong block.
  const ldBody = opts.jsonLdBody?.trim() ?? "";
  if (ldBody.length >= 500 && paragraphs.length && sharedShingles(ldBody, paragraphs.join(" ")) < 0.2) {
    paragraphs = splitJsonLdBody(ldBody);
    method = "jsonld";
  }

  // 3. Fallbacks when the result is empty or short against the page's densest region.
  const length = totalLength(paragraphs);
  // The densest cluster cannot hold more prose than the whole (pruned) page: skip the walk when even
  // that could not make the result look short.
  const pageProse = main.stats.get(root)?.proseLen ?? 0;
  const dense = length < pageProse * 0.6 || length < 500 ? densestCluster(root, main.dropped, main.stats) : null;
  if (length < 500 || (dense && length < dense.prose * 0.6) || ldBody.length > length * 2) {
    type Candidate = { paragraphs: string[]; method: BodyResult["method"] };
    const candidates: Candidate[] = [];
    const relaxed = attempt(root, { stripUnlikely: false, stripBoilerplate: false }, title, raw);
    candidates.push({ paragraphs: relaxed.paragraphs, method: "scored-relaxed" });
    if (ldBody.length > 200) candidates.push({ paragraphs: splitJsonLdBody(ldBody), method: "jsonld" });
    candidates.push({ paragraphs: baseline(root, raw, main.dropped), method: "baseline" });
    const cluster = dense ?? densestCluster(root, main.dropped, main.stats);
    if (cluster)
      candidates.push({
        paragraphs: clusterParagraphs(cluster.el, main.dropped, main.stats, title),
        method: "cluster",
      });
    // The current result keeps its place unless a candidate has clearly more prose (and any prose).
    let bestProse = proseChars(paragraphs);
    let bestLength = length;
    for (const c of candidates) {
      const prose = proseChars(c.paragraphs);
      const len = totalLength(c.paragraphs);
      const better = bestLength === 0 ? len > 0 && (prose > 0 || bestProse === 0) : prose > bestProse * 1.5 + 100;
      if (better) {
        paragraphs = c.paragraphs;
        method = c.method;
        bestProse = prose;
        bestLength = len;
      }
    }
  }
  // 4. A page without paragraphs.
  if (paragraphs.length === 0) {
    paragraphs = visibleText(root, main.dropped, main.stats, title);
    method = "visible-text";
  }
  const text = paragraphs.join("\n\n");
  return { text, method: text ? method : "none" };
}
