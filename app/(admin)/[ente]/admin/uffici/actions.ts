"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { createOffice, officeInputSchema, updateOffice } from "@/lib/appointments/offices";
import { staffAction } from "@/lib/edge/actions";
import type { ActionState } from "@/lib/edge/failure";
import { enteSlug, formData } from "@/lib/edge/schemas";
import { appointmentsStaffTexts } from "@/lib/i18n/appointments-staff";
import { getT } from "@/lib/i18n/server";
import { readOfficeForm, withFormFields } from "./form-input";

/** "Crea l'ufficio": then to the new office's page. */
export const createOfficeAction = staffAction(
  { role: "admin", input: z.object({ ente: enteSlug, fd: formData }), args: (ente: string, _prev: ActionState, fd: FormData) => ({ ente, fd }) },
  async ({ ctx }, { fd }): Promise<ActionState> => {
    const t = await getT(appointmentsStaffTexts);
    const form = readOfficeForm(fd);
    const office = await withFormFields(form, t, () => createOffice(ctx, officeInputSchema.parse(form.input)));
    revalidatePath(`/${ctx.ente.slug}/admin/uffici`);
    redirect(`/${ctx.ente.slug}/admin/uffici/${office.id}?creato=1`);
  },
);

/** "Salva l'ufficio": every section of the office at once, all or nothing. */
export const updateOfficeAction = staffAction(
  {
    role: "admin",
    input: z.object({ ente: enteSlug, officeId: z.uuid(), fd: formData }),
    args: (ente: string, officeId: string, _prev: ActionState, fd: FormData) => ({ ente, officeId, fd }),
  },
  async ({ ctx }, { officeId, fd }): Promise<ActionState> => {
    const t = await getT(appointmentsStaffTexts);
    const form = readOfficeForm(fd);
    await withFormFields(form, t, () => updateOffice(ctx, officeId, officeInputSchema.parse(form.input)));
    revalidatePath(`/${ctx.ente.slug}/admin/uffici`);
    return { ok: t.offices.saved };
  },
);
