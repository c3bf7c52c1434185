/**
 * Typed errors. Every error Dossier raises on purpose is a {@link DossierError} with a `code` from
 * {@link ERROR_CODES}; HTTP status and CLI exit code are mapped from the code in one place each
 * (`src/server/errors.ts`, `src/cli/main.ts`).
 */
export const ERROR_CODES = {
  BAD_INPUT: "BAD_INPUT",
  USAGE: "USAGE",
  NOT_FOUND: "NOT_FOUND",
  TOO_LARGE: "TOO_LARGE",
  UNSUPPORTED: "UNSUPPORTED",
  FETCH_FAILED: "FETCH_FAILED",
  DECODE_FAILED: "DECODE_FAILED",
  STORE: "STORE",
  UNAUTHORIZED: "UNAUTHORIZED",
  INTERNAL: "INTERNAL",
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export class DossierError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DossierError";
    this.code = code;
  }
}

/** A short, single-line description of any thrown value, for per-file failure reasons. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.split("\n")[0] ?? err.name;
  return String(err);
}
