import { test } from "node:test";
import assert from "node:assert/strict";
import { dateFromUrl, datesInText, parseDate, plausibleDay } from "./dates.js";

const now = new Date("2024-07-01T00:00:00Z");

test("ISO dates keep time and offset as written (no UTC shift of the day)", () => {
  assert.deepEqual(parseDate("2023-10-19T23:30-04:00", now), { value: "2023-10-19T23:30-04:00", day: "2023-10-19" });
  assert.deepEqual(parseDate("2023-10-20T14:34+0000", now), { value: "2023-10-20T14:34+00:00", day: "2023-10-20" });
  assert.deepEqual(parseDate("2019-11-19T04:15:38.123Z", now), { value: "2019-11-19T04:15:38Z", day: "2019-11-19" });
  assert.deepEqual(parseDate("2024-05-15 17:45:19", now), { value: "2024-05-15T17:45:19", day: "2024-05-15" });
  assert.equal(parseDate("2023-10-19", now)?.value, "2023-10-19");
});

test("written-out and regional formats", () => {
  assert.equal(parseDate("November 19, 2019", now)?.day, "2019-11-19");
  assert.equal(parseDate("Nov. 5th, 2019 at 3pm", now)?.day, "2019-11-05");
  assert.equal(parseDate("Tue, 19 Nov 2019 04:15:38 GMT", now)?.day, "2019-11-19");
  assert.equal(parseDate("19 de novembro de 2019", now)?.day, "2019-11-19");
  assert.equal(parseDate("19 октября 2023", now)?.day, "2023-10-19");
  assert.equal(parseDate("19.10.2023", now)?.day, "2023-10-19");
  assert.equal(parseDate("10/19/2023", now)?.day, "2023-10-19");
  assert.equal(parseDate("2020年7月12日", now)?.day, "2020-07-12");
  assert.equal(parseDate("2020년 3월 4일", now)?.day, "2020-03-04");
  assert.equal(parseDate("الأربعاء، 07 أكتوبر 2020 - 12:09 م", now)?.day, "2020-10-07");
  assert.equal(parseDate("20231020", now)?.day, "2023-10-20");
});

test("implausible dates are rejected", () => {
  assert.equal(parseDate("1990-01-01", now), null);
  assert.equal(parseDate("2031-01-01", now), null);
  assert.equal(parseDate("2023-02-30", now), null);
  assert.equal(parseDate("not a date", now), null);
  assert.equal(parseDate("", now), null);
  assert.equal(plausibleDay(2024, 7, 2, now), true, "tomorrow is allowed (time zones)");
  assert.equal(plausibleDay(2024, 7, 5, now), false);
});

test("dates in URLs", () => {
  assert.equal(dateFromUrl("https://sputnikglobe.example/20231020/some-story-1114356399.html", now)?.day, "2023-10-20");
  assert.equal(dateFromUrl("https://news.example/2023/10/21/story/", now)?.day, "2023-10-21");
  assert.equal(dateFromUrl("https://news.example/news/2023-10-21-story", now)?.day, "2023-10-21");
  assert.equal(dateFromUrl("https://blog.example/tuft-cells-20191115/", now)?.day, "2019-11-15");
  assert.equal(dateFromUrl("https://news.example/2023/10/story", now), null, "month-only paths give no day");
  assert.equal(dateFromUrl("https://news.example/article/1114356399", now), null);
  assert.equal(dateFromUrl(null, now), null);
});

test("datesInText finds every date with its position and a following clock time", () => {
  const text = "Posted on March 3, 2021 at 4:05 pm. Updated 2021-03-04T10:00Z.";
  const found = datesInText(text, 10, now);
  assert.deepEqual(
    found.map((f) => [f.value, text.slice(f.index, f.index + 5)]),
    [
      ["2021-03-03T16:05", "March"],
      ["2021-03-04T10:00Z", "2021-"],
    ],
  );
});
