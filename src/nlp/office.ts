/**
 * Who held an office on a date: the dated roles of the gazetteer's people (the Phoenix actor dictionaries
 * of PETRARCH2, plus the optional curated list) queried by country, office and date. For the events layer
 * ("the Russian defence minister said…" in a June 2024 article) and the entity layer's role links.
 *
 * The Phoenix dictionaries were compiled on 2014-01-30: a role recorded as open at that date may have ended
 * since. Answers for later dates say so (`stale`), and callers that must not guess should ignore them.
 */
import { gazetteer, type GazEntity } from "./gazetteer.js";
import { canonicalTitle, officeMatches } from "./roles.js";

/** One answer of {@link officeHolder}. */
export interface OfficeHolding {
  /** The person (gazetteer entity; id is stable across documents). */
  holder: GazEntity;
  /** Canonical office as recorded. */
  office: string;
  /** Start of the recorded term (inclusive), ISO date or null. */
  from: string | null;
  /** End of the recorded term (exclusive), ISO date or null when open. */
  to: string | null;
  /** From the curated list (data/nlp/actors.json) rather than Phoenix. */
  curated: boolean;
  /**
   * The date is after the Phoenix compilation date and the term was open then: the person may have left
   * office since. Curated roles are never stale.
   */
  stale: boolean;
}

/**
 * The holders of an office in a country on a date, best first: curated before Phoenix, then terms that
 * end after the date before open-ended ones, then the latest start (the most recent appointment).
 * @param country ISO alpha-3 ("RUS")
 * @param office a canonical office or any title form ("defence minister", "Defense Minister", "top diplomat")
 * @param date `YYYY-MM-DD`
 * @returns every holding that covers the date (empty when none is recorded)
 * @example officeHolders("RUS", "foreign minister", "2010-06-01")[0]?.holder.name // "Sergey Lavrov"
 */
export function officeHolders(country: string, office: string, date: string): OfficeHolding[] {
  const g = gazetteer();
  const stated = canonicalTitle(office)?.office ?? office;
  const day = date.slice(0, 10);
  const out: OfficeHolding[] = [];
  for (const p of g.people) {
    for (const r of p.roles) {
      if (r.of !== country || !officeMatches(stated, r.office)) continue;
      if ((r.from !== null && day < r.from) || (r.to !== null && day >= r.to)) continue;
      const curated = !p.id.startsWith("phoenix:");
      out.push({
        holder: p,
        office: r.office,
        from: r.from,
        to: r.to,
        curated,
        stale: !curated && r.to === null && day > g.dictionaryDate,
      });
    }
  }
  out.sort(
    (a, b) =>
      Number(b.curated) - Number(a.curated) ||
      Number(a.to === null) - Number(b.to === null) ||
      (b.from ?? "").localeCompare(a.from ?? "") ||
      a.holder.id.localeCompare(b.holder.id),
  );
  // one holding per person
  const seen = new Set<string>();
  return out.filter((h) => (seen.has(h.holder.id) ? false : (seen.add(h.holder.id), true)));
}

/**
 * The single best holder of an office on a date, or null when none is recorded.
 * @see officeHolders for the ranking; check `stale` before trusting an answer after 2014-01-30.
 * @example officeHolder("USA", "Secretary of State", "2010-03-01")?.holder.name // "Hillary Clinton"
 */
export function officeHolder(country: string, office: string, date: string): OfficeHolding | null {
  return officeHolders(country, office, date)[0] ?? null;
}

/**
 * The CAMEO actor code an entity carried on a date (Phoenix entries only): "RUSGOV", "IGOUNO"…
 * First code whose validity covers the date, in dictionary order, as PETRARCH2 reads it; null when none.
 */
export function actorCode(entity: GazEntity, date: string | null): string | null {
  for (const c of entity.codes ?? []) {
    if (
      date === null
        ? c.from === null && c.to === null
        : (c.from === null || c.from <= date) && (c.to === null || date < c.to)
    )
      return c.code;
  }
  return entity.codes?.find((c) => c.from === null && c.to === null)?.code ?? null;
}
