import { test } from "node:test";
import assert from "node:assert/strict";
import { matchKey, surnameOf, translitKey } from "./names.js";
import { canonicalOrgName, canonicalTitle, officeMatches } from "./roles.js";

test("transliteration key merges variants part by part, never different people", () => {
  assert.equal(translitKey("Sergei Lavrov"), translitKey("Sergey Lavrov"));
  assert.equal(translitKey("Choi Son-hui"), translitKey("Choe Son Hui"));
  assert.equal(translitKey("Dmitri Peskov"), translitKey("Dmitry Peskov"));
  assert.equal(translitKey("Comrade Kim Jong-un"), translitKey("Kim Jong Un"));
  assert.notEqual(translitKey("Kim Jong Un"), translitKey("Kim Jong Il"));
  assert.notEqual(translitKey("Kim Jong Un"), translitKey("Kim Jong Nam"));
  assert.notEqual(translitKey("Kim Jong Un"), translitKey("Kim Yo Jong"));
  assert.equal(matchKey("Kim Jong-un"), matchKey("KIM JONG UN"));
  assert.equal(matchKey("Erdoğan"), matchKey("Erdogan"));
});

test("surnames: family name first for Korean and Chinese names", () => {
  assert.equal(surnameOf("Kim Jong Un"), "Kim");
  assert.equal(surnameOf("Li Haidong"), "Li");
  assert.equal(surnameOf("Sergey Lavrov"), "Lavrov");
  assert.equal(surnameOf("Comrade Lavrov"), "Lavrov");
});

test("surnames: a generational suffix is not the surname; a regnal numeral after one name stays", () => {
  assert.equal(surnameOf("Walter B. Ames Jr."), "Ames");
  assert.equal(surnameOf("Carl Dorsey Sr"), "Dorsey");
  assert.equal(surnameOf("Henry Pratt Wade III"), "Wade");
  assert.equal(surnameOf("Louis XIV"), "XIV");
});

test("titles canonicalise, spun variants included", () => {
  assert.deepEqual(canonicalTitle("International Minister"), {
    office: "Foreign Minister",
    family: "minister",
    spun: true,
  });
  assert.equal(canonicalTitle("top diplomat")?.office, "Foreign Minister");
  assert.equal(canonicalTitle("defense chief")?.office, "Defense Minister");
  assert.equal(canonicalTitle("Spokesman")?.office, "Spokesperson");
  assert.equal(canonicalTitle("leader")?.office, "Leader");
  assert.equal(canonicalTitle("banana"), null);
  assert.ok(officeMatches("Minister", "Foreign Minister"));
  assert.ok(officeMatches("Diplomat", "Foreign Minister"));
  assert.ok(!officeMatches("Foreign Minister", "Defense Minister"));
  assert.equal(canonicalOrgName("Russian Ministry of Protection"), "Russian Ministry of Defense");
  assert.equal(canonicalOrgName("Russian International Ministry"), "Russian Foreign Ministry");
});
