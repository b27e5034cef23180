import { eq } from "drizzle-orm";
import { z } from "zod";
import { enti } from "@/db/schema";
import { CHANNELS, type ChannelPolicy } from "@/db/schema/shapes/channels";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { NotFoundError, ValidationError, zodFieldErrors } from "@/lib/errors";
import { asAdmin } from "./authorize";

/** The policy's two lists, each edited as positions 1…3 (one select each): fields `ordinary_1`, `legal_2`… */
export const POLICY_LISTS = ["ordinary", "legal"] as const;
export const POLICY_POSITIONS = [1, 2, 3] as const;
export const policyField = (list: (typeof POLICY_LISTS)[number], pos: number) => `${list}_${pos}`;

const slot = z.preprocess((v) => (v === "" || v === undefined || v === null ? null : v), z.enum(CHANNELS, "channels.policy_unknown").nullable());

/** One list from its positions: channels in order, no gap before a channel, none twice, at least one. */
function listSchema(list: (typeof POLICY_LISTS)[number]) {
  return z.tuple([slot, slot, slot]).superRefine((slots, ctx) => {
    const first = policyField(list, 1);
    if (slots.every((s) => s === null)) {
      ctx.addIssue({ code: "custom", path: [first], message: "channels.policy_empty" });
      return;
    }
    slots.forEach((s, i) => {
      const field = policyField(list, i + 1);
      if (s !== null && slots.slice(0, i).some((p) => p === null)) ctx.addIssue({ code: "custom", path: [field], message: "channels.policy_gap" });
      else if (s !== null && slots.slice(0, i).includes(s)) ctx.addIssue({ code: "custom", path: [field], message: "channels.policy_duplicate" });
    });
  });
}

/** The policy as the form posts it. Field errors carry the select's own name (`legal_2`), so the form points at it. */
export const channelPolicySchema = z
  .object(Object.fromEntries(POLICY_LISTS.flatMap((l) => POLICY_POSITIONS.map((p) => [policyField(l, p), z.unknown()]))))
  .transform((raw, ctx): ChannelPolicy => {
    const out: Partial<ChannelPolicy> = {};
    for (const list of POLICY_LISTS) {
      const parsed = listSchema(list).safeParse(POLICY_POSITIONS.map((p) => raw[policyField(list, p)]));
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          // A slot's own enum error is at its index; the list's checks name the field themselves.
          const head = issue.path[0];
          const field = typeof head === "number" ? policyField(list, head + 1) : String(head ?? policyField(list, 1));
          ctx.addIssue({ code: "custom", path: [field], message: issue.message });
        }
        continue;
      }
      out[list] = parsed.data.filter((c): c is NonNullable<typeof c> => c !== null);
    }
    return { ordinary: out.ordinary ?? [], legal: out.legal ?? [] };
  });

/** The form's fields from a policy (what the selects show). */
export function policyToForm(policy: ChannelPolicy): Record<string, string> {
  return Object.fromEntries(POLICY_LISTS.flatMap((l) => POLICY_POSITIONS.map((p) => [policyField(l, p), policy[l][p - 1] ?? ""])));
}

/** The admin saves the ente's channel policy: validated, one audited update. */
export async function updateChannelPolicy(ctx: Ctx, input: Record<string, unknown>): Promise<ChannelPolicy> {
  const parsed = channelPolicySchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_data", zodFieldErrors(parsed.error.issues));
  const policy = parsed.data;
  return asAdmin(ctx, async ({ db, ente, actor }) => {
    const [current] = await db.select({ policy: enti.channelPolicy }).from(enti).where(eq(enti.id, ente.id)).for("update");
    if (!current) throw new NotFoundError("ente.not_found");
    if (JSON.stringify(current.policy) === JSON.stringify(policy)) return policy;
    await db.update(enti).set({ channelPolicy: policy, updatedAt: new Date() }).where(eq(enti.id, ente.id));
    await recordAudit(db, { enteId: ente.id, actor, action: "ente.channel_policy", targetType: "ente", targetId: ente.id, data: { before: current.policy, after: policy } });
    return policy;
  });
}
