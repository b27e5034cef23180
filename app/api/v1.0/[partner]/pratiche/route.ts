import { parseQuery } from "@/lib/api/body";
import { listPartnerPratiche } from "@/lib/api/pratiche";
import { praticheListQuerySchema } from "@/lib/api/schemas";
import { withPartner } from "@/lib/api/with-partner";

export const dynamic = "force-dynamic";

export const GET = withPartner(async ({ ctx, url }) => ({ body: await listPartnerPratiche(ctx, parseQuery(url, praticheListQuerySchema)) }), {
  scope: "partner",
});
