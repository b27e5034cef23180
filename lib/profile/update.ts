import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import { users, type User } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, NotFoundError, ValidationError, fieldError, zodFieldErrors } from "@/lib/errors";

const PHONE = /^\+?[0-9 ()./-]{6,20}$/;

/** What a citizen may change about themselves. The codice fiscale is never among it: it comes from the identity. */
export const profileInputSchema = z.object({
  name: z.string().trim().min(2, "field.name_required").max(200).optional(),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  phone: z
    .string()
    .trim()
    .max(20)
    .refine((v) => v === "" || PHONE.test(v), "field.phone")
    .optional(),
  language: z.enum(["it", "en"], { error: "field.language" }),
  emailNotifications: z.boolean(),
  /** Notices on App IO (when the service is on IO); absent: unchanged. */
  ioEnabled: z.boolean().optional(),
  /** The citizen's digital domicile (a PEC address) for legally relevant acts; "" clears it; absent: unchanged. */
  pecAddress: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, "field.pec")
    .refine((v) => v === "" || z.email().safeParse(v).success, "field.pec")
    .optional(),
});
export type ProfileInput = z.infer<typeof profileInputSchema>;

/**
 * Updates the acting citizen's profile. The name is editable only for citizens without an identity-backed
 * codice fiscale (SPID/CIE supply it); a changed email must be free and counts as unverified until used to sign in.
 */
export async function updateProfile(ctx: Ctx, input: unknown): Promise<User> {
  if (ctx.actor.kind !== "citizen") throw new ForbiddenError("profile.citizen_only");
  const parsed = profileInputSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_input", zodFieldErrors(parsed.error.issues));
  const data = parsed.data;
  const userId = ctx.actor.userId;
  return ctx.db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user) throw new NotFoundError("user.not_found");
    const [taken] = await tx.select({ id: users.id }).from(users).where(and(eq(users.email, data.email), ne(users.id, userId)));
    if (taken) throw new ValidationError("request.invalid_input", [fieldError("email", "profile.email_taken")]);
    const emailChanged = data.email !== user.email;
    const pecChanged = data.pecAddress !== undefined && (data.pecAddress || null) !== user.pecAddress;
    const [updated] = await tx
      .update(users)
      .set({
        name: !user.codiceFiscale && data.name ? data.name : user.name,
        email: data.email,
        phone: data.phone ? data.phone : null,
        language: data.language,
        emailNotifications: data.emailNotifications,
        ioEnabled: data.ioEnabled ?? user.ioEnabled,
        pecAddress: data.pecAddress === undefined ? user.pecAddress : data.pecAddress || null,
        emailVerifiedAt: emailChanged ? null : user.emailVerifiedAt,
        updatedAt: new Date(),
      })
      .where(eq(users.id, userId))
      .returning();
    if (!updated) throw new Error("profile update returned nothing");
    await recordAudit(tx, {
      enteId: ctx.ente.id,
      actor: ctx.actor,
      action: "profile.update",
      targetType: "user",
      targetId: userId,
      // Whether the domicile changed, never the address itself: the audit log is read by admins.
      data: { emailChanged, language: data.language, emailNotifications: data.emailNotifications, ioEnabled: updated.ioEnabled, pecChanged },
    });
    return updated;
  });
}
