/**
 * Byte sources for ingest, each with a hard size cap applied while streaming, so a huge file, an
 * endless stdin, a gzip bomb or a lying HTTP server costs at most `limit` bytes of memory.
 */
import { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { Readable } from "node:stream";
import { DossierError, describeError } from "../util/errors.js";

/** Human-readable byte count: `50 MB`, `1.5 KB`, `12 bytes`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

/**
 * Collects a stream into one buffer, failing with `TOO_LARGE` as soon as more than `limit` bytes
 * arrive (the stream is destroyed, nothing more is read).
 * @param what how the error names the input, e.g. "file", "decompressed content"
 */
export async function readCapped(stream: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      const buf =
        typeof chunk === "string"
          ? Buffer.from(chunk)
          : Buffer.isBuffer(chunk)
            ? chunk
            : Buffer.from(chunk as Uint8Array);
      total += buf.length;
      if (total > limit) {
        throw new DossierError("TOO_LARGE", `${what} is larger than the ${formatBytes(limit)} limit`);
      }
      chunks.push(buf);
    }
  } finally {
    // Stops reading (and decompressing) at once when we leave early.
    if (!stream.destroyed) stream.destroy();
  }
  return Buffer.concat(chunks, total);
}

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Reads a regular file, refusing it when it is larger than `maxBytes`. The size is taken once from
 * the open handle and at most that many bytes are read, so a file growing meanwhile (a log, a
 * download in progress) cannot push memory past the cap.
 * @throws DossierError `TOO_LARGE` past the cap, `BAD_INPUT` when it cannot be read or is not a
 *   regular file.
 */
export async function readFileCapped(path: string | Buffer, maxBytes: number): Promise<Buffer> {
  let fh: FileHandle | undefined;
  try {
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever; it has no effect
    // on regular files, and anything that is not one is refused below before a byte is read.
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = await fh.stat();
    if (!st.isFile())
      throw new DossierError(
        "BAD_INPUT",
        `not a regular file (${st.isFIFO() ? "a named pipe" : st.isDirectory() ? "a directory" : st.isSocket() ? "a socket" : "a device"})`,
      );
    if (st.size > maxBytes)
      throw new DossierError("TOO_LARGE", `file is ${formatBytes(st.size)}; the limit is ${formatBytes(maxBytes)}`);
    const buf = Buffer.allocUnsafe(st.size);
    let filled = 0;
    while (filled < st.size) {
      const { bytesRead } = await fh.read(buf, filled, st.size - filled, filled);
      if (bytesRead === 0) break; // the file shrank while we read it: keep what is there
      filled += bytesRead;
    }
    return filled === st.size ? buf : buf.subarray(0, filled);
  } catch (err) {
    if (err instanceof DossierError) throw err;
    throw new DossierError("BAD_INPUT", `cannot read file: ${describeError(err)}`, { cause: err });
  } finally {
    await fh?.close();
  }
}

/**
 * Gunzips bytes already in memory, streaming, stopping at `maxDecompressedBytes`: a gzip bomb
 * costs the cap, never the bomb's full size.
 * @throws DossierError `TOO_LARGE` past the cap, `BAD_INPUT` for corrupt or truncated gzip data.
 */
export async function gunzipCapped(compressed: Uint8Array, maxDecompressedBytes: number): Promise<Buffer> {
  if (!isGzip(compressed)) throw new DossierError("BAD_INPUT", "not gzip data (missing gzip header)");
  const gunzip = createGunzip();
  gunzip.end(compressed);
  try {
    return await readCapped(gunzip, maxDecompressedBytes, "decompressed content");
  } catch (err) {
    if (err instanceof DossierError) throw err;
    const msg = describeError(err);
    const truncated = /unexpected end of file/i.test(msg);
    throw new DossierError(
      "BAD_INPUT",
      truncated ? "truncated gzip file (unexpected end of data)" : `corrupt gzip data: ${msg}`,
      {
        cause: err,
      },
    );
  }
}

/** What an HTTP fetch returned: the capped body and the facts needed to decode it. */
export interface FetchedPage {
  bytes: Buffer;
  /** Address after redirects. */
  finalUrl: string;
  contentType: string | null;
}

/** Options for {@link fetchCapped}. */
export interface FetchOptions {
  maxBytes: number;
  timeoutMs: number;
  maxRedirects: number;
  signal?: AbortSignal;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A signal that aborts when either does (`AbortSignal.any` needs Node 20.3; this works on 20.0). */
function anySignal(a: AbortSignal, b: AbortSignal): AbortSignal {
  if (typeof AbortSignal.any === "function") return AbortSignal.any([a, b]);
  const ctl = new AbortController();
  for (const s of [a, b]) {
    if (s.aborted) ctl.abort(s.reason);
    else s.addEventListener("abort", () => ctl.abort(s.reason), { once: true });
  }
  return ctl.signal;
}

/**
 * GETs an http(s) URL with a whole-request timeout (headers and body), a cap on redirects (followed
 * by hand so each hop is checked) and a body size cap enforced while streaming.
 * @throws DossierError `FETCH_FAILED` (network error, timeout, HTTP error status, too many
 *   redirects, non-http redirect), `TOO_LARGE` (body over the cap), `BAD_INPUT` (not an http URL).
 */
export async function fetchCapped(url: string, opts: FetchOptions): Promise<FetchedPage> {
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new DossierError("BAD_INPUT", `invalid URL "${url}"`);
  }
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? anySignal(timeout, opts.signal) : timeout;
  const fail = (err: unknown): never => {
    if (err instanceof DossierError) throw err;
    if (timeout.aborted) throw new DossierError("FETCH_FAILED", `timed out after ${opts.timeoutMs} ms`, { cause: err });
    if (opts.signal?.aborted) throw new DossierError("FETCH_FAILED", "aborted", { cause: err });
    const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
    const detail = cause?.code ?? cause?.message ?? describeError(err);
    throw new DossierError("FETCH_FAILED", `cannot fetch: ${detail}`, { cause: err });
  };
  for (let hop = 0; ; hop++) {
    if (current.protocol !== "http:" && current.protocol !== "https:") {
      throw new DossierError("FETCH_FAILED", `refusing to follow a ${current.protocol} URL`);
    }
    let res: Response;
    try {
      res = await fetch(current, {
        redirect: "manual",
        signal,
        headers: {
          "user-agent": "Dossier/0.1 (news-intelligence ingest)",
          accept: "text/html, text/plain, application/json;q=0.9, */*;q=0.5",
        },
      });
    } catch (err) {
      return fail(err);
    }
    if (REDIRECT_STATUSES.has(res.status)) {
      await res.body?.cancel().catch(() => undefined); // the redirect body is not needed; a failed cancel changes nothing
      const location = res.headers.get("location");
      if (!location) throw new DossierError("FETCH_FAILED", `HTTP ${res.status} redirect without a Location header`);
      if (hop >= opts.maxRedirects)
        throw new DossierError("FETCH_FAILED", `too many redirects (more than ${opts.maxRedirects})`);
      current = new URL(location, current);
      continue;
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new DossierError("FETCH_FAILED", `HTTP ${res.status} ${res.statusText}`.trim());
    }
    const declared = Number(res.headers.get("content-length"));
    if (Number.isFinite(declared) && declared > opts.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw new DossierError(
        "TOO_LARGE",
        `response is ${formatBytes(declared)}; the limit is ${formatBytes(opts.maxBytes)}`,
      );
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (res.body) {
      const reader = res.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          total += value.byteLength;
          if (total > opts.maxBytes) {
            throw new DossierError("TOO_LARGE", `response is larger than the ${formatBytes(opts.maxBytes)} limit`);
          }
          chunks.push(value);
        }
      } catch (err) {
        await reader.cancel().catch(() => undefined);
        return fail(err);
      }
    }
    return {
      bytes: Buffer.concat(chunks, total),
      finalUrl: current.href,
      contentType: res.headers.get("content-type"),
    };
  }
}
