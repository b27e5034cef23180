import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { enti, type Ente } from "@/db/schema";
import { isSlug } from "@/lib/slug";

export async function getEnteBySlug(db: DbOrTx, slug: string): Promise<Ente | null> {
  if (!isSlug(slug)) return null;
  const [row] = await db.select().from(enti).where(eq(enti.slug, slug));
  return row ?? null;
}

export async function listEnti(db: DbOrTx): Promise<Pick<Ente, "slug" | "name">[]> {
  return db.select({ slug: enti.slug, name: enti.name }).from(enti).orderBy(asc(enti.name));
}
