import { and, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { services } from "@/db/schema";
import { fieldError, type FieldError } from "@/lib/errors";
import { infoSheetSchema, type InfoSheet, type StoredInfoSheet } from "./schemas";
import { isTopic } from "./topics";

/** A stored sheet with every field, the ones added after it was written at their defaults. */
export function readInfoSheet(stored: StoredInfoSheet | null | undefined): InfoSheet {
  const parsed = infoSheetSchema.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  // A row written by hand that no longer fits: keep the texts that do, drop the rest rather than fail the page.
  const base = infoSheetSchema.parse({});
  const texts = Object.fromEntries(Object.entries(stored ?? {}).filter(([, v]) => typeof v === "string"));
  return { ...base, ...infoSheetSchema.partial().safeParse(texts).data };
}

/**
 * What the sheet names outside itself must exist: topics in the Modello Comuni vocabulary, related services among
 * this ente's own (another ente's slug is as unknown as a made-up one). Returns the refusals, empty when all is well.
 */
export async function checkSheetReferences(db: DbOrTx, enteId: string, selfSlug: string, sheet: Pick<InfoSheet, "topics" | "relatedServices">): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const topic of sheet.topics) if (!isTopic(topic)) errors.push(fieldError("topics", "service.topic_unknown", { topic }));
  if (sheet.relatedServices.includes(selfSlug)) errors.push(fieldError("relatedServices", "service.related_self"));
  const others = sheet.relatedServices.filter((s) => s !== selfSlug);
  if (others.length > 0) {
    const found = await db.select({ slug: services.slug }).from(services).where(and(eq(services.enteId, enteId), inArray(services.slug, others)));
    const known = new Set(found.map((r) => r.slug));
    for (const slug of others) if (!known.has(slug)) errors.push(fieldError("relatedServices", "service.related_unknown", { slug }));
  }
  return errors;
}
