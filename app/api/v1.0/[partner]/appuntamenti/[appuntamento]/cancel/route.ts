import { appointmentCancelBodySchema } from "@/lib/api/appointment-schemas";
import { cancelPartnerAppointment } from "@/lib/api/appointments";
import { otherMethods } from "@/lib/api/methods";
import { withPartner } from "@/lib/api/with-partner";

export const dynamic = "force-dynamic";

export const POST = withPartner(
  async ({ ctx, params, partner, body }) => ({ body: await cancelPartnerAppointment(ctx, partner.slug, params.appuntamento ?? "", body.message) }),
  { scope: "partner", body: appointmentCancelBodySchema },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["POST"]);
