// Dossier web UI: a small router over plain ES modules. Each view has a stable address
// (/entities/{id}, /documents/{id}, /timeline?entity=…); the browser's back button works.
import { h, clear } from "./dom.js";
import { ApiError, setToken } from "./api.js";

const ROUTES = [
  { re: /^\/$/, load: () => import("./views/overview.js"), title: "Overview" },
  { re: /^\/timeline$/, load: () => import("./views/timeline.js"), title: "Timeline" },
  { re: /^\/entities$/, load: () => import("./views/entities.js"), title: "Entities" },
  { re: /^\/entities\/([^/]+)$/, load: () => import("./views/entity.js"), title: "Entity" },
  { re: /^\/events\/([^/]+)$/, load: () => import("./views/event.js"), title: "Event" },
  {
    re: /^\/claims\/([^/]+)$/,
    load: async () => ({ default: (await import("./views/claims.js")).claimPage }),
    title: "Claim",
  },
  { re: /^\/claims$/, load: () => import("./views/claims.js"), title: "Claims" },
  { re: /^\/provisions$/, load: () => import("./views/provisions.js"), title: "Provisions" },
  { re: /^\/quotes$/, load: () => import("./views/quotes.js"), title: "Quotes" },
  { re: /^\/graph$/, load: () => import("./views/graph.js"), title: "Relation graph" },
  { re: /^\/documents$/, load: () => import("./views/documents.js"), title: "Documents" },
  { re: /^\/documents\/([^/]+)$/, load: () => import("./views/reader.js"), title: "Document" },
  { re: /^\/search$/, load: () => import("./views/search.js"), title: "Search" },
  { re: /^\/ingest$/, load: () => import("./views/ingest.js"), title: "Ingest" },
];

const view = /** @type {HTMLElement} */ (document.getElementById("view"));
let renderToken = 0;

/** Navigates to an internal address (pushState) and renders it. */
export function navigate(href, { replace = false } = {}) {
  if (replace) history.replaceState(null, "", href);
  else history.pushState(null, "", href);
  return render();
}

function tokenForm(message) {
  const input = h("input", {
    type: "password",
    name: "token",
    autocomplete: "off",
    placeholder: "DOSSIER_TOKEN",
    "aria-label": "Access token",
  });
  return h(
    "section",
    { class: "panel narrow" },
    h("h1", null, "Access token needed"),
    h("p", null, message),
    h(
      "form",
      {
        class: "inline-form",
        onsubmit: (e) => {
          e.preventDefault();
          setToken(input.value.trim());
          render();
        },
      },
      input,
      h("button", { type: "submit" }, "Continue"),
    ),
  );
}

function errorView(err) {
  if (err instanceof ApiError && err.status === 401)
    return tokenForm("This Dossier server requires a bearer token. It is kept for this browser session only.");
  const title = err instanceof ApiError && err.status === 404 ? "Not found" : "Something went wrong";
  return h(
    "section",
    { class: "panel narrow" },
    h("h1", null, title),
    h("p", { class: "error" }, err?.message ?? String(err)),
  );
}

function markNav(path) {
  for (const a of document.querySelectorAll(".mainnav a")) {
    const href = a.getAttribute("href");
    a.classList.toggle("active", path === href || path.startsWith(href + "/"));
  }
}

/** Renders the current address. */
export async function render() {
  const my = ++renderToken;
  const url = new URL(location.href);
  const route = ROUTES.find((r) => r.re.test(url.pathname));
  markNav(url.pathname);
  const qs = /** @type {HTMLInputElement | null} */ (document.querySelector(".quicksearch input"));
  if (qs && url.pathname !== "/search") qs.value = "";
  if (!route) {
    clear(view).append(errorView(new ApiError(404, "NOT_FOUND", `No page at ${url.pathname}`)));
    return;
  }
  const params = (route.re.exec(url.pathname) ?? []).slice(1).map(decodeURIComponent);
  view.setAttribute("aria-busy", "true");
  try {
    const mod = await route.load();
    const node = await mod.default({ params, query: url.searchParams, navigate });
    if (my !== renderToken) return; // a newer navigation won
    clear(view).append(node.node ?? node);
    document.title = `${node.title ?? route.title} · Dossier`;
    node.mounted?.();
    if (!url.searchParams.has("start")) window.scrollTo(0, 0);
  } catch (err) {
    if (my !== renderToken) return;
    if (!(err instanceof ApiError)) console.error(err);
    clear(view).append(errorView(err));
    document.title = "Dossier";
  } finally {
    if (my === renderToken) view.removeAttribute("aria-busy");
  }
}

document.addEventListener("click", (e) => {
  const a = e.target instanceof Element ? e.target.closest("a[data-nav]") : null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = a.getAttribute("href");
  if (!href?.startsWith("/")) return;
  e.preventDefault();
  navigate(href);
});

document.querySelector(".quicksearch")?.addEventListener("submit", (e) => {
  e.preventDefault();
  const q = new FormData(/** @type {HTMLFormElement} */ (e.currentTarget)).get("q")?.toString().trim();
  if (q) navigate(`/search?q=${encodeURIComponent(q)}`);
});

window.addEventListener("popstate", () => render());
render();
