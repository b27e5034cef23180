import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { memberships, users, type Ente, type User } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { getEnteBySlug } from "@/lib/enti/get";
import { auth } from "./auth";

/** The signed-in user (re-read from the database, so a disabled account stops working at once), or null. */
export async function getCurrentUser(): Promise<{ user: User; kind: "staff" | "citizen" } | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const db = await getDb();
  const [user] = await db.select().from(users).where(and(eq(users.id, id), isNull(users.disabledAt)));
  return user ? { user, kind: session.user.kind } : null;
}

export async function getStaffRoles(db: Db, userId: string, enteId: string): Promise<("operator" | "admin")[]> {
  const rows = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), eq(memberships.enteId, enteId), isNull(memberships.disabledAt)));
  return rows.map((r) => r.role);
}

/** The ente of a `/{ente}/…` page, or the 404 page. */
export async function requireEnte(slug: string): Promise<{ db: Db; ente: Ente }> {
  const db = await getDb();
  const ente = await getEnteBySlug(db, slug);
  if (!ente) notFound();
  return { db, ente };
}

export type StaffSession = { db: Db; ente: Ente; user: User; roles: ("operator" | "admin")[]; ctx: Ctx };

/**
 * For back-office and admin pages and actions: the signed-in staff member of this ente with the role, or a
 * redirect to the login page (anonymous) / the 403 page (signed in without the role).
 */
export async function requireStaff(slug: string, role: "operator" | "admin"): Promise<StaffSession> {
  const { db, ente } = await requireEnte(slug);
  const current = await getCurrentUser();
  if (!current) redirect(`/${ente.slug}/operatori/login`);
  const roles = current.kind === "staff" ? await getStaffRoles(db, current.user.id, ente.id) : [];
  if (!roles.includes(role)) redirect(`/${ente.slug}/vietato`);
  return { db, ente, user: current.user, roles, ctx: { db, ente, actor: { kind: role, userId: current.user.id } } };
}

export type CitizenSession = { db: Db; ente: Ente; user: User; ctx: Ctx };

/** For the personal area: the signed-in citizen, or a redirect to the citizen login. */
export async function requireCitizen(slug: string, next?: string): Promise<CitizenSession> {
  const { db, ente } = await requireEnte(slug);
  const current = await getCurrentUser();
  if (!current || current.kind !== "citizen") {
    redirect(`/${ente.slug}/accedi${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  }
  return { db, ente, user: current.user, ctx: { db, ente, actor: { kind: "citizen", userId: current.user.id } } };
}
