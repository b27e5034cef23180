import { recordPartnerProtocolli } from "@/lib/api/protocolli";
import { protocolliBodySchema } from "@/lib/api/schemas";
import { withPartner } from "@/lib/api/with-partner";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

export const POST = withPartner(
  async ({ ctx, params, body }) => ({ status: 201, body: await recordPartnerProtocolli(ctx, params.pratica ?? "", Array.isArray(body) ? body : body.protocolli) }),
  { scope: "partner", body: protocolliBodySchema },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["POST"]);
