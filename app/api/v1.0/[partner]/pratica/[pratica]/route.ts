import { getPraticaDetail } from "@/lib/api/pratiche";
import { withPartner } from "@/lib/api/with-partner";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

export const GET = withPartner(async ({ ctx, params, partner }) => ({ body: await getPraticaDetail(ctx, params.pratica ?? "", partner.slug) }), {
  scope: "partner",
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
