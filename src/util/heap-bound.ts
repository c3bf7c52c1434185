/**
 * A bounded JavaScript heap for the processes that build the knowledge base (decision 133).
 *
 * V8 sizes its old generation from the machine's memory (4 GB on a 24 GB host) and, below that
 * limit, collects lazily: a full build of 100k documents held ≈ 50 MB of live objects between
 * batches yet reached 2.7 GB RSS, almost all of it garbage not yet collected. The limit can only
 * be set when the process starts (`--max-old-space-size`; `v8.setFlagsFromString` after start-up
 * does not move it), so the `dossier` commands that may build re-run themselves once with the bound
 * ({@link boundedHeapArgs}, `bin/dossier.mjs`).
 *
 * `DOSSIER_MAX_HEAP_MB` sets the bound in MB (`0` or `off`: V8's own default); a
 * `--max-old-space-size` already given (command line or `NODE_OPTIONS`) is left alone.
 */
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { getHeapStatistics } from "node:v8";
import { DossierError } from "./errors.js";

/** The default bound of the old generation, in MB. */
export const DEFAULT_MAX_HEAP_MB = 512;

/** Set in the re-run process, so it does not re-run again. */
const BOUNDED_MARK = "DOSSIER_HEAP_BOUNDED";

/** What the re-run process tells its parent when it gets an interrupt (see followParent). */
const INTERRUPTED = "dossier:interrupted";

/**
 * How long the parent waits to hear that the child got an interrupt too before passing its own
 * on: a terminal's Ctrl-C reaches both at once; `kill -INT` of the parent reaches the parent only.
 */
const INTERRUPT_ECHO_MS = 1000;

/** What decides the bound: the environment and the flags this process was started with. */
export interface HeapBoundContext {
  env: Record<string, string | undefined>;
  execArgv: string[];
  /** V8's current old-generation limit of this process, in MB. */
  heapLimitMb: number;
}

/** The context of the running process. */
export function currentHeapContext(): HeapBoundContext {
  return {
    env: process.env,
    execArgv: process.execArgv,
    heapLimitMb: getHeapStatistics().heap_size_limit / 1048576,
  };
}

/**
 * The bound to apply, in MB, or null when none should be (disabled, given explicitly, already
 * applied, or V8's own limit is already lower).
 * @throws DossierError USAGE when `DOSSIER_MAX_HEAP_MB` is not a whole number of MB (or `off`)
 */
export function heapBoundMb(ctx: HeapBoundContext = currentHeapContext()): number | null {
  if (ctx.env[BOUNDED_MARK]) return null;
  const flag = /--max[-_]old[-_]space[-_]size/;
  if (ctx.execArgv.some((a) => flag.test(a)) || flag.test(ctx.env.NODE_OPTIONS ?? "")) return null;
  const raw = (ctx.env.DOSSIER_MAX_HEAP_MB ?? "").trim().toLowerCase();
  let mb = DEFAULT_MAX_HEAP_MB;
  if (raw === "off" || raw === "0") return null;
  if (raw !== "") {
    if (!/^\d+$/.test(raw) || Number(raw) < 64)
      throw new DossierError("USAGE", `DOSSIER_MAX_HEAP_MB must be a number of MB ≥ 64, or off (got "${raw}")`);
    mb = Number(raw);
  }
  // The heap limit V8 reports includes the young generation (tens of MB): only re-run when the
  // bound is clearly lower than what the process has.
  return ctx.heapLimitMb > mb * 1.25 ? mb : null;
}

/** Node arguments that bound the heap, or an empty list when {@link heapBoundMb} says none. */
export function boundedHeapArgs(ctx: HeapBoundContext = currentHeapContext()): string[] {
  const mb = heapBoundMb(ctx);
  return mb === null ? [] : [`--max-old-space-size=${mb}`];
}

/**
 * Re-runs this script in a child process with a bounded heap, when one should be applied: same
 * Node flags, script and arguments, standard streams shared, SIGTERM and SIGHUP passed on, and
 * SIGINT passed on unless the child got it as well (a terminal's Ctrl-C goes to the whole process
 * group: a second interrupt would cut the child's graceful stop short). Resolves with the child's exit code, or
 * null when no bound applies (the caller then goes on in this process).
 * @param script the absolute path of the running entry script
 * @param argv the arguments after the script
 */
export async function rerunWithBoundedHeap(script: string, argv: string[]): Promise<number | null> {
  const extra = boundedHeapArgs();
  if (extra.length === 0) return null;
  // The IPC channel only tells the child when this process dies (see followParent).
  const child = spawn(process.execPath, [...extra, ...process.execArgv, script, ...argv], {
    stdio: ["inherit", "inherit", "inherit", "ipc"],
    env: { ...process.env, [BOUNDED_MARK]: "1" },
  });
  const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onTerm = pass("SIGTERM");
  const onHup = pass("SIGHUP");
  let childInterruptedAt = Number.NEGATIVE_INFINITY;
  child.on("message", (message) => {
    if (message === INTERRUPTED) childInterruptedAt = performance.now();
  });
  const onInt = (): void => {
    const at = performance.now();
    setTimeout(() => {
      if (childInterruptedAt < at - INTERRUPT_ECHO_MS && child.exitCode === null && child.signalCode === null)
        child.kill("SIGINT");
    }, INTERRUPT_ECHO_MS);
  };
  process.on("SIGTERM", onTerm).on("SIGHUP", onHup).on("SIGINT", onInt);
  return new Promise((resolve, reject) => {
    child.on("error", (err) =>
      reject(new DossierError("INTERNAL", `cannot start node with a bounded heap: ${err.message}`, { cause: err })),
    );
    child.on("exit", (code, signal) => {
      process.off("SIGTERM", onTerm).off("SIGHUP", onHup).off("SIGINT", onInt);
      resolve(code ?? (signal ? 128 + signalNumber(signal) : 1));
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return numbers[signal] ?? 1;
}

/**
 * In a process started by {@link rerunWithBoundedHeap}: dies at once (SIGKILL) when the parent
 * does, so `kill -9` of the command still stops the work (a server or watcher left running
 * without its parent would hold the store). Does nothing in any other process.
 */
export function followParent(): void {
  if (!process.env[BOUNDED_MARK] || !process.channel) return;
  process.channel.unref(); // the channel must not keep this process alive
  process.once("disconnect", () => process.kill(process.pid, "SIGKILL"));
  // Tell the parent an interrupt arrived (it then does not pass its own on). Listening to SIGINT
  // replaces Node's default of exiting: with no other listener, fall back to it.
  const tell = (): void => {
    process.send?.(INTERRUPTED);
    if (process.listenerCount("SIGINT") > 1) return;
    process.off("SIGINT", tell);
    process.kill(process.pid, "SIGINT");
  };
  process.on("SIGINT", tell);
}
