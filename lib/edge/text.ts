import { z } from "zod";
import { BadRequestError, ValidationError, fieldError, type FieldError } from "@/lib/errors";

/**
 * Text PostgreSQL cannot store or that is not text at all: NUL, and UTF-16 surrogates without their pair (JSON's
 * "\ud800" escape makes one). Both used to reach the database and come back as a 500; they are refused at the
 * edge as a field error instead.
 */
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const BAD_TEXT_G = new RegExp(BAD_TEXT.source, "g");

export function isCleanText(s: string): boolean {
  return !BAD_TEXT.test(s);
}

/** A zod string that refuses NUL and lone surrogates (for query parameters and form fields). */
export const cleanText = () => z.string().refine(isCleanText, { message: "field.control_chars" });

/** How deep a JSON document may nest: far more than any form or API body needs. */
export const MAX_JSON_DEPTH = 32;

/** A path made of keys that may hold bad text, made printable and short for the answer. */
const printablePath = (path: string, max: number) => path.replace(BAD_TEXT_G, "?").slice(0, max);

/**
 * Walks a parsed JSON value (keys and strings) iteratively, so a hostile depth cannot overflow the stack: a
 * document nested past `maxDepth` is a 400; strings or keys with bad text are one 422 naming each field (the
 * first 20), so neither reaches zod, the handler or SQL.
 */
export function assertCleanJson(value: unknown, maxDepth = MAX_JSON_DEPTH, root = ""): void {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: value, path: root, depth: 0 }];
  const bad: FieldError[] = [];
  for (let item = stack.pop(); item && bad.length < 20; item = stack.pop()) {
    const { v, path, depth } = item;
    if (typeof v === "string") {
      if (!isCleanText(v)) bad.push(fieldError(printablePath(path || "body", 200), "field.control_chars"));
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    if (depth >= maxDepth) throw new BadRequestError("body.too_deep", { max: maxDepth });
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    for (const [k, child] of entries) {
      const childPath = path ? `${path}.${k}` : k;
      if (!Array.isArray(v) && !isCleanText(k)) bad.push(fieldError(printablePath(childPath, 200), "field.control_chars_name"));
      stack.push({ v: child, path: childPath, depth: depth + 1 });
    }
  }
  if (bad.length > 0) throw new ValidationError("request.control_chars", bad);
}

/** Query parameters: each key and value must be clean; every bad one is named (422). */
export function assertCleanParams(params: URLSearchParams): void {
  const bad: FieldError[] = [];
  for (const [k, v] of params) if (!isCleanText(k) || !isCleanText(v)) bad.push(fieldError(printablePath(k, 40), "field.control_chars"));
  if (bad.length > 0) throw new ValidationError("request.control_chars", bad);
}

/** Flat form input (a server action's fields): each string value must be clean. */
export function assertCleanFields(raw: Record<string, unknown> | FormData): void {
  const entries: [string, unknown][] = raw instanceof FormData ? [...raw.entries()] : Object.entries(raw);
  for (const [k, v] of entries) {
    if (v instanceof FormData) {
      assertCleanFields(v);
      continue;
    }
    const values = Array.isArray(v) ? v : [v];
    for (const x of values) {
      if (typeof x === "string" && !isCleanText(x)) throw new ValidationError("request.control_chars", [fieldError(printablePath(k, 40), "field.control_chars")]);
    }
  }
}
