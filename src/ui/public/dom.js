// DOM helpers. Every string from the knowledge base goes into the page as a text node or an
// attribute value set through the DOM; nothing is ever parsed as HTML. Links to the outside are
// only rendered for http(s) URLs (never javascript:, data: or others).

/** Returns a safe href, or null: internal paths ("/x", not "//x") and http(s) URLs only. */
export function safeHref(value) {
  if (typeof value !== "string") return null;
  const v = value.trim();
  if (v.startsWith("/") && !v.startsWith("//") && !v.startsWith("/\\")) return v;
  if (v.startsWith("?")) return v;
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * Creates an element. props: class, text, href (checked with safeHref), dataset, on<event>
 * handlers, and plain attributes. Children: nodes, strings (as text), arrays, null/false (skipped).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = Array.isArray(value) ? value.filter(Boolean).join(" ") : value;
    else if (key === "text") el.textContent = String(value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "href") {
      const safe = safeHref(value);
      if (safe) el.setAttribute("href", safe);
    } else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else if (key === "style" || key === "src" || key === "srcdoc") throw new Error(`h(): "${key}" is not allowed`);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (nodes, strings as text, nested arrays; null/false skipped). */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Removes all children. */
export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** An internal link handled by the router. */
export function link(href, ...children) {
  return h("a", { href, "data-nav": true }, ...children);
}

/** Text with «…» match markers turned into <mark> elements (text nodes only). */
export function markedText(snippet) {
  const out = [];
  const re = /«([^»]*)»/g;
  let last = 0;
  let m;
  while ((m = re.exec(snippet))) {
    if (m.index > last) out.push(snippet.slice(last, m.index));
    out.push(h("mark", null, m[1]));
    last = re.lastIndex;
  }
  if (last < snippet.length) out.push(snippet.slice(last));
  return out;
}

/**
 * A list view's filter from its address: each named parameter as a string ("" when absent), and
 * `offset` as a whole number (0 when absent or not a number).
 * @template {string} K
 * @param {URLSearchParams} query
 * @param {K[]} names
 * @returns {Record<K, string> & { offset: number }}
 */
export function filterFromAddress(query, names) {
  const filter = /** @type {Record<K, string> & { offset: number }} */ ({
    offset: Number(query.get("offset") ?? 0) || 0,
  });
  for (const name of names) /** @type {Record<K, string>} */ (filter)[name] = query.get(name) ?? "";
  return filter;
}

/** Sets a URL query from an object, dropping empty values. */
export function queryString(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "" && v !== false) q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : "";
}
