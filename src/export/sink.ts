/**
 * Where an export goes: a caller's writer (stdout, an HTTP stream, a test buffer) or a file. File
 * sinks respect back-pressure, so a multi-gigabyte export never piles up in memory.
 */
import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { DossierError, describeError } from "../util/errors.js";

/** Anything with `write(chunk)`; a returned promise is awaited before the next chunk. */
export interface ExportWriter {
  // biome-ignore lint/suspicious/noConfusingVoidType: writers are plain callbacks (void) or async ones (Promise)
  write(chunk: string): void | Promise<unknown>;
}

/** A writer that must be closed when the export ends. */
export interface ClosableSink extends ExportWriter {
  close(): Promise<void>;
}

/** A file sink: UTF-8, created or truncated, waits on `drain` when the OS buffer is full. */
export function fileSink(path: string): ClosableSink {
  const stream: WriteStream = createWriteStream(path, { encoding: "utf8" });
  let failure: Error | null = null;
  stream.on("error", (err) => {
    failure = err;
  });
  return {
    async write(chunk: string) {
      if (failure)
        throw new DossierError("BAD_INPUT", `cannot write ${path}: ${describeError(failure)}`, { cause: failure });
      if (!stream.write(chunk)) await Promise.race([once(stream, "drain"), once(stream, "error")]);
      if (failure)
        throw new DossierError("BAD_INPUT", `cannot write ${path}: ${describeError(failure)}`, { cause: failure });
    },
    async close() {
      if (failure)
        throw new DossierError("BAD_INPUT", `cannot write ${path}: ${describeError(failure)}`, { cause: failure });
      await new Promise<void>((resolve, reject) => {
        stream.end((err?: Error | null) =>
          err
            ? reject(new DossierError("BAD_INPUT", `cannot write ${path}: ${describeError(err)}`, { cause: err }))
            : resolve(),
        );
      });
    },
  };
}

/**
 * A writer over a Node stream (e.g. `process.stdout`) that waits for `drain` when the stream's
 * buffer is full, so piping a large export into a slow consumer does not pile it up in memory.
 * @example await writeExport(store, "jsonl", streamWriter(process.stdout))
 */
export function streamWriter(stream: NodeJS.WritableStream): ExportWriter {
  return {
    async write(chunk: string) {
      if (!stream.write(chunk)) await once(stream as unknown as NodeJS.EventEmitter, "drain");
    },
  };
}

/** Collects chunks in memory (tests, small API answers). */
export function memorySink(): ExportWriter & { text(): string } {
  const chunks: string[] = [];
  return {
    write(chunk: string) {
      chunks.push(chunk);
    },
    text: () => chunks.join(""),
  };
}

/**
 * Buffers small writes into ~64 KiB chunks before handing them on: one `write` per record line is
 * slow on streams and HTTP responses.
 */
export function bufferedWriter(target: ExportWriter, highWater = 64 * 1024): ExportWriter & { flush(): Promise<void> } {
  let buffer: string[] = [];
  let size = 0;
  return {
    async write(chunk: string) {
      buffer.push(chunk);
      size += chunk.length;
      if (size >= highWater) await this.flush();
    },
    async flush() {
      if (!buffer.length) return;
      const out = buffer.join("");
      buffer = [];
      size = 0;
      await target.write(out);
    },
  };
}
