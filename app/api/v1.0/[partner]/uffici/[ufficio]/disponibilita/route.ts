import { availabilityQuerySchema } from "@/lib/api/appointment-schemas";
import { partnerAvailability } from "@/lib/api/appointments";
import { parseQuery } from "@/lib/api/body";
import { otherMethods } from "@/lib/api/methods";
import { withPartner } from "@/lib/api/with-partner";

export const dynamic = "force-dynamic";

export const GET = withPartner(async ({ ctx, params, url }) => ({ body: await partnerAvailability(ctx, params.ufficio ?? "", parseQuery(url, availabilityQuerySchema)) }), {
  scope: "partner",
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
