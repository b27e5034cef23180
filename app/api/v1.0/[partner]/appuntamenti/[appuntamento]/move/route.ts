import { appointmentMoveBodySchema } from "@/lib/api/appointment-schemas";
import { movePartnerAppointment } from "@/lib/api/appointments";
import { otherMethods } from "@/lib/api/methods";
import { withPartner } from "@/lib/api/with-partner";

export const dynamic = "force-dynamic";

export const POST = withPartner(
  async ({ ctx, params, partner, body }) => ({ body: await movePartnerAppointment(ctx, partner.slug, params.appuntamento ?? "", body.starts_at) }),
  { scope: "partner", body: appointmentMoveBodySchema },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["POST"]);
