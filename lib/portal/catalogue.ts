import { and, asc, eq, inArray, ne } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { services, type Ente, type Service } from "@/db/schema";
import { isServiceOpen } from "@/lib/services/availability";
import { isSlug } from "@/lib/slug";

export type CatalogueEntry = {
  slug: string;
  name: string;
  category: string;
  description: string;
  open: boolean;
  closed: ClosedCode | null;
};

export type ClosedCode = "suspended" | "private" | "not_yet_open" | "expired";

/** Why a service cannot be started now (null: it can), as a code the page turns into words in either language. */
export function closedCode(service: Pick<Service, "status" | "scheduledFrom" | "scheduledTo">, at = new Date()): ClosedCode | null {
  if (isServiceOpen(service, at).ok) return null;
  if (service.status === "suspended") return "suspended";
  if (service.status === "private") return "private";
  return service.scheduledFrom && at < service.scheduledFrom ? "not_yet_open" : "expired";
}

/** Folds case and accents so that "piu" finds "più" and "ACCESSO" finds "accesso". */
export function foldText(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * The public catalogue of an ente: every service except private ones, with whether it can be started now.
 * Search (`q`) matches every word against name, category and description; `category` and `topic` (an "Argomento")
 * filter exactly.
 * An ente has tens of services, so filtering happens here rather than in SQL.
 */
export async function listCatalogue(db: DbOrTx, ente: Ente, opts: { q?: string; category?: string; topic?: string; at?: Date } = {}): Promise<{ entries: CatalogueEntry[]; categories: string[] }> {
  const rows = await db
    .select({ slug: services.slug, name: services.name, category: services.category, infoSheet: services.infoSheet, status: services.status, scheduledFrom: services.scheduledFrom, scheduledTo: services.scheduledTo })
    .from(services)
    .where(and(eq(services.enteId, ente.id), ne(services.status, "private")))
    .orderBy(asc(services.category), asc(services.name));
  const categories = [...new Set(rows.map((r) => r.category))];
  const words = foldText(opts.q ?? "").split(/\s+/).filter(Boolean).slice(0, 10);
  const entries = rows
    .filter((r) => !opts.category || r.category === opts.category)
    .filter((r) => !opts.topic || (r.infoSheet.topics ?? []).includes(opts.topic))
    .filter((r) => {
      if (words.length === 0) return true;
      const hay = foldText(`${r.name} ${r.category} ${r.infoSheet.description}`);
      return words.every((w) => hay.includes(w));
    })
    .map((r) => {
      const closed = closedCode(r, opts.at);
      return { slug: r.slug, name: r.name, category: r.category, description: r.infoSheet.description, open: closed === null, closed };
    });
  return { entries, categories };
}

/** A service's public page by slug; private services do not exist for citizens. */
export async function getPublicService(db: DbOrTx, ente: Ente, slug: string): Promise<Service | null> {
  if (!isSlug(slug)) return null;
  const [row] = await db.select().from(services).where(and(eq(services.enteId, ente.id), eq(services.slug, slug)));
  if (!row || row.status === "private") return null;
  return row;
}

/** The related services a sheet names, in its order, as catalogue entries; private or missing ones are left out. */
export async function listRelatedServices(db: DbOrTx, ente: Ente, slugs: readonly string[], at?: Date): Promise<CatalogueEntry[]> {
  const wanted = slugs.filter(isSlug);
  if (wanted.length === 0) return [];
  const rows = await db
    .select({ slug: services.slug, name: services.name, category: services.category, infoSheet: services.infoSheet, status: services.status, scheduledFrom: services.scheduledFrom, scheduledTo: services.scheduledTo })
    .from(services)
    .where(and(eq(services.enteId, ente.id), ne(services.status, "private"), inArray(services.slug, wanted)));
  const bySlug = new Map(rows.map((r) => [r.slug, r]));
  return wanted.flatMap((slug) => {
    const r = bySlug.get(slug);
    if (!r) return [];
    const closed = closedCode(r, at);
    return [{ slug: r.slug, name: r.name, category: r.category, description: r.infoSheet.description, open: closed === null, closed }];
  });
}
