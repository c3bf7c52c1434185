import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgressBar, renderProgress, type ProgressStream } from "./progress.js";

function fakeStream(isTTY: boolean, columns = 60): ProgressStream & { out: string } {
  return {
    isTTY,
    columns,
    out: "",
    write(chunk: string) {
      this.out += chunk;
      return true;
    },
  };
}

test("renderProgress shows bar, count, percent and the end of the current name within the width", () => {
  const line = renderProgress({ done: 5, total: 20, current: "/very/long/path/to/some/directory/article-0005.html" }, 80, "ingest");
  assert.ok(line.length <= 79, `${line.length} chars`);
  assert.match(line, /^ingest \[█{6}·{18}\]  5\/20  25% …/);
  assert.ok(line.endsWith("article-0005.html"));
  assert.equal(renderProgress({ done: 3, total: null, current: "" }, 80), "ingest 3 done");
  assert.ok(renderProgress({ done: 1, total: 2, current: "x" }, 5).length <= 19, "tiny terminals still get a bounded line");
});

test("no output at all when stderr is not a terminal", () => {
  const s = fakeStream(false);
  const bar = createProgressBar({ stream: s });
  assert.equal(bar.active, false);
  bar.update({ done: 1, total: 2, current: "a" });
  bar.done();
  assert.equal(s.out, "");
});

test("on a terminal: redraws in place, throttled, always shows the final state, clears on done", () => {
  const s = fakeStream(true);
  let t = 0;
  const bar = createProgressBar({ stream: s, now: () => t, minIntervalMs: 100 });
  bar.update({ done: 0, total: 3, current: "a" });
  t = 10;
  bar.update({ done: 1, total: 3, current: "b" }); // throttled
  t = 20;
  bar.update({ done: 3, total: 3, current: "" }); // final: always drawn
  const draws = s.out.split("\r").filter(Boolean);
  assert.equal(draws.length, 2);
  assert.match(draws[1], /3\/3 100%/);
  bar.done();
  assert.ok(s.out.endsWith("\r\x1b[K"));
});
