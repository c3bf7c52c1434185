import { test } from "node:test";
import assert from "node:assert/strict";
import { listOutlets, lookupOutlet, outletKey } from "./outlets.js";

test("finds outlets by name, alias, domain, subdomain and URL", () => {
  assert.equal(lookupOutlet("Sputnik International")?.id, "sputnik");
  assert.equal(lookupOutlet("https://sputnikglobe.com/20231020/lavrov-trip-1114356399.html")?.id, "sputnik");
  assert.equal(lookupOutlet("Rt.com")?.id, "rt");
  assert.equal(lookupOutlet("www.rt.com")?.id, "rt");
  assert.equal(lookupOutlet("https://edition.cnn.com/2024/06/19/asia/x")?.id, "cnn");
  assert.equal(lookupOutlet("Centre for Research on Globalization")?.id, "global-research");
  assert.equal(lookupOutlet("the korea herald")?.id, "korea-herald");
  assert.equal(lookupOutlet("The 21st Century")?.id, "21st-century");
  assert.equal(lookupOutlet("KCNA")?.id, "kcna");
});

test("unknown or malformed input gives null", () => {
  assert.equal(lookupOutlet("Eastern Wire Service"), null);
  assert.equal(lookupOutlet(""), null);
  assert.equal(lookupOutlet("http://"), null);
  assert.equal(lookupOutlet("x".repeat(5000)), null);
  assert.equal(lookupOutlet("notrt.com"), null);
});

test("every ownership fact carries a source; ids and domains are unique", () => {
  const ids = new Set<string>();
  const domains = new Set<string>();
  for (const o of listOutlets()) {
    assert.ok(!ids.has(o.id), o.id);
    ids.add(o.id);
    for (const d of o.domains) {
      assert.ok(!domains.has(d), d);
      domains.add(d);
    }
    if (o.ownership) assert.ok(o.ownership_source && o.ownership_source.length > 5, o.id);
  }
  assert.ok(ids.size >= 20);
});

test("outletKey prefers the registry id, then the host, then the name", () => {
  assert.equal(outletKey("Sputnik", null), "sputnik");
  assert.equal(outletKey(null, "https://www.easternwire.example/a/b"), "easternwire.example");
  assert.equal(outletKey("Harbour Ledger", null), "harbour ledger");
  assert.equal(outletKey(null, null), null);
});
