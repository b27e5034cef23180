import { statusChangeBodySchema } from "@/lib/api/schemas";
import { changeStatusAsPartner } from "@/lib/api/status";
import { withPartner } from "@/lib/api/with-partner";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

export const POST = withPartner(async ({ ctx, params, body }) => ({ body: await changeStatusAsPartner(ctx, params.pratica ?? "", body) }), {
  scope: "partner",
  body: statusChangeBodySchema,
});

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["POST"]);
