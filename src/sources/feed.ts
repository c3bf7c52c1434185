/**
 * Continuous sources, part 1: news feeds. A feed (RSS 2.0, RSS 1.0/RDF, Atom, JSON Feed, or a
 * news sitemap) is registered once (`dossier feed add URL`) and polled (`dossier feed poll`):
 * conditional GET (ETag / Last-Modified), a politeness delay between requests to one host, and a
 * status per item, so an item seen again — in the next poll or in another feed — is fetched and
 * stored once. New articles go through the normal ingest and are merged into the knowledge base
 * incrementally.
 *
 * Parsing: htmlparser2's `parseFeed` (already a dependency, maintained) for RSS/RDF/Atom, its DOM
 * helpers for sitemaps, `JSON.parse` for JSON Feed (docs/decisions/063-feeds-and-watch.md).
 */
import { parseDocument, parseFeed, DomUtils } from "htmlparser2";
import type { Store } from "../store/store.js";
import { DossierError, describeError } from "../util/errors.js";

/** State spaces kept across knowledge-base rebuilds (`src:` spaces are never cleared). */
const FEEDS = "src:feed";
const ITEMS = "src:item";
const REGISTRY = "";

/** One entry of a feed. */
export interface FeedItem {
  /** Stable id: the guid/id when the feed gives one, else the link. */
  id: string;
  link: string;
  title: string | null;
  published: string | null;
}

export interface ParsedFeed {
  format: "rss" | "atom" | "rdf" | "json" | "sitemap";
  title: string | null;
  items: FeedItem[];
}

/** A registered feed and what its last poll saw. */
export interface FeedState {
  url: string;
  added_at: string;
  title?: string | null;
  etag?: string | null;
  last_modified?: string | null;
  last_polled?: string | null;
  /** HTTP status of the last poll (304 = not modified), or the error. */
  last_status?: string | null;
}

/** Status of one feed item. */
export interface FeedItemState {
  link: string;
  status: "ingested" | "duplicate" | "failed";
  doc?: string | null;
  reason?: string | null;
  attempts: number;
  seen_at: string;
}

/**
 * Parses a feed body: JSON Feed, news/plain sitemap, RSS, RDF or Atom (by content, not by name).
 * Relative links resolve against `base`.
 * @throws DossierError BAD_INPUT when the body is none of these
 * @example parseFeedBody('{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","url":"https://x/a"}]}', "https://x/feed.json").items[0].link
 */
export function parseFeedBody(body: string, base: string): ParsedFeed {
  const text = body.replace(/^\uFEFF/, "").trim();
  const abs = (link: string | undefined | null): string | null => {
    if (!link) return null;
    try {
      return new URL(link.trim(), base).href;
    } catch {
      return null;
    }
  };
  if (text.startsWith("{")) {
    let json: { version?: string; title?: string; items?: Array<Record<string, unknown>> };
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new DossierError("BAD_INPUT", `feed is not valid JSON: ${describeError(err)}`);
    }
    if (!Array.isArray(json.items)) throw new DossierError("BAD_INPUT", "JSON feed has no items array");
    const items: FeedItem[] = [];
    for (const it of json.items) {
      const link = abs((it.url as string) ?? (it.external_url as string));
      if (!link) continue;
      items.push({
        id: String(it.id ?? link),
        link,
        title: typeof it.title === "string" ? it.title : null,
        published: typeof it.date_published === "string" ? it.date_published : null,
      });
    }
    return { format: "json", title: json.title ?? null, items };
  }
  if (/<(?:\w+:)?urlset[\s>]/.test(text.slice(0, 2000))) {
    const dom = parseDocument(text, { xmlMode: true });
    const items: FeedItem[] = [];
    for (const url of DomUtils.getElementsByTagName("url", dom.children, true)) {
      const loc = abs(DomUtils.textContent(DomUtils.getElementsByTagName("loc", url.children, false)[0] ?? []));
      if (!loc) continue;
      const title = DomUtils.getElementsByTagName("news:title", url.children, true)[0];
      const date =
        DomUtils.getElementsByTagName("news:publication_date", url.children, true)[0] ??
        DomUtils.getElementsByTagName("lastmod", url.children, false)[0];
      items.push({
        id: loc,
        link: loc,
        title: title ? DomUtils.textContent(title).trim() : null,
        published: date ? DomUtils.textContent(date).trim() : null,
      });
    }
    return { format: "sitemap", title: null, items };
  }
  const feed = parseFeed(text, { xmlMode: true });
  if (!feed) throw new DossierError("BAD_INPUT", "not a feed: neither RSS, Atom, JSON Feed nor a sitemap");
  const items: FeedItem[] = [];
  for (const it of feed.items) {
    const link = abs(it.link);
    if (!link) continue;
    items.push({
      id: it.id?.trim() || link,
      link,
      title: it.title?.trim() ?? null,
      published: it.pubDate ? it.pubDate.toISOString() : null,
    });
  }
  return { format: feed.type as ParsedFeed["format"], title: feed.title ?? null, items };
}

async function writeState(
  store: Store,
  put: Array<{ space: string; key: string; sub: string; value: string }>,
): Promise<void> {
  await store.applyKnowledgeBaseChange({
    statePut: put,
    stateDelete: [],
    upsert: { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] },
    remove: { entities: [], events: [], quotes: [], claims: [], provisions: [], relations: [], links: [] },
    mentions: [],
    documents: [],
    checkDocs: [],
  });
}

/**
 * Registers a feed (idempotent: adding it again keeps its poll state).
 * @throws DossierError USAGE for a URL that is not http(s)
 */
export async function addFeed(store: Store, url: string): Promise<FeedState> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new DossierError("USAGE", `not a URL: "${url}"`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new DossierError("USAGE", `feeds are fetched over http(s), not ${u.protocol}`);
  const existing = (await listFeeds(store)).find((f) => f.url === u.href);
  if (existing) return existing;
  const state: FeedState = { url: u.href, added_at: new Date().toISOString() };
  await writeState(store, [{ space: FEEDS, key: REGISTRY, sub: u.href, value: JSON.stringify(state) }]);
  return state;
}

/** Every registered feed, by URL. */
export async function listFeeds(store: Store): Promise<FeedState[]> {
  const rows = (await store.readState(FEEDS, [REGISTRY])).get(REGISTRY) ?? new Map<string, string>();
  return [...rows.values()].map((v) => JSON.parse(v) as FeedState).sort((a, b) => (a.url < b.url ? -1 : 1));
}

/** Item states of one feed, by item id. */
export async function feedItems(store: Store, url: string): Promise<Map<string, FeedItemState>> {
  const rows = (await store.readState(ITEMS, [url])).get(url) ?? new Map<string, string>();
  return new Map([...rows].map(([k, v]) => [k, JSON.parse(v) as FeedItemState]));
}

/** Options of {@link pollFeeds}. */
export interface PollOptions {
  /** Stores one article URL; returns its ingest outcome (the CLI passes the normal ingest). */
  ingest(
    url: string,
  ): Promise<{ status: "ingested" | "duplicate" | "failed"; doc?: string | null; reason?: string | null }>;
  /** Least time between two requests to one host. Default 1000 ms. */
  delayMs?: number;
  timeoutMs?: number;
  /** Largest feed body. Default 10 MB. */
  maxBytes?: number;
  /** A failed item is tried again on later polls up to this many attempts. Default 3. */
  maxAttempts?: number;
  signal?: AbortSignal;
  log?: (line: string) => void;
}

export interface PollSummary {
  feeds: number;
  notModified: number;
  failedFeeds: number;
  items: { seen: number; new: number; ingested: number; duplicate: number; failed: number };
}

/** Waits so that requests to one host are at least `delayMs` apart. */
class Politeness {
  private readonly last = new Map<string, number>();
  constructor(private readonly delayMs: number) {}
  async wait(url: string): Promise<void> {
    const host = new URL(url).host;
    const prev = this.last.get(host);
    const now = Date.now();
    if (prev !== undefined && now - prev < this.delayMs)
      await new Promise((r) => setTimeout(r, this.delayMs - (now - prev)));
    this.last.set(host, Date.now());
  }
}

/**
 * Polls every registered feed once: a conditional GET per feed, then each new item (or a failed
 * one, up to `maxAttempts`) is ingested; an item already ingested — from this feed or another — is
 * not fetched again.
 */
export async function pollFeeds(store: Store, opts: PollOptions): Promise<PollSummary> {
  const polite = new Politeness(opts.delayMs ?? 1000);
  const maxBytes = opts.maxBytes ?? 10 * 1024 * 1024;
  const maxAttempts = opts.maxAttempts ?? 3;
  const summary: PollSummary = {
    feeds: 0,
    notModified: 0,
    failedFeeds: 0,
    items: { seen: 0, new: 0, ingested: 0, duplicate: 0, failed: 0 },
  };
  const doneLinks = new Map<string, FeedItemState>();
  for (const feed of await listFeeds(store)) {
    if (opts.signal?.aborted) break;
    summary.feeds++;
    const now = new Date().toISOString();
    const headers: Record<string, string> = {
      "user-agent": "Dossier/0.1 (news-intelligence feed poller)",
      accept:
        "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    };
    if (feed.etag) headers["if-none-match"] = feed.etag;
    if (feed.last_modified) headers["if-modified-since"] = feed.last_modified;
    let parsed: ParsedFeed | null = null;
    const next: FeedState = { ...feed, last_polled: now };
    try {
      await polite.wait(feed.url);
      const get = () => {
        const timeout = AbortSignal.timeout(opts.timeoutMs ?? 30_000);
        return fetch(feed.url, { headers, signal: opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout });
      };
      // One retry on a network error: a kept-alive connection the server closed meanwhile fails
      // the first request without the server ever seeing it.
      const res = await get().catch(async (err) => {
        if (opts.signal?.aborted) throw err;
        await new Promise((r) => setTimeout(r, 250));
        return get();
      });
      next.last_status = String(res.status);
      if (res.status === 304) {
        summary.notModified++;
        await res.body?.cancel().catch(() => undefined);
      } else if (!res.ok) {
        await res.body?.cancel().catch(() => undefined);
        throw new DossierError("FETCH_FAILED", `HTTP ${res.status}`);
      } else {
        const body = await res.text();
        if (body.length > maxBytes) throw new DossierError("TOO_LARGE", `feed body is over ${maxBytes} bytes`);
        parsed = parseFeedBody(body, res.url || feed.url);
        next.etag = res.headers.get("etag");
        next.last_modified = res.headers.get("last-modified");
        next.title = parsed.title;
      }
    } catch (err) {
      summary.failedFeeds++;
      next.last_status = `error: ${describeError(err)}`;
      opts.log?.(`feed ${feed.url}: ${next.last_status}`);
    }
    const put: Array<{ space: string; key: string; sub: string; value: string }> = [
      { space: FEEDS, key: REGISTRY, sub: feed.url, value: JSON.stringify(next) },
    ];
    if (parsed) {
      const known = await feedItems(store, feed.url);
      for (const item of parsed.items) {
        if (opts.signal?.aborted) break;
        summary.items.seen++;
        const prev = known.get(item.id);
        if (prev && (prev.status !== "failed" || prev.attempts >= maxAttempts)) continue;
        // The same article listed by another feed (or twice in this one) is fetched once per poll.
        let state = doneLinks.get(item.link);
        if (!state) {
          summary.items.new++;
          await polite.wait(item.link);
          const r = await opts.ingest(item.link);
          state = {
            link: item.link,
            status: r.status,
            doc: r.doc ?? null,
            reason: r.reason ?? null,
            attempts: (prev?.attempts ?? 0) + 1,
            seen_at: new Date().toISOString(),
          };
          doneLinks.set(item.link, state);
          summary.items[r.status]++;
          opts.log?.(`${r.status} ${item.link}${r.reason ? ` (${r.reason})` : ""}`);
        }
        put.push({ space: ITEMS, key: feed.url, sub: item.id, value: JSON.stringify(state) });
      }
    }
    await writeState(store, put);
  }
  return summary;
}
