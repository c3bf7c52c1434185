/**
 * A write-back cache over the store's knowledge-base maintenance state (`Store.readState`): the
 * incremental builder reads the keys it needs, changes them in memory, and hands every change to
 * `Store.applyKnowledgeBaseChange` at the end of a batch, so a batch is one transaction.
 */
import type { StateRow, Store } from "../store/store.js";
import { DossierError } from "../util/errors.js";

const SEP = "\u0000";

export class StateCache {
  private readonly data = new Map<string, Map<string, string>>();
  /** Changed rows by (space, key): sub → new value, or null when deleted. */
  private readonly changes = new Map<string, { space: string; key: string; subs: Map<string, string | null> }>();

  /** Keys read from the store, and the rows they held, in all and per space (for benchmarks). */
  readonly reads = { keys: 0, rows: 0, bySpace: {} as Record<string, { keys: number; rows: number }> };

  constructor(private readonly store: Store) {}

  /** Loads every row of these keys (all their subs); keys already loaded are not read again. */
  async load(space: string, keys: Iterable<string>): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.data.has(space + SEP + k));
    for (let i = 0; i < missing.length; i += 400) {
      const chunk = missing.slice(i, i + 400);
      const rows = await this.store.readState(space, chunk);
      this.reads.keys += chunk.length;
      const mine = (this.reads.bySpace[space] ??= { keys: 0, rows: 0 });
      mine.keys += chunk.length;
      for (const k of chunk) {
        const m = rows.get(k) ?? new Map<string, string>();
        this.reads.rows += m.size;
        mine.rows += m.size;
        // Blind writes made before the load win over what the store holds.
        for (const [sub, value] of this.changes.get(space + SEP + k)?.subs ?? []) {
          if (value === null) m.delete(sub);
          else m.set(sub, value);
        }
        this.data.set(space + SEP + k, m);
      }
    }
  }

  /**
   * Forgets the rows loaded for these keys (their pending changes stay): a merge drops a
   * partition's units once its records are computed, so a batch never holds every partition it
   * touches at once. A later {@link load} reads them again.
   */
  evict(space: string, keys: Iterable<string>): void {
    for (const k of keys) this.data.delete(space + SEP + k);
  }

  /** Every sub → value of a loaded key. */
  subs(space: string, key: string): Map<string, string> {
    const m = this.data.get(space + SEP + key);
    if (!m) throw new DossierError("INTERNAL", `knowledge-base state ${space}/${key} used before it was loaded`);
    return m;
  }

  value(space: string, key: string): string | undefined {
    return this.subs(space, key).get("");
  }

  json<T>(space: string, key: string): T | undefined {
    const v = this.value(space, key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }

  /**
   * Sets a row; the key need not be loaded (a blind write to a large set). Writing the value a
   * loaded row already holds is not a change (a loaded key mirrors the store and the changes made
   * since).
   */
  put(space: string, key: string, sub: string, value: string): void {
    const m = this.data.get(space + SEP + key);
    if (m?.get(sub) === value) {
      this.unchanged++;
      return;
    }
    m?.set(sub, value);
    this.record(space, key, sub, value);
  }

  /** Deletes a row; the key need not be loaded (deleting a row a loaded key lacks is not a change). */
  delete(space: string, key: string, sub: string): void {
    const m = this.data.get(space + SEP + key);
    if (m && !m.has(sub)) {
      this.unchanged++;
      return;
    }
    m?.delete(sub);
    this.record(space, key, sub, null);
  }

  /** Writes and deletes skipped because the row already held that (for benchmarks). */
  unchanged = 0;

  private record(space: string, key: string, sub: string, value: string | null): void {
    const ck = space + SEP + key;
    let c = this.changes.get(ck);
    if (!c) this.changes.set(ck, (c = { space, key, subs: new Map() }));
    c.subs.set(sub, value);
  }

  /** Deletes every row of a loaded key. */
  deleteKey(space: string, key: string): void {
    for (const sub of [...this.subs(space, key).keys()]) this.delete(space, key, sub);
  }

  setJson(space: string, key: string, value: unknown): void {
    this.put(space, key, "", JSON.stringify(value));
  }

  /** The rows to write and delete. */
  pending(): { statePut: StateRow[]; stateDelete: Array<Pick<StateRow, "space" | "key" | "sub">> } {
    const statePut: StateRow[] = [];
    const stateDelete: Array<Pick<StateRow, "space" | "key" | "sub">> = [];
    for (const c of this.changes.values()) {
      for (const [sub, value] of c.subs) {
        if (value === null) stateDelete.push({ space: c.space, key: c.key, sub });
        else statePut.push({ space: c.space, key: c.key, sub, value });
      }
    }
    return { statePut, stateDelete };
  }
}
