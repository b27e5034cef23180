import { z } from "zod";
import { BadRequestError, ValidationError, fieldError } from "@/lib/errors";

/**
 * Text PostgreSQL cannot store or that is not text at all: NUL, and UTF-16 surrogates without their pair (JSON's
 * "\ud800" escape makes one). Both used to reach the database and come back as a 500; they are refused at the
 * edge as a field error instead.
 */
const BAD_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isCleanText(s: string): boolean {
  return !BAD_TEXT.test(s);
}

/** A zod string that refuses NUL and lone surrogates (for query parameters and form fields). */
export const cleanText = () => z.string().refine(isCleanText, { message: "field.control_chars" });

/** How deep a JSON document may nest: far more than any form or API body needs. */
export const MAX_JSON_DEPTH = 32;

/**
 * Walks a parsed JSON value: refuses (422, on the field's path) a string or key with bad text, and (400) a
 * document nested deeper than `maxDepth`. Iterative, so a hostile depth cannot overflow the stack.
 */
export function assertCleanJson(value: unknown, maxDepth = MAX_JSON_DEPTH): void {
  const stack: { v: unknown; path: string[]; depth: number }[] = [{ v: value, path: [], depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === "string") {
      if (!isCleanText(v)) throw new ValidationError("request.invalid_input", [fieldError(path.join(".") || "body", "field.control_chars")]);
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    if (depth >= maxDepth) throw new BadRequestError("body.too_deep", { max: maxDepth });
    const entries: [string, unknown][] = Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);
    for (const [k, x] of entries) {
      if (!isCleanText(k)) throw new ValidationError("request.invalid_input", [fieldError([...path, "?"].join("."), "field.control_chars")]);
      stack.push({ v: x, path: [...path, k], depth: depth + 1 });
    }
  }
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
      if (typeof x === "string" && !isCleanText(x)) throw new ValidationError("request.invalid_input", [fieldError(isCleanText(k) ? k : "?", "field.control_chars")]);
    }
  }
}
