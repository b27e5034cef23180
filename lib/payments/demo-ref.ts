import { z } from "zod";

/** A demo position's reference as it travels in the checkout's path: what the demo provider issues, nothing else. */
export const demoRefSchema = z.string().min(1).max(120).regex(/^[A-Za-z0-9._:-]+$/);

/** The reference of a checkout path segment (still percent-encoded or not), or null when it cannot be one. */
export function parseDemoRef(segment: string): string | null {
  let text = segment;
  try {
    if (text.includes("%")) text = decodeURIComponent(text);
  } catch {
    return null;
  }
  const r = demoRefSchema.safeParse(text);
  return r.success ? r.data : null;
}
