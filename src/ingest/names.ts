/**
 * File names as they appear in status lines. A name may hold a newline (which would forge a
 * summary line), other control characters, or bytes that are not UTF-8 (which Node would turn
 * into U+FFFD and then fail to open): status lines show such names with escapes, and directory
 * walks keep the raw bytes so those files can still be read.
 */
const ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * A name safe to print on one line: control characters (C0, DEL, C1) and U+2028/U+2029 are
 * escaped (`\n`, `\x1b`, `\u2028`); everything else is kept.
 * @example displayName("a\nfailed: b") === "a\\nfailed: b"
 */
export function displayName(name: string): string {
  return name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (ESCAPES[c]) return ESCAPES[c];
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * A file name given as raw bytes, shown with {@link displayName}'s escapes and each byte that is
 * not part of valid UTF-8 as `\xNN`.
 */
export function displayBytes(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    let len = 0;
    const b = bytes[i];
    const want =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (want && i + want <= bytes.length) {
      try {
        out += displayName(strictUtf8.decode(bytes.subarray(i, i + want)));
        len = want;
      } catch {
        len = 0;
      }
    }
    if (!len) {
      out += `\\x${b.toString(16).padStart(2, "0")}`;
      len = 1;
    }
    i += len;
  }
  return out;
}

/** A path as a string when its bytes are valid UTF-8 (round-trip exact), else the raw bytes. */
export function pathFromBytes(bytes: Buffer): string | Buffer {
  const s = bytes.toString("utf8");
  return Buffer.byteLength(s) === bytes.length && Buffer.from(s, "utf8").equals(bytes) ? s : bytes;
}

/** Why a path given on the command line cannot be found (a non-UTF-8 name cannot be passed as an argument). */
export function describeMissing(source: string): string {
  if (source.includes("\ufffd")) {
    return "no such file: its name is not valid UTF-8, and Node reads command-line arguments as UTF-8 — give its directory instead (directories are read byte-exact)";
  }
  return "no such file or directory";
}
