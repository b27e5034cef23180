import { z } from "zod";
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError, zodFieldErrors, type FieldError } from "@/lib/errors";

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
      throw new BadRequestError("Il corpo della richiesta si è interrotto prima della fine");
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
  const human = maxBytes >= 1024 * 1024 ? `${Math.round(maxBytes / 1024 / 1024)} MB` : `${Math.round(maxBytes / 1024)} kB`;
  return new PayloadTooLargeError(`Il corpo della richiesta supera il limite di ${human}`);
}

/** application/json (any charset parameter) or nothing else. */
export function assertJsonContentType(req: Request): void {
  const type = req.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json" && !type?.endsWith("+json"))
    throw new UnsupportedMediaTypeError("Il corpo della richiesta deve essere JSON (Content-Type: application/json)");
}

export function parseJsonBytes(bytes: Buffer): unknown {
  if (bytes.length === 0) throw new BadRequestError("Il corpo della richiesta è vuoto: serve un documento JSON");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new BadRequestError("Il corpo della richiesta non è testo UTF-8 valido");
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new BadRequestError("Il corpo della richiesta non è JSON valido");
  }
  assertStorableJson(value);
  return value;
}

/** Deeper documents are refused before any schema sees them: no API body needs more than a few levels. */
export const MAX_JSON_DEPTH = 32;

/** A NUL (PostgreSQL text cannot hold it) or a UTF-16 surrogate without its pair (not encodable as UTF-8). */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_G = new RegExp(UNSTORABLE.source, "g");

export function hasUnstorableChars(s: string): boolean {
  return UNSTORABLE.test(s);
}

/**
 * Walks a parsed JSON value (keys and strings) iteratively: a document nested past MAX_JSON_DEPTH is a 400, a
 * string that the database cannot store is a 422 naming its field, so neither reaches zod, the handler or SQL.
 */
export function assertStorableJson(value: unknown, root = ""): void {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  const bad: FieldError[] = [];
  for (let item = stack.pop(); item && bad.length < 20; item = stack.pop()) {
    const { v, path, depth } = item;
    if (typeof v === "string") {
      if (hasUnstorableChars(v)) bad.push({ path: path || "(corpo)", message: "Contiene caratteri non ammessi (NUL o surrogati UTF-16 isolati)" });
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) throw new BadRequestError(`Il documento JSON è annidato oltre ${MAX_JSON_DEPTH} livelli`);
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    for (const [k, child] of entries) {
      const childPath = path ? `${path}.${k}` : k;
      if (!Array.isArray(v) && hasUnstorableChars(k)) bad.push({ path: childPath, message: "Il nome del campo contiene caratteri non ammessi" });
      stack.push({ v: child, path: childPath, depth: depth + 1 });
    }
  }
  if (bad.length > 0) throw new ValidationError("La richiesta contiene caratteri non ammessi", bad.map((e) => ({ ...e, path: e.path.replace(UNSTORABLE_G, "?").slice(0, 200) })));
}

/** Validates with a zod schema; wrong types and missing fields become one 422 with a list of field errors. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what = "La richiesta"): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ValidationError(`${what} contiene errori`, zodFieldErrors(closestBranch(parsed.error.issues)));
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
  const values: Record<string, string> = {};
  const bad: FieldError[] = [];
  for (const [k, v] of url.searchParams) {
    if (hasUnstorableChars(k) || hasUnstorableChars(v)) {
      bad.push({ path: k.replace(UNSTORABLE_G, "?").slice(0, 40), message: "Contiene caratteri non ammessi (NUL o surrogati UTF-16 isolati)" });
      continue;
    }
    if (k in values) throw new BadRequestError(`Parametro ripetuto: ${k.slice(0, 40)}`);
    values[k] = v;
  }
  if (bad.length > 0) throw new ValidationError("I parametri della richiesta contengono caratteri non ammessi", bad);
  return validate(schema, values, "I parametri della richiesta");
}
