import { parseQuery } from "@/lib/api/body";
import { listPartnerPratiche } from "@/lib/api/pratiche";
import { praticheListQuerySchema } from "@/lib/api/schemas";
import { withPartner } from "@/lib/api/with-partner";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

export const GET = withPartner(async ({ ctx, url }) => ({ body: await listPartnerPratiche(ctx, parseQuery(url, praticheListQuerySchema)) }), {
  scope: "partner",
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
