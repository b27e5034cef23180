import { getPraticaDetail } from "@/lib/api/pratiche";
import { withPartner } from "@/lib/api/with-partner";

export const dynamic = "force-dynamic";

export const GET = withPartner(async ({ ctx, params, partner }) => ({ body: await getPraticaDetail(ctx, params.pratica ?? "", partner.slug) }), {
  scope: "partner",
});
