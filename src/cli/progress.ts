/**
 * A one-line progress bar on stderr, drawn only when stderr is a TTY (pipes and CI logs stay clean).
 */
export function createProgressReporter(label: string, stream: NodeJS.WriteStream = process.stderr) {
  const tty = Boolean(stream.isTTY);
  let last = 0;
  let drawn = false;
  return {
    update: (p: { done: number; total: number | null; current: string }) => {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 80 && p.done !== p.total) return;
      last = now;
      const width = 24;
      const bar = p.total ? "█".repeat(Math.round((p.done / Math.max(1, p.total)) * width)).padEnd(width, "░") : "";
      const name = p.current.length > 40 ? "…" + p.current.slice(-39) : p.current;
      stream.write(`\r\x1b[2K${label} ${bar} ${p.done}${p.total ? "/" + p.total : ""} ${name}`);
      drawn = true;
    },
    done: () => {
      if (tty && drawn) stream.write("\r\x1b[2K");
    },
  };
}
