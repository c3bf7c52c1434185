/**
 * Starts the HTTP server (API + web UI) on a port. Loopback by default; any other host requires a
 * bearer token, and the server refuses to start without one.
 */
import { serve, type ServerType } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { Store } from "../store/store.js";
import { DossierError } from "../util/errors.js";
import { createApp, type IngestFunction, type JobsReporter } from "./app.js";
import type { AnswerCache } from "./cache.js";

export { createApp, type AppOptions, type IngestFunction, type JobsReporter, type UploadedFile } from "./app.js";

/** Host names that only the local machine can reach. */
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

/** True when `host` binds the loopback interface only. */
export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Options of {@link startServer}. */
export interface ServerOptions {
  store: Store;
  /** 0 picks a free port. */
  port: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Bearer token; required when `host` is not loopback (`DOSSIER_TOKEN`). */
  token?: string | null;
  ingest?: IngestFunction;
  /** Background knowledge-base jobs, shown at `GET /api/jobs`. */
  jobs?: JobsReporter;
  /** Answer cache of read-only routes; null turns it off (benchmarks compare both). Default: on. */
  cache?: AnswerCache | null;
}

/** A running server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts serving the API and UI.
 * @throws DossierError UNAUTHORIZED when binding a non-loopback host without a token; BAD_INPUT
 *   when the port is taken or the address cannot be bound
 * @example
 * const server = await startServer({ store, port: 8080, host: "127.0.0.1" });
 * console.log(server.url); await server.close();
 */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? "127.0.0.1";
  const token = opts.token?.trim() ? opts.token.trim() : null;
  const loopback = isLoopbackHost(host);
  if (!loopback && !token) {
    throw new DossierError(
      "UNAUTHORIZED",
      `refusing to serve on ${host} without a token: set DOSSIER_TOKEN (clients send Authorization: Bearer <token>), or bind 127.0.0.1`,
    );
  }
  if (token && token.length < 16)
    throw new DossierError("BAD_INPUT", "DOSSIER_TOKEN is too short: use at least 16 random characters");
  const app = createApp(opts.store, {
    token,
    ingest: opts.ingest,
    jobs: opts.jobs,
    cache: opts.cache,
    // A loopback server answers only to loopback names, so a rebinding DNS name cannot reach it.
    allowedHosts: loopback ? ["127.0.0.1", "localhost", "[::1]", host.toLowerCase()] : null,
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    let s: ServerType | undefined;
    const onError = (err: NodeJS.ErrnoException) => {
      reject(
        new DossierError(
          "BAD_INPUT",
          `cannot listen on ${host}:${opts.port}: ${err.code === "EADDRINUSE" ? "port already in use" : err.message}`,
          { cause: err },
        ),
      );
    };
    s = serve({ fetch: app.fetch, port: opts.port, hostname: host }, () => {
      s?.off("error", onError);
      resolve(s!);
    });
    s.once("error", onError);
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        const s = server as unknown as { close(cb: (err?: Error) => void): void; closeAllConnections?: () => void };
        s.close((err) => (err ? reject(err) : resolve()));
        s.closeAllConnections?.();
      }),
  };
}
