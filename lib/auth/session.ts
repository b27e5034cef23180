import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { notFound, redirect } from "next/navigation";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import { memberships, type Ente, type User } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { getEnteBySlug } from "@/lib/enti/get";
import { getConfig } from "@/lib/config/env";
import { auth } from "./auth";
import { levelRedirect } from "./levels";
import { resolveAuthSession, type ResolvedSession } from "./sessions";

/**
 * The cookie's server-side session (lib/auth/sessions.ts), re-read from the database on every request: a
 * session ended by logout, a password change, a disabled account or a role change, or idle too long, is null.
 */
export async function getAuthSession(): Promise<ResolvedSession | null> {
  const session = await auth();
  if (!session?.user) return null;
  return resolveAuthSession(await getDb(), { uid: session.user.id, sid: session.user.sid }, { staffIdleMinutes: getConfig().staffIdleMinutes });
}

/** The signed-in user, or null (also while a staff member's second factor is still to be entered). */
export async function getCurrentUser(): Promise<{ user: User; kind: "staff" | "citizen"; level: number } | null> {
  const resolved = await getAuthSession();
  if (!resolved || resolved.mfaPending) return null;
  return { user: resolved.user, kind: resolved.kind, level: resolved.level };
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
  const session = await getAuthSession();
  if (session?.mfaPending) redirect(`/${ente.slug}/operatori/login/codice`);
  const current = session && { user: session.user, kind: session.kind };
  if (!current) redirect(`/${ente.slug}/operatori/login`);
  const roles = current.kind === "staff" ? await getStaffRoles(db, current.user.id, ente.id) : [];
  if (!roles.includes(role)) redirect(`/${ente.slug}/vietato`);
  // The ente may require admins to have a second factor: until they enrol, only the enrolment page opens.
  if (role === "admin" && ente.requireAdminTotp && !current.user.totpEnabledAt) redirect(`/${ente.slug}/operatori/sicurezza?obbligo=1`);
  return { db, ente, user: current.user, roles, ctx: { db, ente, actor: { kind: role, userId: current.user.id } } };
}

/**
 * Any staff member of the ente, in the strongest role they hold: an admin acts as admin, anyone else as operator
 * (pages and actions every staff member uses, such as the appointments' agenda; the domain decides what each may do).
 */
export async function requireAnyStaff(slug: string): Promise<StaffSession & { role: "operator" | "admin" }> {
  const { roles } = await requireStaffMember(slug);
  const role = roles.includes("admin") ? "admin" : "operator";
  return { ...(await requireStaff(slug, role)), role };
}

/**
 * For a staff member's own pages (e.g. the second factor): any role in this ente. A session whose code is still
 * pending goes to the code form, anyone else to the login page.
 */
export async function requireStaffMember(slug: string): Promise<{ db: Db; ente: Ente; user: User; roles: ("operator" | "admin")[] }> {
  const { db, ente } = await requireEnte(slug);
  const session = await getAuthSession();
  if (session?.mfaPending) redirect(`/${ente.slug}/operatori/login/codice`);
  if (!session || session.kind !== "staff") redirect(`/${ente.slug}/operatori/login`);
  const roles = await getStaffRoles(db, session.user.id, ente.id);
  if (roles.length === 0) redirect(`/${ente.slug}/vietato`);
  return { db, ente, user: session.user, roles };
}

/** `level`: the login level of the session (lib/auth/levels.ts: 0 = email link, 1–3 = SpidL1–L3). */
export type CitizenSession = { db: Db; ente: Ente; user: User; ctx: Ctx; level: number };

/** For the personal area: the signed-in citizen, or a redirect to the citizen login. */
export async function requireCitizen(slug: string, next?: string): Promise<CitizenSession> {
  const { db, ente } = await requireEnte(slug);
  const current = await getCurrentUser();
  if (!current || current.kind !== "citizen") {
    redirect(`/${ente.slug}/accedi${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  }
  return { db, ente, user: current.user, level: current.level, ctx: { db, ente, actor: { kind: "citizen", userId: current.user.id } } };
}

/**
 * A service's form may be started or continued only with a login of at least the service's level: a lower one
 * (an email link for a service that needs SPID, SpidL1 for an L2 service) goes back to the login page, which then
 * asks the identity provider for that level.
 */
export function requireLevel(session: Pick<CitizenSession, "ente" | "level">, minLevel: number, next: string): void {
  const to = levelRedirect(session.ente.slug, session.level, minLevel, next);
  if (to) redirect(to);
}
