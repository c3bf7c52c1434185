/**
 * Event blocks: a partition's event reports split into groups that cannot influence each other's
 * clustering, so adding a report re-clusters only the blocks it can reach.
 *
 * Clustering (`merge.ts` clusterReports) is a greedy pass in a fixed order: a report joins the
 * oldest cluster of its kind (type and modes) that shares an actor and passes the date test
 * (overlapping ranges; an undated report needs a shared target or place instead). A cluster it can
 * join always holds a member the report *may interact with* ({@link eventUnitsInteract}): same
 * kind and a shared place, or a shared actor with overlapping ranges (or with one side unranged
 * when one side is dated), or a signatory match, or the same family original. So the connected
 * components of that relation, clustered one at a time in the same order, give exactly the
 * clusters of the whole partition: the greedy never looks across a component. In an undated hub
 * partition (every report shares the hub actor) the components are the groups of reports sharing
 * a place, not the partition.
 *
 * The index ({@link blockFeatures}, {@link featureQueries}) finds every block a new report may
 * interact with without reading the others: per place, per family original, and per actor (dated
 * reports with the hull of their date ranges, undated ones apart).
 */
import { dateRange } from "./merge.js";
import type { EventUnit } from "./units.js";

type Range = { from: string; to: string } | null;

/** What clustering treats as one kind of report: type and the negated/hypothetical/future modes. */
export function eventKindOf(u: Pick<EventUnit, "type" | "modes">): string {
  return `${u.type}|${u.modes.includes("negated") ? 1 : 0}${u.modes.includes("hypothetical") ? 1 : 0}${u.modes.includes("future") ? 1 : 0}`;
}

function rangeOf(u: EventUnit): Range {
  return u.date ? dateRange(u.date) : null;
}

/** A signing by two or more parties: clustering matches it on the same signatories. */
function isSigning(u: EventUnit): boolean {
  return u.type === "SUPPORT" && u.mode === "sign" && u.actors.length >= 2;
}

function placesOf(u: EventUnit): string[] {
  return u.location ? [...u.targets, u.location] : u.targets;
}

/** The report's own unit id and, for a family copy, its original's (a copy clusters with it). */
function copyKeysOf(u: EventUnit): string[] {
  const own = `${u.doc}#${u.idx}`;
  return u.copyOf ? [own, u.copyOf] : [own];
}

/**
 * True when clustering could put the two reports' clusters in contact: same kind, and a shared
 * target or place; or a shared actor with overlapping date ranges, or a shared actor where one side
 * has no range and one side is dated, or a shared actor and one side a signing; or one is the
 * family original of the other. A superset of what the greedy pass needs (see the module comment).
 */
export function eventUnitsInteract(a: EventUnit, b: EventUnit): boolean {
  if (eventKindOf(a) !== eventKindOf(b)) return false;
  const cb = copyKeysOf(b);
  if (copyKeysOf(a).some((k) => cb.includes(k))) return true;
  const pb = placesOf(b);
  if (placesOf(a).some((p) => pb.includes(p))) return true;
  if (!a.actors.some((x) => b.actors.includes(x))) return false;
  if (isSigning(a) || isSigning(b)) return true;
  const ra = rangeOf(a);
  const rb = rangeOf(b);
  if (ra && rb) return ra.from <= rb.to && rb.from <= ra.to;
  return a.date !== null || b.date !== null;
}

/**
 * The connected components of {@link eventUnitsInteract} over a set of reports (near-linear: reports
 * are bucketed by feature, ranged reports of one actor swept by start date).
 */
export function eventBlocks(units: EventUnit[]): EventUnit[][] {
  const parent = units.map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[ra] = rb;
  };
  const buckets = new Map<string, number[]>();
  const add = (key: string, i: number): void => {
    const list = buckets.get(key);
    if (list) list.push(i);
    else buckets.set(key, [i]);
  };
  units.forEach((u, i) => {
    const kind = eventKindOf(u);
    for (const p of placesOf(u)) add(`p|${kind}|${p}`, i);
    for (const c of copyKeysOf(u)) add(`c|${kind}|${c}`, i);
    for (const a of u.actors) add(`a|${kind}|${a}`, i);
  });
  const ranges = units.map(rangeOf);
  for (const [key, list] of buckets) {
    if (!key.startsWith("a|")) {
      for (const i of list) union(list[0]!, i);
      continue;
    }
    // One actor of one kind: signings and dated-but-unranged reports meet every report; undated
    // ones meet every dated one; ranged ones meet those whose ranges overlap.
    const ranged = list.filter((i) => ranges[i] !== null).sort((x, y) => (ranges[x]!.from < ranges[y]!.from ? -1 : 1));
    const dated = list.filter((i) => units[i]!.date !== null);
    const open = list.filter((i) => isSigning(units[i]!) || (units[i]!.date !== null && ranges[i] === null));
    const undated = list.filter((i) => units[i]!.date === null);
    if (open.length > 0) for (const i of list) union(open[0]!, i);
    if (dated.length > 0) for (const i of undated) union(dated[0]!, i);
    let to = "";
    for (let k = 0; k < ranged.length; k++) {
      const i = ranged[k]!;
      if (k > 0 && ranges[i]!.from <= to) union(ranged[k - 1]!, i);
      if (k === 0 || ranges[i]!.to > to) to = ranges[i]!.to;
    }
  }
  const groups = new Map<number, EventUnit[]>();
  units.forEach((u, i) => {
    const r = find(i);
    const g = groups.get(r);
    if (g) g.push(u);
    else groups.set(r, [u]);
  });
  return [...groups.values()];
}

/**
 * The index entries of a block: feature → value. `p|KIND|PLACE` and `c|KIND|ORIGINAL` (empty
 * values); `a|KIND|ACTOR` for dated reports and signings, valued `FROM|TO|FLAGS` (hull of the ranged
 * reports' ranges; flag `d` a dated report without a range, `s` a signing); `n|KIND|ACTOR` for the
 * other undated reports.
 */
export function blockFeatures(units: EventUnit[]): Map<string, string> {
  const out = new Map<string, string>();
  const hull = new Map<string, { from: string; to: string; flags: Set<string> }>();
  for (const u of units) {
    const kind = eventKindOf(u);
    for (const p of placesOf(u)) out.set(`p|${kind}|${p}`, "");
    for (const c of copyKeysOf(u)) out.set(`c|${kind}|${c}`, "");
    const signing = isSigning(u);
    const range = rangeOf(u);
    for (const a of u.actors) {
      if (u.date === null && !signing) {
        out.set(`n|${kind}|${a}`, "");
        continue;
      }
      const key = `a|${kind}|${a}`;
      let h = hull.get(key);
      if (!h) hull.set(key, (h = { from: "", to: "", flags: new Set() }));
      if (signing) h.flags.add("s");
      if (u.date !== null && !range) h.flags.add("d");
      if (range) {
        if (h.from === "" || range.from < h.from) h.from = range.from;
        if (h.to === "" || range.to > h.to) h.to = range.to;
      }
    }
  }
  for (const [key, h] of hull) out.set(key, `${h.from}|${h.to}|${[...h.flags].sort().join("")}`);
  return out;
}

/** An index lookup of a new report: the feature key, and which stored values may interact with it. */
export interface FeatureQuery {
  key: string;
  accepts(value: string): boolean;
}

const always = (): boolean => true;

/**
 * The lookups that find every block holding a report that {@link eventUnitsInteract} with `u`
 * (and possibly a few that do not: the hull is a bound).
 */
export function featureQueries(u: EventUnit): FeatureQuery[] {
  const kind = eventKindOf(u);
  const out: FeatureQuery[] = copyKeysOf(u).map((c) => ({ key: `c|${kind}|${c}`, accepts: always }));
  for (const p of placesOf(u)) out.push({ key: `p|${kind}|${p}`, accepts: always });
  const signing = isSigning(u);
  const range = rangeOf(u);
  const datedAccepts =
    signing || !range
      ? always
      : (value: string): boolean => {
          const [from, to, flags] = value.split("|") as [string, string, string];
          return flags !== "" || (from !== "" && from <= range.to && range.from <= to);
        };
  for (const a of u.actors) {
    out.push({ key: `a|${kind}|${a}`, accepts: datedAccepts });
    if (u.date !== null || signing) out.push({ key: `n|${kind}|${a}`, accepts: always });
  }
  return out;
}
