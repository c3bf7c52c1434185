import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "../store/store.js";
import { StateCache } from "./state.js";

/** A store holding only maintenance state, as `readState` sees it. */
function stateStore(rows: Record<string, Record<string, string>>): Store {
  return {
    async readState(space: string, keys: string[]) {
      const out = new Map<string, Map<string, string>>();
      for (const k of keys) {
        const r = rows[`${space}/${k}`];
        if (r) out.set(k, new Map(Object.entries(r)));
      }
      return out;
    },
  } as unknown as Store;
}

test("StateCache: writing what a loaded row holds, or deleting a row it lacks, is not a change", async () => {
  const cache = new StateCache(stateStore({ "u/p": { a: "1", b: "2" } }));
  await cache.load("u", ["p"]);
  cache.put("u", "p", "a", "1");
  cache.delete("u", "p", "zz");
  assert.deepEqual(cache.pending(), { statePut: [], stateDelete: [] });
  assert.equal(cache.unchanged, 2);
  cache.put("u", "p", "a", "3");
  cache.delete("u", "p", "b");
  // back to the stored value after a change: the pending write follows it
  cache.put("u", "p", "b", "2");
  assert.deepEqual(cache.pending().statePut, [
    { space: "u", key: "p", sub: "a", value: "3" },
    { space: "u", key: "p", sub: "b", value: "2" },
  ]);
  assert.deepEqual(cache.pending().stateDelete, []);
  // blind writes to keys never loaded are always changes
  cache.put("u", "q", "a", "1");
  cache.delete("u", "q", "b");
  assert.equal(cache.pending().statePut.length, 3);
  assert.equal(cache.pending().stateDelete.length, 1);
});

test("StateCache: an evicted key keeps its pending changes and reads them back on the next load", async () => {
  const cache = new StateCache(stateStore({ "u/p": { a: "1", b: "2" } }));
  await cache.load("u", ["p"]);
  cache.put("u", "p", "a", "9");
  cache.evict("u", ["p"]);
  assert.throws(() => cache.subs("u", "p"), /before it was loaded/);
  cache.delete("u", "p", "b"); // blind, as the key is not loaded
  await cache.load("u", ["p"]);
  assert.deepEqual([...cache.subs("u", "p")], [["a", "9"]]);
  assert.deepEqual(cache.pending(), {
    statePut: [{ space: "u", key: "p", sub: "a", value: "9" }],
    stateDelete: [{ space: "u", key: "p", sub: "b" }],
  });
  assert.equal(cache.reads.keys, 2, "read again after the eviction");
});
