/**
 * `dossier feed add URL` registers an RSS/Atom/JSON Feed or news sitemap; `dossier feed poll`
 * fetches every registered feed once (conditional GET, politeness delay), ingests new items and
 * merges them into the knowledge base; `dossier feed list` shows the feeds and their last poll.
 */
import { DossierError } from "../util/errors.js";
import { openStore } from "../store/open.js";
import { buildKnowledgeBase } from "../pipeline/index.js";
import { ingestInputs } from "../ingest/index.js";
import { cleanPage } from "../clean/index.js";
import { addFeed, feedItems, listFeeds, pollFeeds } from "../sources/feed.js";

type Io = { out: (s: string) => void; err: (s: string) => void };

/** `dossier feed add|list|poll …` */
export async function feedCommand(
  args: string[],
  values: { db?: string; "delay-ms"?: string; json?: boolean },
  io: Io,
): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "add" && sub !== "list" && sub !== "poll")
    throw new DossierError("USAGE", "feed needs a subcommand: add URL | list | poll");
  if (sub === "add" && rest.length === 0) throw new DossierError("USAGE", "feed add needs a URL");
  const store = await openStore(values.db);
  try {
    if (sub === "add") {
      for (const url of rest) io.out(`feed ${(await addFeed(store, url)).url}`);
      return 0;
    }
    if (sub === "list") {
      for (const f of await listFeeds(store)) {
        const items = [...(await feedItems(store, f.url)).values()];
        const count = (s: string) => items.filter((i) => i.status === s).length;
        if (values.json)
          io.out(
            JSON.stringify({
              ...f,
              items: { ingested: count("ingested"), duplicate: count("duplicate"), failed: count("failed") },
            }),
          );
        else
          io.out(
            `${f.url}\t${f.title ?? ""}\tlast poll ${f.last_polled ?? "never"} (${f.last_status ?? "-"})\titems: ${count("ingested")} ingested, ${count("duplicate")} duplicate, ${count("failed")} failed`,
          );
      }
      return 0;
    }
    const delayMs = values["delay-ms"] !== undefined ? Number(values["delay-ms"]) : undefined;
    if (delayMs !== undefined && !(delayMs >= 0))
      throw new DossierError("USAGE", "--delay-ms must be a number of milliseconds");
    const summary = await pollFeeds(store, {
      delayMs,
      log: (line) => io.err(line),
      ingest: async (url) => {
        const s = await ingestInputs(store, [url], { clean: cleanPage });
        const f = s.files[0];
        return { status: f?.status ?? "failed", doc: f?.doc ?? null, reason: f?.reason ?? null };
      },
    });
    const build = summary.items.ingested > 0 ? await buildKnowledgeBase(store) : null;
    io.out(
      `polled ${summary.feeds} feed(s) (${summary.notModified} not modified, ${summary.failedFeeds} failed): ` +
        `${summary.items.new} new item(s): ingested ${summary.items.ingested}, duplicate ${summary.items.duplicate}, failed ${summary.items.failed}` +
        (build ? `; knowledge base +${build.merged} document(s)` : ""),
    );
    return summary.failedFeeds > 0 || summary.items.failed > 0 ? 1 : 0;
  } finally {
    await store.close();
  }
}
