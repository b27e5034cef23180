import { getPartnerAppointment } from "@/lib/api/appointments";
import { otherMethods } from "@/lib/api/methods";
import { withPartner } from "@/lib/api/with-partner";

export const dynamic = "force-dynamic";

export const GET = withPartner(async ({ ctx, params, partner }) => ({ body: await getPartnerAppointment(ctx, partner.slug, params.appuntamento ?? "") }), {
  scope: "partner",
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
