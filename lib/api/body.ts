import { z } from "zod";
import { assertCleanJson, assertCleanParams } from "@/lib/edge/text";
import { formatBytes } from "@/lib/format/bytes";
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError, zodFieldErrors } from "@/lib/errors";

export const DEFAULT_MAX_BODY = 256 * 1024;

/**
 * Reads the body as a stream and stops at `maxBytes`: a declared or real size past the cap is refused with 413
 * before it is buffered whole.
 */
export async function readBodyCapped(req: Request, maxBytes: number): Promise<Buffer> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away mid-body: nothing was read into the handler, nothing is written.
      throw new BadRequestError("body.cut_off");
    }
    const { done, value } = chunk;
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

function tooLarge(maxBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError("body.too_large", { limit: formatBytes(maxBytes) });
}

/** application/json (any charset parameter) or nothing else. */
export function assertJsonContentType(req: Request): void {
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json" && !type?.endsWith("+json"))
    throw new UnsupportedMediaTypeError("body.not_json_type");
}

export function parseJsonBytes(bytes: Buffer): unknown {
  if (bytes.length === 0) throw new BadRequestError("body.empty");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new BadRequestError("body.not_utf8");
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError("body.not_json");
  }
  assertCleanJson(value);
  return value;
}

/** Deeper documents are refused before any schema sees them: no API body needs more than a few levels. */
export { MAX_JSON_DEPTH } from "@/lib/edge/text";

/** Validates with a zod schema; wrong types and missing fields become one 422 with a list of field errors. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what: "body" | "params" = "body"): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(what === "body" ? "body.has_errors" : "query.has_errors", zodFieldErrors(closestBranch(parsed.error.issues)));
  return parsed.data;
}

type Issue = z.core.$ZodIssue;

/**
 * A body that matches no shape of a union (protocolli: list or object; schedaInformativa: GET's shape or bare
 * fields) is reported with the errors of the shape it came closest to, field by field, instead of one
 * "Invalid input" without a path.
 */
function closestBranch(issues: readonly Issue[]): Issue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== "invalid_union" || issue.errors.length === 0) return [issue];
    // Fewest errors first; on a tie, the shape whose errors lie deeper (it got further into the document).
    const depth = (branch: readonly Issue[]) => Math.max(0, ...branch.map((i) => i.path.length));
    const best = issue.errors.reduce((a, b) => (b.length < a.length || (b.length === a.length && depth(b) > depth(a)) ? b : a));
    return closestBranch(best.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }) as Issue));
  });
}

/** Query parameters (each at most once) validated like a body: unknown or malformed values are a 422. */
export function parseQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
  assertCleanParams(url.searchParams);
  const values: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    if (k in values) throw new BadRequestError("query.repeated", { name: k.slice(0, 40) }, { field: k.slice(0, 40) });
    values[k] = v;
  }
  return validate(schema, values, "params");
}
