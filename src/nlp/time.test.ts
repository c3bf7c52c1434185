import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveTimes } from "./time.js";

const one = (text: string, published: string | null, needle: string) => {
  const t = resolveTimes(text, published).find((x) => x.text.includes(needle));
  assert.ok(t, `no time expression with "${needle}" in ${JSON.stringify(resolveTimes(text, published))}`);
  assert.equal(text.slice(t.start, t.end), t.text);
  return t;
};

test("weekday: past bias in reporting, future with 'will'", () => {
  // 2023-10-20 is a Friday
  assert.equal(one("Lavrov arrived on Wednesday.", "2023-10-20", "Wednesday").value, "2023-10-18");
  assert.equal(one("Talks ended on Saturday.", "2023-10-20", "Saturday").value, "2023-10-14");
  assert.equal(one("The two will meet on Monday.", "2023-10-20", "Monday").value, "2023-10-23");
});

test("month only keeps month granularity, past bias unless future", () => {
  const july = one("In July, Shoigu flew to Pyongyang.", "2023-10-20", "July");
  assert.equal(july.value, "2023-07");
  assert.equal(july.granularity, "month");
  assert.equal(one("Kim visited in November.", "2023-10-20", "November").value, "2022-11");
  assert.equal(one("A meeting is planned in November.", "2023-10-20", "November").value, "2023-11");
  assert.equal(one("He came in September.", "2023-10-20", "September").value, "2023-09");
});

test("day with and without year", () => {
  assert.equal(one("They met on September 13.", "2023-09-20", "September 13").value, "2023-09-13");
  assert.equal(one("Signed on June 19, 2024.", "2024-06-21", "June 19").value, "2024-06-19");
  assert.equal(one("Since Sept. 5 nothing happened.", "2023-10-20", "Sept. 5").value, "2023-09-05");
});

test("intervals, bare years, decades, historical flag", () => {
  const war = one("The war lasted from 1950 to 1953.", "2024-06-21", "1950");
  assert.equal(war.value, "1950/1953");
  assert.equal(war.granularity, "interval");
  assert.equal(war.historical, true);
  assert.equal(one("In 2017-2018 talks stalled.", "2024-06-21", "2017").value, "2017/2018");
  const y = one("The state was founded in 1948.", "2024-06-21", "1948");
  assert.deepEqual([y.value, y.granularity, y.historical], ["1948", "year", true]);
  assert.equal(one("A treaty in force since 1961.", "2024-06-21", "1961").value, "1961");
  assert.equal(one("Trade collapsed in the 1990s.", "2024-06-21", "1990s").value, "1990s");
  assert.equal(one("Within the Nineties trade fell.", "2024-06-21", "Nineties").value, "1990s");
  assert.equal(one("Last year the talks failed.", "2024-06-21", "Last year").value, "2023");
  assert.equal(one("Last year the talks failed.", "2024-06-21", "Last year").historical, false);
  assert.equal(one("Sanctions imposed in 2022.", "2024-06-21", "2022").historical, false);
});

test("relative expressions need a publish date; absolute ones do not", () => {
  const rel = one("Lavrov arrived on Wednesday.", null, "Wednesday");
  assert.equal(rel.value, null);
  assert.equal(rel.note, "publish date unknown");
  assert.equal(one("In July, Shoigu flew.", null, "July").value, null);
  assert.equal(one("Signed on June 19, 2024.", null, "June 19").value, "2024-06-19");
  assert.equal(one("The state was founded in 1948.", null, "1948").value, "1948");
});

test("the weekend and this week resolve to intervals, not forward", () => {
  assert.equal(one("Over the weekend, he met Kim.", "2023-10-20", "weekend").value, "2023-10-14/2023-10-15");
  assert.equal(one("Lavrov traveled this week.", "2023-10-20", "this week").value, "2023-10-16/2023-10-22");
  // "last week" names the previous week, not the day seven days back (chrono's reading).
  assert.equal(one("Russia blocked the renewal last week.", "2024-04-03", "last week").value, "2024-03-25/2024-03-31");
  assert.equal(one("Russia blocked the renewal last week.", "2024-04-03", "last week").granularity, "interval");
});

test("no date from words that only look like dates", () => {
  assert.deepEqual(resolveTimes("She may go. They march on.", "2023-10-20"), []);
  assert.deepEqual(resolveTimes("Some 10,000 workers and 1,950 soldiers.", "2023-10-20"), []);
});

test("never uses today's date, even at the end of a huge input", () => {
  const huge = "word ".repeat(40_000) + "in July";
  const r = resolveTimes(huge, "2001-09-20");
  assert.equal(r.at(-1)?.value, "2001-07");
});

test("named wars are historical intervals; 'dates back to 1961' is a year", () => {
  const ww2 = one("Japan's conduct during World War II was brutal.", "2024-05-15", "World War II");
  assert.deepEqual([ww2.value, ww2.granularity, ww2.historical], ["1939/1945", "interval", true]);
  assert.equal(one("A treaty that dates back to 1961.", "2024-06-21", "1961").value, "1961");
  assert.equal(one("Throughout the Cold War Moscow helped.", "2024-06-21", "Cold War").value, "1947/1991");
});

test("durations, scores and prices are not dates", () => {
  const none = (t: string) =>
    assert.deepEqual(
      resolveTimes(t, "2025-03-10").map((x) => x.text),
      [],
      t,
    );
  none("The orchestra has toured for 40 years without a break.");
  none("Shares rose to $87 a share, up 9 percent in 24 hours.");
  none("The visitors won 3-1 and have scored in 11 straight games.");
  none("Negotiators met after six weeks of silence.");
  // relative dates with an anchor stay
  assert.equal(resolveTimes("The plant closed two days ago.", "2025-03-10")[0]?.value, "2025-03-08");
});

test("future clauses resolve forward, past clauses back, clause by clause", () => {
  const v = (t: string, p: string) => resolveTimes(t, p).map((x) => x.value);
  assert.deepEqual(v("The driver will appear in court on Feb. 3, police said.", "2025-04-01"), ["2026-02-03"]);
  assert.deepEqual(v("The driver appeared in court on Feb. 3.", "2025-04-01"), ["2025-02-03"]);
  assert.deepEqual(v("He was charged on April 2 and will be tried on March 30.", "2025-04-10"), [
    "2025-04-02",
    "2026-03-30",
  ]);
  assert.deepEqual(v("The final is set for Sunday.", "2025-04-10"), ["2025-04-13"]);
});
