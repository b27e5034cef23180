import { appointmentCreateBodySchema, appointmentsListQuerySchema } from "@/lib/api/appointment-schemas";
import { appointmentPath, createPartnerAppointment, listPartnerAppointments } from "@/lib/api/appointments";
import { parseQuery } from "@/lib/api/body";
import { otherMethods } from "@/lib/api/methods";
import { withPartner } from "@/lib/api/with-partner";

export const dynamic = "force-dynamic";

export const GET = withPartner(async ({ ctx, url, partner }) => ({ body: await listPartnerAppointments(ctx, partner.slug, parseQuery(url, appointmentsListQuerySchema)) }), {
  scope: "partner",
});

/** 201 with Location; the same booking again (same Idempotency-Key after its stored answer expired) is 200. */
export const POST = withPartner(
  async ({ ctx, body, partner, req }) => {
    const { appointment, duplicate } = await createPartnerAppointment(ctx, partner.slug, body, req.headers.get("idempotency-key"));
    return { status: duplicate ? 200 : 201, body: appointment, headers: { location: appointmentPath(partner.slug, appointment.id) } };
  },
  { scope: "partner", body: appointmentCreateBodySchema },
);

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET", "POST"]);
