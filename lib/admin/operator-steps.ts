import { and, eq } from "drizzle-orm";
import { services, type Service } from "@/db/schema";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { NotFoundError, ValidationError, fieldError, zodIssueParams } from "@/lib/errors";
import { isErrorCode } from "@/lib/i18n/errors";
import { operatorStepsSchema, type OperatorSteps } from "@/lib/services/operator-steps";
import { asAdmin } from "./authorize";
import { canonicalJson } from "./service-form";

const FIELD = "operatorSteps";

/** "0.items.1.options" → "step 1, items 2, options": where the admin should look in the JSON, in its own keys (no language). */
function describePath(path: readonly PropertyKey[]): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next = path[i + 1];
    if (i === 0 && typeof key === "number") parts.push(`step ${key + 1}`);
    else if ((key === "items" || key === "fields" || key === "options") && typeof next === "number") {
      parts.push(`${key} ${next + 1}`);
      i++;
    } else parts.push(String(key));
  }
  return parts.join(", ");
}

/** Parses the operator steps from the admin's JSON text; every problem becomes a code naming its place. */
export function parseOperatorSteps(json: string): OperatorSteps {
  let value: unknown;
  try {
    value = json.trim() === "" ? [] : JSON.parse(json);
  } catch (err) {
    throw new ValidationError("operator_steps.json_invalid", [fieldError(FIELD, "operator_steps.json_syntax", { detail: err instanceof Error ? err.message.slice(0, 200) : "?" })]);
  }
  const parsed = operatorStepsSchema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError(
      "operator_steps.invalid",
      parsed.error.issues.map((i) => fieldError(FIELD, "operator_steps.issue", { where: i.path.length ? `${describePath(i.path)}: ` : "", reason: isErrorCode(i.message) ? i.message : "field.invalid", ...zodIssueParams(i) })),
    );
  }
  return parsed.data;
}

/**
 * Replaces the service-specific steps of the operator's Elabora wizard. Pratiche already decided keep the
 * answers they were given; the new steps apply to the next decisions. Audited as `service.update_operator_steps`.
 */
export async function updateOperatorSteps(ctx: Ctx, serviceId: string, json: string): Promise<Service> {
  const steps = parseOperatorSteps(json);
  return asAdmin(ctx, async ({ db: tx, ente, actor }) => {
    const [current] = await tx.select().from(services).where(and(eq(services.id, serviceId), eq(services.enteId, ente.id))).for("update");
    if (!current) throw new NotFoundError("service.not_found");
    if (canonicalJson(steps) === canonicalJson(current.operatorSteps)) return current;
    const [row] = await tx.update(services).set({ operatorSteps: steps, updatedAt: new Date() }).where(eq(services.id, serviceId)).returning();
    if (!row) throw new NotFoundError("service.not_found");
    await recordAudit(tx, {
      enteId: ente.id,
      actor,
      action: "service.update_operator_steps",
      targetType: "service",
      targetId: serviceId,
      data: { steps: steps.map((p) => p.id), previous: current.operatorSteps.map((p) => p.id) },
    });
    return row;
  });
}
