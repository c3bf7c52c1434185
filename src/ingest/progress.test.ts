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
  const line = renderProgress(
    { done: 5, total: 20, current: "/very/long/path/to/some/directory/article-0005.html" },
    80,
    "ingest",
  );
  assert.ok(line.length <= 79, `${line.length} chars`);
  assert.match(line, /^ingest \[█{6}·{18}\] {2}5\/20 {2}25% …/);
  assert.ok(line.endsWith("article-0005.html"));
  assert.equal(renderProgress({ done: 3, total: null, current: "" }, 80), "ingest 3 done");
  assert.ok(
    renderProgress({ done: 1, total: 2, current: "x" }, 5).length <= 19,
    "tiny terminals still get a bounded line",
  );
});

test("not a terminal: nothing for short runs, a plain line every few seconds for long ones", () => {
  const s = fakeStream(false);
  let t = 0;
  const bar = createProgressBar({ stream: s, now: () => t, logIntervalMs: 5000 });
  assert.equal(bar.active, false);
  bar.update({ done: 1, total: 2, current: "a" });
  t = 1000;
  bar.update({ done: 2, total: 2, current: "" });
  bar.done();
  assert.equal(s.out, "", "a run shorter than the interval writes nothing");

  const long = fakeStream(false);
  t = 0;
  const slow = createProgressBar({ stream: long, now: () => t, logIntervalMs: 5000, label: "ingest" });
  for (let i = 0; i <= 10; i++) {
    t = i * 2000;
    slow.update({ done: i, total: 10, current: i < 10 ? `file-${i}\nfailed: forged` : "" });
  }
  const lines = long.out.split("\n").filter(Boolean);
  assert.ok(lines.length >= 3, long.out);
  assert.ok(
    lines.every((l) => l.startsWith("ingest: ")),
    "no forged line: names are escaped",
  );
  assert.match(lines[lines.length - 1], /^ingest: 10\/10 \(100%\)/, "the final state closes the log");
  assert.ok(!long.out.includes("\r") && !long.out.includes("\x1b"));
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
