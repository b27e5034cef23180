import { listPartnerOffices } from "@/lib/api/appointments";
import { otherMethods } from "@/lib/api/methods";
import { withPartner } from "@/lib/api/with-partner";

export const dynamic = "force-dynamic";

export const GET = withPartner(async ({ ctx }) => ({ body: await listPartnerOffices(ctx) }), { scope: "partner" });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
