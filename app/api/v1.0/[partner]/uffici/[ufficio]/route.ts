import { getPartnerOffice } from "@/lib/api/appointments";
import { otherMethods } from "@/lib/api/methods";
import { withPartner } from "@/lib/api/with-partner";

export const dynamic = "force-dynamic";

export const GET = withPartner(async ({ ctx, params }) => ({ body: await getPartnerOffice(ctx, params.ufficio ?? "") }), { scope: "partner" });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
