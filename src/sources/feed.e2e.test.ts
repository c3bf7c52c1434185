/**
 * Feeds end to end against a local HTTP server only: `dossier feed add` + `dossier feed poll` over
 * RSS, Atom, JSON Feed and a news sitemap; conditional GET; per-item status; an article listed by
 * two feeds and polled twice is fetched and stored once.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { run } from "../cli/main.js";
import { createSqliteStore } from "../store/sqlite/index.js";
import { feedItems, listFeeds, parseFeedBody } from "./feed.js";

const article = (title: string, body: string) =>
  `<!doctype html><html><head><title>${title}</title><meta property="article:published_time" content="2024-05-02T10:00:00Z"></head>` +
  `<body><article><h1>${title}</h1>${body
    .split("\n")
    .map((p) => `<p>${p}</p>`)
    .join("")}</article></body></html>`;

const ARTICLES: Record<string, string> = {
  "/a/harbour.html": article(
    "Port authority opens new container terminal",
    'The port authority of Valmora opened a new container terminal on Tuesday, its director Ilse Marten said.\nThe terminal doubles the harbour\'s capacity and employs 400 workers, according to the authority.\n"We expect the first ships next month," Marten told reporters at the opening.',
  ),
  "/a/rail.html": article(
    "Regional rail line reopens after repairs",
    "Trains returned to the coastal line between Ostrin and Palde on Monday after six weeks of repairs, the operator said.\nThe operator's spokesman Tomas Riedl said services would run every thirty minutes.",
  ),
  "/a/grain.html": article(
    "Grain harvest estimate raised",
    "The agriculture ministry raised its grain harvest estimate to 41 million tonnes on Wednesday.\nMinister Anna Kovar said favourable weather in April had helped the crop.",
  ),
};

interface Hits {
  [path: string]: number;
}

function server(hits: Hits, base: () => string) {
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    hits[path] = (hits[path] ?? 0) + 1;
    const b = base();
    if (path === "/rss.xml") {
      if (req.headers["if-none-match"] === '"rss-v1"') {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/rss+xml", etag: '"rss-v1"' });
      res.end(
        `<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>` +
          `<item><title>Port</title><link>${b}/a/harbour.html</link><guid>harbour-1</guid><pubDate>Thu, 02 May 2024 10:00:00 GMT</pubDate></item>` +
          `<item><title>Rail</title><link>/a/rail.html</link><guid>rail-1</guid></item>` +
          `<item><title>Gone</title><link>${b}/a/missing.html</link><guid>missing-1</guid></item>` +
          `</channel></rss>`,
      );
    } else if (path === "/atom.xml") {
      const lm = "Thu, 02 May 2024 12:00:00 GMT";
      if (req.headers["if-modified-since"] === lm) {
        res.writeHead(304).end();
        return;
      }
      res.writeHead(200, { "content-type": "application/atom+xml", "last-modified": lm });
      res.end(
        `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title>` +
          `<entry><title>Port again</title><id>urn:x:harbour</id><link href="${b}/a/harbour.html"/><updated>2024-05-02T10:00:00Z</updated></entry>` +
          `</feed>`,
      );
    } else if (path === "/feed.json") {
      res.writeHead(200, { "content-type": "application/feed+json" });
      res.end(
        JSON.stringify({
          version: "https://jsonfeed.org/version/1.1",
          title: "JSON Desk",
          items: [{ id: "g1", url: `${b}/a/grain.html`, title: "Grain" }],
        }),
      );
    } else if (path === "/news-sitemap.xml") {
      res.writeHead(200, { "content-type": "application/xml" });
      res.end(
        `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">` +
          `<url><loc>${b}/a/rail.html</loc><news:news><news:publication_date>2024-05-01</news:publication_date><news:title>Rail</news:title></news:news></url>` +
          `</urlset>`,
      );
    } else if (ARTICLES[path]) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(ARTICLES[path]);
    } else {
      res.writeHead(404).end("not found");
    }
  });
}

test("parseFeedBody reads RSS, Atom, JSON Feed and news sitemaps, resolving relative links", () => {
  const rss = parseFeedBody(
    `<rss version="2.0"><channel><title>T</title><item><link>/x.html</link><guid>g</guid></item></channel></rss>`,
    "https://n.example/feed",
  );
  assert.deepEqual(
    rss.items.map((i) => [i.id, i.link]),
    [["g", "https://n.example/x.html"]],
  );
  assert.equal(
    parseFeedBody(
      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e</id><link href="https://n.example/e"/></entry></feed>`,
      "https://n.example/",
    ).format,
    "atom",
  );
  assert.equal(
    parseFeedBody(
      `{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","url":"/j"}]}`,
      "https://n.example/",
    ).items[0]!.link,
    "https://n.example/j",
  );
  const sm = parseFeedBody(
    `<urlset><url><loc>https://n.example/s</loc><lastmod>2024-01-01</lastmod></url></urlset>`,
    "https://n.example/",
  );
  assert.deepEqual(
    [sm.format, sm.items[0]!.link, sm.items[0]!.published],
    ["sitemap", "https://n.example/s", "2024-01-01"],
  );
  assert.throws(() => parseFeedBody("<html><body>hello</body></html>", "https://n.example/"), /not a feed/);
});

test("feed add + poll end to end: conditional GET, per-item status, one fetch and one document per article", async () => {
  const hits: Hits = {};
  let base = "";
  const srv = server(hits, () => base);
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  const dir = mkdtempSync(join(tmpdir(), "dossier-feed-"));
  const db = join(dir, "feed.db");
  const out: string[] = [];
  const io = { out: (s: string) => out.push(s), err: (s: string) => out.push(`err: ${s}`) };
  try {
    for (const f of ["rss.xml", "atom.xml", "feed.json", "news-sitemap.xml"])
      assert.equal(await run(["feed", "add", `${base}/${f}`, "--db", db], io), 0);
    assert.equal(await run(["feed", "add", `${base}/rss.xml`, "--db", db], io), 0, "adding twice is harmless");
    // One missing article: the poll reports a failure (exit 1) and goes on.
    assert.equal(await run(["feed", "poll", "--db", db, "--delay-ms", "5"], io), 1);
    assert.match(
      out.at(-1)!,
      /polled 4 feed\(s\) \(0 not modified, 0 failed\): 4 new item\(s\): ingested 3, duplicate 0, failed 1; knowledge base \+3 document\(s\)/,
    );
    for (const p of Object.keys(ARTICLES)) assert.equal(hits[p], 1, `${p} fetched once although listed by two feeds`);

    const store = createSqliteStore(db);
    await store.init();
    assert.equal(await store.countDocuments(), 3);
    const rss = await feedItems(store, `${base}/rss.xml`);
    assert.deepEqual([...rss.entries()].map(([id, s]) => [id, s.status]).sort(), [
      ["harbour-1", "ingested"],
      ["missing-1", "failed"],
      ["rail-1", "ingested"],
    ]);
    const atom = await feedItems(store, `${base}/atom.xml`);
    assert.equal(
      atom.get("urn:x:harbour")?.doc,
      rss.get("harbour-1")?.doc,
      "the same article through two feeds is one document",
    );
    assert.ok((await store.findEntities("Marten")).length > 0, "the knowledge base holds the new articles");
    await store.close();

    // Second poll: RSS answers 304 (ETag), Atom 304 (Last-Modified); nothing is fetched again
    // except the failed item (retried).
    out.length = 0;
    assert.equal(await run(["feed", "poll", "--db", db, "--delay-ms", "5"], io), 0, out.join("\n"));
    assert.match(out.at(-1)!, /polled 4 feed\(s\) \(2 not modified, 0 failed\): 0 new item\(s\)/);
    for (const p of Object.keys(ARTICLES)) assert.equal(hits[p], 1, `${p} not fetched again`);
    const store2 = createSqliteStore(db);
    await store2.init();
    assert.equal(await store2.countDocuments(), 3, "an item seen twice is stored once");
    const feeds = await listFeeds(store2);
    assert.deepEqual(feeds.map((f) => f.last_status).sort(), ["200", "200", "304", "304"]);
    await store2.close();
  } finally {
    srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
