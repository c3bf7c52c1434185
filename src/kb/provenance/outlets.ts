/**
 * The outlet registry (`data/outlets.json`): who publishes what, under which domains and the
 * spellings scrapes use, and editorial ownership only where public and verifiable, with a source.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import { DossierError } from "../../util/errors.js";
import { dataPath } from "../../util/paths.js";

const OutletSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  domains: z.array(z.string().min(3)),
  aliases: z.array(z.string().min(1)),
  ownership: z.string().min(1).optional(),
  ownership_source: z.string().min(1).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
});

const RegistrySchema = z.object({
  about: z.string(),
  version: z.number(),
  outlets: z.array(OutletSchema),
});

/** One outlet of the registry. `ownership` is present only with an `ownership_source`. */
export type OutletInfo = z.infer<typeof OutletSchema>;

interface Registry {
  outlets: OutletInfo[];
  byDomain: Map<string, OutletInfo>;
  byName: Map<string, OutletInfo>;
}

let registry: Registry | null = null;

/** Folds case, accents, punctuation and a leading "the" so "The Korea Herald" = "korea herald". */
export function normaliseOutletName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[’'`"“”«»]/g, "")
    .replace(/[^\p{L}\p{N}.]+/gu, " ")
    .trim()
    .replace(/^the\s+/, "");
}

function hostOf(input: string): string | null {
  const s = input.trim().toLowerCase();
  let host: string | null = null;
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(s)) {
    try {
      host = new URL(s).hostname;
    } catch {
      return null; // not a parseable URL: fall back to name lookup
    }
  } else if (/^[a-z0-9-]+(\.[a-z0-9-]+)+(\/.*)?$/.test(s)) {
    host = s.split("/")[0] ?? null;
  }
  return host ? host.replace(/^www\d?\./, "") : null;
}

/** Validates registry data. @throws DossierError BAD_INPUT with the first problem found. */
export function parseOutletRegistry(raw: unknown): OutletInfo[] {
  const parsed = RegistrySchema.safeParse(raw);
  if (!parsed.success) throw new DossierError("BAD_INPUT", `outlet registry is invalid: ${parsed.error.message}`);
  for (const o of parsed.data.outlets) {
    if (o.ownership && !o.ownership_source) {
      throw new DossierError("BAD_INPUT", `outlet ${o.id}: ownership without ownership_source`);
    }
  }
  return parsed.data.outlets;
}

function load(): Registry {
  if (registry) return registry;
  let raw: unknown;
  const path = dataPath("outlets.json");
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new DossierError("INTERNAL", `cannot read the outlet registry at ${path}`, { cause: err });
  }
  const outlets = parseOutletRegistry(raw);
  const byDomain = new Map<string, OutletInfo>();
  const byName = new Map<string, OutletInfo>();
  for (const o of outlets) {
    for (const d of o.domains) byDomain.set(d.toLowerCase(), o);
    for (const n of [o.name, ...o.aliases, o.id]) {
      const key = normaliseOutletName(n);
      if (key && !byName.has(key)) byName.set(key, o);
    }
  }
  registry = { outlets, byDomain, byName };
  return registry;
}

/** Every outlet in the registry. */
export function listOutlets(): readonly OutletInfo[] {
  return load().outlets;
}

/**
 * Finds an outlet by name or alias ("Sputnik International", "The Korea Herald"), by domain
 * ("sputnikglobe.com", "www.rt.com", "edition.cnn.com" → its parent domain) or by URL.
 * @returns the outlet, or null when the registry does not know it
 * @example lookupOutlet("https://sputnikglobe.com/20231020/x.html")?.id // "sputnik"
 * @example lookupOutlet("Published by Rt.com".slice(13))?.name // "RT"
 */
export function lookupOutlet(nameOrDomainOrUrl: string): OutletInfo | null {
  if (typeof nameOrDomainOrUrl !== "string") return null;
  const input = nameOrDomainOrUrl.trim();
  if (!input || input.length > 2048) return null;
  const reg = load();
  const host = hostOf(input);
  if (host) {
    const labels = host.split(".");
    for (let i = 0; i + 1 < labels.length; i++) {
      const hit = reg.byDomain.get(labels.slice(i).join("."));
      if (hit) return hit;
    }
  }
  return reg.byName.get(normaliseOutletName(input)) ?? null;
}

/**
 * A stable key for "the same outlet": the registry id when known, else the URL's host, else the
 * normalised name; null when nothing identifies the outlet.
 */
export function outletKey(outlet: string | null | undefined, url?: string | null): string | null {
  const known = (outlet && lookupOutlet(outlet)) || (url && lookupOutlet(url)) || null;
  if (known) return known.id;
  const host = url ? hostOf(url) : null;
  if (host) return host;
  const name = outlet ? normaliseOutletName(outlet) : "";
  return name || null;
}
