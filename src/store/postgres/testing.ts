/**
 * Test support for code that needs a real PostgreSQL server: where to find it, and throw-away
 * schemas so that test runs never see each other's data.
 *
 * Tests read `DOSSIER_TEST_PG_URL` (start a server with `bash scripts/pg-test-cluster.sh start`).
 * Without it they skip with a printed reason, except under CI (`CI` set), where a missing server
 * is a failure: a green CI run must have exercised PostgreSQL.
 */
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import pg from "pg";
import { parsePgUrl, quoteIdent } from "./connection.js";

/** Why PostgreSQL tests are skipped when no server is configured. */
export const PG_SKIP_REASON = "DOSSIER_TEST_PG_URL not set: run scripts/pg-test-cluster.sh start";

/**
 * The test server's URL, or null when none is configured outside CI. Under CI a missing URL
 * registers a failing test (so the gap is visible) and returns null.
 */
export function pgTestUrl(): string | null {
  const url = process.env.DOSSIER_TEST_PG_URL?.trim();
  if (url) return url;
  if (process.env.CI) {
    test("PostgreSQL test server configured", () => {
      throw new Error(`${PG_SKIP_REASON} (required when CI is set)`);
    });
  } else {
    test("PostgreSQL tests", (t) => t.skip(PG_SKIP_REASON));
  }
  return null;
}

/** A fresh schema name, unique per call: `prefix_<16 hex>`. */
export function freshSchemaName(prefix = "dossier_t"): string {
  return `${prefix}_${randomBytes(8).toString("hex")}`;
}

/** `url` with Dossier's `schema` query parameter set to `schema`. */
export function withSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set("schema", schema);
  return u.toString();
}

/** Drops a schema and everything in it (test clean-up). */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: parsePgUrl(url).connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
