/**
 * A small, read-only HTML tree built in one streaming pass with htmlparser2 (the tokenizer linkedom is
 * built on), plus the page-level metadata gathered in that same pass: `<title>`, `<meta>`, `<link>`,
 * JSON-LD blocks, `<html lang>`.
 *
 * Why not a full DOM: the cleaner only reads the page. Building a light tree costs about a fifth of
 * linkedom's DOM (measured on the Zyte pages, docs/decisions/010-htmlparser2-light-tree.md), and the
 * tree is bounded: depth is capped (deeper elements are flattened into the element at the cap, so a
 * page nested 10,000 deep cannot blow the stack) and so is the element count.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Parser as HtmlParser } from "htmlparser2";

/**
 * htmlparser2's `Parser` without the package's index: the index also loads domhandler, domutils,
 * dom-serializer and the entity encoders (for its DOM and feed helpers, which the cleaner never
 * uses), about 45 ms of CPU on every `dossier extract` against 17 ms for the parser alone
 * (docs/decisions/119-start-up-imports.md). The package's export map does not list `Parser.js`,
 * so it is required by path beside the resolved entry; a layout change falls back to the index.
 */
function loadParser(): typeof HtmlParser {
  const req = createRequire(import.meta.url);
  try {
    const parser = (req(join(dirname(req.resolve("htmlparser2")), "Parser.js")) as { Parser?: typeof HtmlParser })
      .Parser;
    if (typeof parser === "function") return parser;
  } catch (err) {
    // Only a moved file falls back to the documented entry point; any other failure is real.
    if ((err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw err;
  }
  return (req("htmlparser2") as typeof import("htmlparser2")).Parser;
}
const Parser = loadParser();

/** An element of the light tree. Children are elements or text strings (entities decoded). */
export interface HtmlElement {
  tag: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
  parent: HtmlElement | null;
}

export type HtmlNode = HtmlElement | string;

/** A `<meta>` or `<link>` tag's attributes, in document order. */
export type TagAttrs = Record<string, string>;

/** The parsed page: the tree and what the head (and scripts) declare. */
export interface ParsedPage {
  root: HtmlElement;
  title: string | null;
  metas: TagAttrs[];
  links: TagAttrs[];
  /** Raw text of every JSON-LD script block (its type attribute names ld+json). */
  jsonLd: string[];
  /** `<html lang>` as written. */
  htmlLang: string | null;
  /** Elements dropped because the element cap was reached, and depth-capped elements. */
  truncatedElements: number;
  flattenedElements: number;
  /** True when parsing stopped early because too many elements were open at once. */
  stoppedEarly: boolean;
}

/** Deepest element nesting kept; deeper elements' content is attached to the element at this depth. */
export const MAX_TREE_DEPTH = 256;
/**
 * Most elements open at once. htmlparser2 checks implied end tags against its whole open-element stack,
 * so tens of thousands of unclosed `<td>`s cost quadratic time; past this many the parse stops.
 */
export const MAX_OPEN_ELEMENTS = 12_000;
/** Most elements kept per page; text after the cap still lands in the last open element. */
export const MAX_TREE_ELEMENTS = 100_000;

/** Elements whose content is never article text. Their text is skipped during the parse. */
const SKIP_CONTENT = new Set([
  "script",
  "style",
  "noscript",
  "svg",
  "math",
  "template",
  "iframe",
  "object",
  "embed",
  "canvas",
  "video",
  "audio",
  "select",
  "textarea",
]);

/**
 * Parses HTML into a light tree in one pass. Never throws on malformed markup (htmlparser2 is
 * forgiving); bounded in depth and element count.
 */
export function parsePage(html: string): ParsedPage {
  const root: HtmlElement = { tag: "#root", attrs: {}, children: [], parent: null };
  const metas: TagAttrs[] = [];
  const links: TagAttrs[] = [];
  const jsonLd: string[] = [];
  let title: string | null = null;
  let htmlLang: string | null = null;
  let truncated = 0;
  let flattened = 0;
  let elements = 0;
  let stoppedEarly = false;

  // The parser's open-element stack, mirrored: `real` holds the tree element each open tag maps to
  // (capped elements map to their ancestor at the cap).
  const open: HtmlElement[] = [];
  let current = root;
  // Skipping: depth inside a SKIP_CONTENT element (0 = not skipping).
  let skipDepth = 0;
  let captureScript: string[] | null = null;
  let inTitle = false;
  let titleBuf = "";

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (open.length >= MAX_OPEN_ELEMENTS && !stoppedEarly) {
          stoppedEarly = true;
          parser.pause();
        }
        if (name === "meta") metas.push(attrs);
        else if (name === "link") links.push(attrs);
        else if (name === "html" && attrs.lang && htmlLang === null) htmlLang = attrs.lang;
        if (skipDepth > 0) {
          skipDepth++;
          open.push(current);
          return;
        }
        if (name === "title" && title === null) {
          inTitle = true;
          titleBuf = "";
        }
        if (SKIP_CONTENT.has(name)) {
          skipDepth = 1;
          if (name === "script" && /ld\+json/i.test(attrs.type ?? "")) captureScript = [];
          open.push(current);
          return;
        }
        if (open.length >= MAX_TREE_DEPTH) {
          flattened++;
          open.push(current);
          return;
        }
        if (elements >= MAX_TREE_ELEMENTS) {
          truncated++;
          open.push(current);
          return;
        }
        elements++;
        const el: HtmlElement = { tag: name, attrs, children: [], parent: current };
        current.children.push(el);
        open.push(current);
        current = el;
      },
      ontext(text) {
        if (inTitle) titleBuf += text;
        if (skipDepth > 0) {
          if (captureScript) captureScript.push(text);
          return;
        }
        const kids = current.children;
        const last = kids.length ? kids[kids.length - 1] : undefined;
        if (typeof last === "string") kids[kids.length - 1] = last + text;
        else kids.push(text);
      },
      onclosetag(name) {
        if (name === "title" && inTitle) {
          inTitle = false;
          if (title === null) title = titleBuf;
        }
        const parent = open.pop();
        if (skipDepth > 0) {
          skipDepth--;
          if (skipDepth === 0) {
            if (captureScript) jsonLd.push(captureScript.join(""));
            captureScript = null;
          }
          return;
        }
        // A real element closes: back to its parent. A flattened or truncated one mapped to `current`
        // itself, so this leaves `current` unchanged.
        if (parent) current = parent;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  if (!stoppedEarly) parser.end();
  return {
    root,
    title,
    metas,
    links,
    jsonLd,
    htmlLang,
    truncatedElements: truncated,
    flattenedElements: flattened,
    stoppedEarly,
  };
}

/**
 * Elements of the subtree in document order (pre-order), without recursion.
 * @param skip when given, a descendant it is true for is left out with its whole subtree
 */
export function* walkElements(start: HtmlElement, skip?: (el: HtmlElement) => boolean): Generator<HtmlElement> {
  const stack: HtmlElement[] = [start];
  while (stack.length) {
    const el = stack.pop()!;
    yield el;
    for (let i = el.children.length - 1; i >= 0; i--) {
      const c = el.children[i];
      if (typeof c !== "string" && !skip?.(c)) stack.push(c);
    }
  }
}

/** All text of a subtree, whitespace collapsed to single spaces and trimmed. */
export function textOf(start: HtmlElement): string {
  const parts: string[] = [];
  const stack: HtmlNode[] = [start];
  while (stack.length) {
    const n = stack.pop()!;
    if (typeof n === "string") {
      parts.push(n);
      continue;
    }
    if (n.tag === "br") parts.push(" ");
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]);
  }
  return parts.join("").replace(/\s+/g, " ").trim();
}

/** `class` and `id` joined, lower-cased, for boilerplate tests. */
export function classAndId(el: HtmlElement): string {
  const c = el.attrs.class ?? "";
  const i = el.attrs.id ?? "";
  return c && i ? `${c} ${i}`.toLowerCase() : (c || i).toLowerCase();
}
