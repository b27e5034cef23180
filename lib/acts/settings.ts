import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { enti, services, type Ente, type Service } from "@/db/schema";
import { asAdmin } from "@/lib/admin/authorize";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { NotFoundError, ValidationError, zodFieldErrors } from "@/lib/errors";

const text = (max: number) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim() : (v ?? "")), z.string().max(max)).transform((v) => (v === "" ? null : v));

/** What a service's outcome act prints: office, responsabile del procedimento, its own appeal clause (or none). */
export const serviceActSchema = z.object({ responsibleOffice: text(200), responsibleOfficer: text(200), appealText: text(2000) });
export const enteAppealSchema = z.object({ appealText: text(2000) });

/** The act section of a service's editor, audited, in its own columns (the information sheet is another section). */
export async function updateServiceActFields(ctx: Ctx, serviceId: string, input: Record<string, unknown>): Promise<Service> {
  const parsed = serviceActSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_data", zodFieldErrors(parsed.error.issues));
  return asAdmin(ctx, async ({ db: tx, ente, actor }) => {
    const [row] = await tx
      .update(services)
      .set({ ...parsed.data, updatedAt: new Date() })
      .where(and(eq(services.id, serviceId), eq(services.enteId, ente.id)))
      .returning();
    if (!row) throw new NotFoundError("service.not_found");
    await recordAudit(tx, { enteId: ente.id, actor, action: "service.act_fields", targetType: "service", targetId: row.id, data: parsed.data });
    return row;
  });
}

/** The ente's default appeal clause, used by the acts of services without their own. */
export async function updateEnteAppealText(ctx: Ctx, input: Record<string, unknown>): Promise<Ente> {
  const parsed = enteAppealSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_data", zodFieldErrors(parsed.error.issues));
  return asAdmin(ctx, async ({ db: tx, ente, actor }) => {
    const [row] = await tx.update(enti).set({ appealText: parsed.data.appealText, updatedAt: new Date() }).where(eq(enti.id, ente.id)).returning();
    if (!row) throw new NotFoundError("ente.not_found");
    await recordAudit(tx, { enteId: ente.id, actor, action: "ente.appeal_text", targetType: "ente", targetId: ente.id, data: { appealText: row.appealText } });
    return row;
  });
}
