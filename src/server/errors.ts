/**
 * The one place where errors become HTTP responses. Every route throws (or lets through) errors;
 * {@link toErrorResponse} maps a {@link DossierError} code to a status and a JSON body
 * `{ error: { code, message } }`. Anything that is not a DossierError is an internal error: it is
 * reported to the operator (never swallowed) and answered with a generic message, so stack traces
 * and SQL never reach a client.
 */
import { HTTPException } from "hono/http-exception";
import { ZodError } from "zod";
import { DossierError, type ErrorCode } from "../util/errors.js";

/** HTTP status for each error code. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, 400 | 401 | 404 | 413 | 415 | 500 | 501 | 502 | 503>> = {
  BAD_INPUT: 400,
  USAGE: 400,
  NOT_FOUND: 404,
  TOO_LARGE: 413,
  UNSUPPORTED: 501,
  FETCH_FAILED: 502,
  DECODE_FAILED: 400,
  STORE: 503,
  UNAUTHORIZED: 401,
  INTERNAL: 500,
};

/** JSON body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string };
}

/** Receives internal errors (the ones clients only see as "internal error"). */
export type ErrorReporter = (err: unknown) => void;

const defaultReporter: ErrorReporter = (err) => {
  console.error("[dossier server] internal error:", err);
};

/** Turns a zod error into one readable line: `limit: Too big: expected number to be <=500`. */
export function describeZodError(err: ZodError): string {
  return err.issues
    .map((issue) => `${issue.path.length ? issue.path.join(".") + ": " : ""}${issue.message}`)
    .join("; ");
}

/**
 * Maps any thrown value to `{ status, body }`.
 * @param err the thrown value
 * @param report called for errors that are not the client's fault (status ≥ 500)
 * @example toErrorResponse(new DossierError("NOT_FOUND", "no such entity")).status // 404
 */
export function toErrorResponse(
  err: unknown,
  report: ErrorReporter = defaultReporter,
): { status: number; body: ErrorBody; headers?: Record<string, string> } {
  if (err instanceof DossierError) {
    const status = HTTP_STATUS[err.code];
    if (status >= 500 && err.code !== "UNSUPPORTED") report(err);
    return { status, body: { error: { code: err.code, message: err.message } } };
  }
  if (err instanceof ZodError) {
    return { status: 400, body: { error: { code: "BAD_INPUT", message: describeZodError(err) } } };
  }
  if (err instanceof HTTPException) {
    // Hono's middleware (bearer auth, CSRF, body limit) throws these; the answer keeps their status
    // and their WWW-Authenticate challenge, in the one JSON error shape.
    const status = err.status;
    const code: ErrorCode =
      status === 401 || status === 403
        ? "UNAUTHORIZED"
        : status === 404
          ? "NOT_FOUND"
          : status === 413
            ? "TOO_LARGE"
            : status < 500
              ? "BAD_INPUT"
              : "INTERNAL";
    if (status >= 500) report(err);
    const challenge = err.res?.headers.get("WWW-Authenticate");
    const message =
      err.message ||
      (status === 400 && challenge
        ? "malformed Authorization header: send Authorization: Bearer <DOSSIER_TOKEN>"
        : defaultMessage(status));
    const body: ErrorBody = { error: { code, message } };
    return challenge ? { status, body, headers: { "WWW-Authenticate": challenge } } : { status, body };
  }
  report(err);
  return { status: 500, body: { error: { code: "INTERNAL", message: "internal error (details in the server log)" } } };
}

/** The message of a Hono HTTPException that carries none, by status. */
function defaultMessage(status: number): string {
  switch (status) {
    case 401:
      return "this server needs a bearer token: send Authorization: Bearer <DOSSIER_TOKEN>";
    case 403:
      return "cross-site request refused";
    case 404:
      return "not found";
    case 413:
      return "request body too large";
    default:
      return status < 500 ? "bad request" : "internal error (details in the server log)";
  }
}
