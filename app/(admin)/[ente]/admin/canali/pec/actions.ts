"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { savePecSettings, testPecConnection } from "@/lib/channels/pec/settings";
import { staffAction } from "@/lib/edge/actions";
import type { ActionState } from "@/lib/edge/failure";
import { formObject } from "@/lib/edge/guard";
import { enteSlug, formData } from "@/lib/edge/schemas";
import { pecStaffTexts } from "@/lib/i18n/pec-staff";
import { getT } from "@/lib/i18n/server";

export const savePecSettingsAction = staffAction(
  { role: "admin", input: z.object({ ente: enteSlug, fd: formData }), args: (ente: string, _prev: ActionState, fd: FormData) => ({ ente, fd }) },
  async ({ ctx }, { fd }): Promise<ActionState> => {
    const t = await getT(pecStaffTexts);
    await savePecSettings(ctx, formObject(fd));
    revalidatePath(`/${ctx.ente.slug}/admin/canali/pec`);
    return { ok: t.saved };
  },
);

export const testPecConnectionAction = staffAction(
  { role: "admin", input: z.object({ ente: enteSlug }), args: (ente: string, _prev: ActionState) => ({ ente }) },
  async ({ ctx }): Promise<ActionState> => {
    const t = await getT(pecStaffTexts);
    const r = await testPecConnection(ctx);
    if (r.smtp.ok && r.imap.ok) return { ok: t.testOk };
    // The servers' own answers: what the admin passes on to the provider.
    const part = (p: { ok: boolean; error?: string }) => (p.ok ? t.testPartOk : (p.error ?? "?"));
    return { error: t.testFailed({ smtp: part(r.smtp), imap: part(r.imap) }), code: "pec.connection_failed", fieldErrors: {} };
  },
);
