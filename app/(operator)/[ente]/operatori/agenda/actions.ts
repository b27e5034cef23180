"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/components/backoffice/action-forms";
import { bookAppointment } from "@/lib/appointments/book";
import {
  approveAppointment,
  cancelAppointment,
  markNoShow,
  refuseAppointment,
} from "@/lib/appointments/manage";
import { staffAction } from "@/lib/edge/actions";
import { fieldError, ValidationError } from "@/lib/errors";
import { enteSlug } from "@/lib/edge/schemas";
import { fromLocalDateTime } from "@/lib/time/wall-clock";

const one = z.object({ ente: enteSlug, appointmentId: z.uuid() });
const withMessage = one.extend({ message: z.string().max(2000).default("") });

function done(ente: string): FormState {
  revalidatePath(`/${ente}/operatori/agenda`);
  return { ok: true };
}

/** "Approva": a requested booking becomes confirmed. */
export const approveAppointmentAction = staffAction(
  { role: "staff", input: one },
  async ({ ctx }, { appointmentId }): Promise<FormState> => {
    await approveAppointment(ctx, appointmentId);
    return done(ctx.ente.slug);
  },
);

/** "Rifiuta", with the message the citizen reads (required: the lib refuses an empty one). */
export const refuseAppointmentAction = staffAction(
  { role: "staff", input: withMessage },
  async ({ ctx }, { appointmentId, message }): Promise<FormState> => {
    await refuseAppointment(ctx, appointmentId, message);
    return done(ctx.ente.slug);
  },
);

/** "Annulla", with the message the citizen reads (required for staff). */
export const cancelAppointmentAction = staffAction(
  { role: "staff", input: withMessage },
  async ({ ctx }, { appointmentId, message }): Promise<FormState> => {
    await cancelAppointment(ctx, appointmentId, message);
    return done(ctx.ente.slug);
  },
);

/** "Segna come non presentato": a confirmed appointment that has started. */
export const noShowAction = staffAction(
  { role: "staff", input: one },
  async ({ ctx }, { appointmentId }): Promise<FormState> => {
    await markNoShow(ctx, appointmentId);
    return done(ctx.ente.slug);
  },
);

const optional = z
  .string()
  .max(300)
  .transform((v) => v.trim() || undefined)
  .optional();

/** "Prenota per conto del cittadino": the chosen free slot, the citizen's contacts and the reason; back to that day of the agenda. */
export const bookOnBehalfAction = staffAction(
  {
    role: "staff",
    input: z.object({
      ente: enteSlug,
      officeId: z.uuid(),
      serviceId: z.uuid(),
      slot: z.string().max(40).default(""),
      name: optional,
      phone: optional,
      email: optional,
      reason: z.string().max(2000).default(""),
      bookingKey: z.uuid(),
    }),
  },
  async ({ ctx }, input): Promise<FormState> => {
    const startsAt = fromLocalDateTime(input.slot, ctx.ente.timezone);
    if (!startsAt)
      throw new ValidationError("request.invalid_input", [
        fieldError("slot", "field.required"),
      ]);
    const { appointment } = await bookAppointment(ctx, {
      officeId: input.officeId,
      serviceId: input.serviceId,
      startsAt,
      reason: input.reason,
      name: input.name,
      phone: input.phone,
      email: input.email,
      bookingKey: input.bookingKey,
    });
    revalidatePath(`/${ctx.ente.slug}/operatori/agenda`);
    redirect(
      `/${ctx.ente.slug}/operatori/agenda?giorno=${input.slot.slice(0, 10)}&ufficio=${input.officeId}&prenotato=${encodeURIComponent(appointment.code)}`,
    );
  },
);
