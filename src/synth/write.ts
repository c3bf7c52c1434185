import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { once } from "node:events";
import { DossierError, describeError } from "../util/errors.js";
import { generateCorpus, type CorpusOptions, type SynthArticle } from "./generate.js";

/** Files per sub-directory when writing one file per article (keeps directories small). */
export const FILES_PER_DIR = 1_000;

/** Options of {@link writeCorpus}. */
export interface WriteCorpusOptions extends CorpusOptions {
  /** Output directory (created). */
  out: string;
  /**
   * `files`: one `.txt` per article (title line + body; exact copies are byte-identical, so
   * ingest counts them as duplicates), in sub-directories of 1,000. `jsonl`: one `corpus.jsonl`
   * with `{title, text, published, outlet, url}` per line (every line a distinct input).
   * Default `files`.
   */
  format?: "files" | "jsonl";
  /** Also write `manifest.jsonl` (name, outlet, published, url, copy_of, copy_kind) for evaluating de-duplication. Default true. */
  manifest?: boolean;
}

/** Relative path of an article file: `000/a000042.txt`. */
export function articlePath(index: number, name: string): string {
  return join(String(Math.floor(index / FILES_PER_DIR)).padStart(3, "0"), name);
}

async function write(stream: NodeJS.WritableStream, line: string): Promise<void> {
  if (!stream.write(line)) await once(stream, "drain");
}

async function closeStream(stream: ReturnType<typeof createWriteStream>): Promise<void> {
  await new Promise<void>((resolve, reject) => stream.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/**
 * Generates a corpus ({@link generateCorpus}) and writes it to `opts.out`.
 * @returns the number of articles and bytes of article text written.
 * @example await writeCorpus({ count: 10_000, seed: 1, out: "/tmp/synth" });
 */
export async function writeCorpus(opts: WriteCorpusOptions): Promise<{ articles: number; bytes: number }> {
  const format = opts.format ?? "files";
  if (format !== "files" && format !== "jsonl")
    throw new DossierError("USAGE", `format must be files or jsonl, got ${String(format)}`);
  try {
    await mkdir(opts.out, { recursive: true });
  } catch (err) {
    throw new DossierError("BAD_INPUT", `cannot create ${opts.out}: ${describeError(err)}`, { cause: err });
  }
  const manifest = opts.manifest === false ? null : createWriteStream(join(opts.out, "manifest.jsonl"));
  const jsonl = format === "jsonl" ? createWriteStream(join(opts.out, "corpus.jsonl")) : null;
  let articles = 0;
  let bytes = 0;
  let dirMade = -1;
  try {
    let i = 0;
    for (const a of generateCorpus(opts)) {
      if (jsonl) {
        const title = a.text.split("\n", 1)[0] ?? "";
        await write(
          jsonl,
          JSON.stringify({ title, text: a.text, published: a.published, outlet: a.outlet, url: a.url }) + "\n",
        );
      } else {
        const shard = Math.floor(i / FILES_PER_DIR);
        if (shard !== dirMade) {
          await mkdir(join(opts.out, String(shard).padStart(3, "0")), { recursive: true });
          dirMade = shard;
        }
        await writeFile(join(opts.out, articlePath(i, a.name)), a.text);
      }
      if (manifest) await write(manifest, JSON.stringify(manifestLine(a)) + "\n");
      articles++;
      bytes += Buffer.byteLength(a.text);
      i++;
    }
  } finally {
    if (jsonl) await closeStream(jsonl);
    if (manifest) await closeStream(manifest);
  }
  return { articles, bytes };
}

function manifestLine(a: SynthArticle) {
  return {
    name: a.name,
    outlet: a.outlet,
    published: a.published,
    url: a.url,
    copy_of: a.copy_of,
    copy_kind: a.copy_kind,
  };
}
