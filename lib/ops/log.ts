import { hostname } from "node:os";
import pino, { type DestinationStream, type Logger } from "pino";
import { getConfig } from "@/lib/config/env";
import { currentRequestId } from "./request-context";

export type { Logger } from "pino";
export type LogLevel = "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";

/**
 * Structured logs (issue 15): one JSON object per line on stdout, each with the service, the instance (host and
 * process) and, inside a request, its id (the same id as the request's audit and outbox rows). Callers log ids
 * only (pratica, outbox row, kind, attempt, an error's code and message), never a request body or personal data;
 * the redaction below is a second line of defence for a field name that slips through.
 */
export const REDACTED_PATHS = [
  "email",
  "*.email",
  "fiscalCode",
  "*.fiscalCode",
  "codiceFiscale",
  "*.codiceFiscale",
  "password",
  "*.password",
  "token",
  "*.token",
  "secret",
  "*.secret",
  "authorization",
  "*.authorization",
  "cookie",
  "*.cookie",
  "headers.authorization",
  "headers.cookie",
  "req.headers.authorization",
  "req.headers.cookie",
];

/**
 * An error as logged: its class, code and message, the code locations of its stack, and its cause. Never the
 * driver's extra fields (PostgreSQL's `detail` repeats the row's values: "Key (email)=(…) already exists"), nor the
 * parameters a failed query was sent with (drizzle puts them in its message).
 */
export function serializeError(err: unknown, depth = 0): Record<string, unknown> {
  // An error from another realm or library may not be an Error instance: its message and code still count.
  const shaped = err as { name?: unknown; message?: unknown; stack?: unknown } | null;
  if (!(err instanceof Error) && typeof shaped?.message !== "string") return { message: scrubMessage(String(err)) };
  const e = err as Error;
  const code = (e as { code?: unknown }).code;
  const frames = (typeof e.stack === "string" ? e.stack : "").split("\n").filter((l) => l.startsWith("    at ")).slice(0, 10);
  const cause = (e as { cause?: unknown }).cause;
  return {
    type: typeof e.name === "string" ? e.name : "Error",
    ...(typeof code === "string" || typeof code === "number" ? { code } : {}),
    message: scrubMessage(e.message.replace(/\nparams: [\s\S]*$/, "")),
    ...(frames.length ? { stack: frames.join("\n") } : {}),
    ...(cause !== undefined && depth < 2 ? { cause: serializeError(cause, depth + 1) } : {}),
  };
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const CODICE_FISCALE = /\b[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z]\b/g;

/** An error message as it may be logged: e-mail addresses and codici fiscali taken out, and short. */
export function scrubMessage(message: string): string {
  return message.replace(EMAIL, "[email]").replace(CODICE_FISCALE, "[codice fiscale]").slice(0, 500);
}

export function createLogger(opts: { level?: LogLevel; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? "info",
      base: { service: "stanza", instance: `${hostname()}:${process.pid}` },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId ? { requestId } : {};
      },
      serializers: { err: (e: unknown) => serializeError(e), error: (e: unknown) => serializeError(e) },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

function configuredLevel(): LogLevel {
  try {
    return getConfig().logLevel;
  } catch {
    // A configuration error is reported (and stops the server) by instrumentation.ts; the log must still work.
    return "info";
  }
}

type Holder = { root?: Logger; children: Map<string, Logger> };
// One logger per process: Next.js may load this module more than once (instrumentation, routes, the proxy).
const holder: Holder = ((globalThis as { __stanzaLog?: Holder }).__stanzaLog ??= { children: new Map<string, Logger>() });

/** The process's logger, created on first use (never at import: `next build` loads modules without logging). */
export function rootLogger(): Logger {
  holder.root ??= createLogger({ level: configuredLevel() });
  return holder.root;
}

/** A component's logger (`{ component: "outbox" }` on every line); a fixed, small set of names. */
export function logger(component: string): Logger {
  let child = holder.children.get(component);
  if (!child) {
    child = rootLogger().child({ component });
    holder.children.set(component, child);
  }
  return child;
}

/** Tests: route the process's logs to `root` (undefined: back to stdout at the configured level). */
export function setRootLogger(root: Logger | undefined): void {
  holder.root = root;
  holder.children.clear();
}
