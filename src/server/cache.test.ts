import { test } from "node:test";
import assert from "node:assert/strict";
import { AnswerCache } from "./cache.js";

test("identical requests in flight share one computation; the answer is reused until the TTL or an invalidation", async () => {
  let t = 0;
  const cache = new AnswerCache({ ttlMs: 1000, now: () => t });
  let computed = 0;
  const compute = async () => {
    computed++;
    await new Promise((r) => setTimeout(r, 5));
    return new Response(JSON.stringify({ n: computed }), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  };
  const [a, b] = await Promise.all([cache.answer("k", compute), cache.answer("k", compute)]);
  assert.equal(computed, 1);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(a.body)), { n: 1 });
  assert.equal(a, b);
  t = 500;
  await cache.answer("k", compute);
  assert.equal(computed, 1, "reused within the TTL");
  t = 1500;
  await cache.answer("k", compute);
  assert.equal(computed, 2, "recomputed after the TTL");
  cache.invalidate();
  await cache.answer("k", compute);
  assert.equal(computed, 3, "recomputed after an invalidation");
});

test("error answers and throws are never reused", async () => {
  const cache = new AnswerCache();
  let calls = 0;
  const failing = async () => {
    calls++;
    return new Response("{}", { status: 500 });
  };
  await cache.answer("e", failing);
  await cache.answer("e", failing);
  assert.equal(calls, 2);
  await assert.rejects(cache.answer("x", async () => Promise.reject(new Error("boom"))));
  const ok = await cache.answer("x", async () => new Response("{}", { status: 200 }));
  assert.equal(ok.status, 200);
});
