import { sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { enti, memberships, users, type Ente, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import { ConflictError, ValidationError, zodFieldErrors } from "@/lib/errors";
import { SLUG_PATTERN } from "@/lib/slug";
import { setPasswordUrl } from "./send-staff-invite";
import { issueStaffToken } from "./staff-tokens";

/** Top-level paths of the app: an ente with one of these slugs would be unreachable or hide a page. */
const RESERVED_SLUGS = new Set(["api", "auth", "posta", "lingua", "admin", "operatori", "_next", "static", "public"]);

export const setupInputSchema = z.object({
  enteName: z.string().trim().min(2, "setup.ente_name").max(200),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(SLUG_PATTERN, "setup.slug")
    .refine((s) => !RESERVED_SLUGS.has(s), "setup.slug_reserved"),
  adminEmail: z.string().trim().toLowerCase().pipe(z.email("setup.admin_email")),
  adminName: z.string().trim().min(2).max(200).default("Amministratore"),
  lang: z.enum(["it", "en"]).default("it"),
});
export type SetupInput = z.input<typeof setupInputSchema>;

export type SetupResult = { ente: Ente; admin: User; setPasswordUrl: string; expiresAt: Date };

/**
 * First start of a real installation: creates the first ente and its first admin, without a password, and
 * returns a single-use set-password link (the same staff token an admin's invitation uses). Runs once: when any
 * ente exists it refuses and changes nothing. An advisory lock makes two concurrent runs give one winner.
 */
export async function setupInstallation(db: Db, input: SetupInput, opts: { appUrl: string; now?: Date }): Promise<SetupResult> {
  const parsed = setupInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_data", zodFieldErrors(parsed.error.issues));
  const data = parsed.data;
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(727275)`);
    const [count] = await tx.select({ n: sql<number>`count(*)::int` }).from(enti);
    if ((count?.n ?? 0) > 0) throw new ConflictError("setup.already_done");
    const [ente] = await tx.insert(enti).values({ slug: data.slug, name: data.enteName, defaultLanguage: data.lang }).returning();
    if (!ente) throw new Error("ente insert returned nothing");
    const [admin] = await tx.insert(users).values({ email: data.adminEmail, name: data.adminName, language: data.lang }).onConflictDoNothing().returning();
    if (!admin) throw new ConflictError("user.email_taken", {}, { field: "adminEmail" });
    await tx.insert(memberships).values({ userId: admin.id, enteId: ente.id, role: "admin" });
    const link = await issueStaffToken(tx, { enteId: ente.id, userId: admin.id, purpose: "invite", createdBy: null, now: opts.now });
    await recordAudit(tx, {
      enteId: ente.id,
      actor: { kind: "system", reason: "setup" },
      action: "installation.setup",
      targetType: "user",
      targetId: admin.id,
      data: { email: admin.email, ente: ente.slug },
    });
    return { ente, admin, setPasswordUrl: setPasswordUrl(opts.appUrl, ente.slug, link.token), expiresAt: link.expiresAt };
  });
}
