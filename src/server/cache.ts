/**
 * A short-lived answer cache for read-only API routes. Under many concurrent clients most
 * requests ask the same few questions (overview, first timeline page, entity lists); each answer
 * costs synchronous SQLite work on the event loop, so identical requests queue behind each other.
 * Here one computation answers all identical requests in flight (single flight) and the answer is
 * reused for `ttlMs` — or until {@link AnswerCache.invalidate} (an upload, a finished
 * knowledge-base job) says the data changed.
 */

/** A cached answer: status, content type and body bytes. */
interface Entry {
  at: number;
  generation: number;
  answer: Promise<{ status: number; type: string; body: ArrayBuffer }>;
}

/** Options of {@link AnswerCache}. */
export interface AnswerCacheOptions {
  /** How long an answer is reused, ms. Default 2000 (writers in other processes are seen this late at most). */
  ttlMs?: number;
  /** Most answers kept. Default 500. */
  maxEntries?: number;
  now?: () => number;
}

/** Single-flight, time-bounded answer cache keyed by method + URL (+ auth). */
export class AnswerCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;
  private readonly ttl: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(opts: AnswerCacheOptions = {}) {
    this.ttl = opts.ttlMs ?? 2000;
    this.max = opts.maxEntries ?? 500;
    this.now = opts.now ?? Date.now;
  }

  /** Forgets every answer: the data changed. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }

  /**
   * The answer for `key`: a fresh one being computed or kept, else `compute()`'s. Only 200
   * answers are kept; errors are never reused.
   */
  async answer(
    key: string,
    compute: () => Promise<Response>,
  ): Promise<{ status: number; type: string; body: ArrayBuffer }> {
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.generation === this.generation && t - hit.at < this.ttl) return hit.answer;
    const generation = this.generation;
    const answer = compute().then(async (res) => ({
      status: res.status,
      type: res.headers.get("content-type") ?? "application/json",
      body: await res.arrayBuffer(),
    }));
    const entry: Entry = { at: t, generation, answer };
    this.entries.set(key, entry);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
    try {
      const a = await answer;
      if (a.status !== 200 && this.entries.get(key) === entry) this.entries.delete(key);
      return a;
    } catch (err) {
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw err;
    }
  }
}
