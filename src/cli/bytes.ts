import { DossierError } from "../util/errors.js";

/**
 * Parses a byte count such as `50000000`, `50MB`, `2GiB` (kept in its own module so light commands
 * like `extract` do not load the ingest pipeline to read an option).
 * @throws DossierError USAGE when the value is not a size
 */
export function parseByteSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?$/i.exec(value.trim());
  if (!m) throw new DossierError("USAGE", `--max-bytes: not a size: ${value}`);
  const unit = (m[2] ?? "b").toLowerCase()[0];
  const mult = unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1;
  return Math.floor(Number(m[1]) * mult);
}
