import { z } from "zod";

/**
 * The one rule for a slug, the name of an ente, a service or a partner in paths and in the API: lowercase
 * letters and digits, hyphens inside (not first or last), 1–100 characters. Creation may ask for fewer
 * characters (`slugSchema.max(…)`); reading a path never asks for more.
 */
const SLUG_BODY = "[a-z0-9](?:[a-z0-9\\-]{0,98}[a-z0-9])?";
export const SLUG_MAX = 100;
export const SLUG_PATTERN = new RegExp(`^${SLUG_BODY}$`);
/** The same rule for an input's `pattern` attribute (anchored by the browser; valid with its `v` flag too). */
export const SLUG_INPUT_PATTERN = SLUG_BODY;

export const slugSchema = z.string().regex(SLUG_PATTERN);

export function isSlug(value: unknown): value is string {
  return typeof value === "string" && SLUG_PATTERN.test(value);
}

/** A slug made from a name: accents dropped, anything else between words a hyphen, at most `max` characters. */
export function slugify(text: string, max = SLUG_MAX): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max)
    .replace(/-+$/, "");
}
