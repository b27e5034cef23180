import { stepTextBodySchema } from "@/lib/api/schemas";
import { setStepText } from "@/lib/api/services";
import { withPartner } from "@/lib/api/with-partner";
import { NotFoundError } from "@/lib/errors";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

export const POST = withPartner(
  async ({ ctx, service, params, body }) => {
    if (!service) throw new NotFoundError("service.not_found");
    return { body: await setStepText(ctx, service, params.step ?? "", body.testo) };
  },
  { scope: "service", body: stepTextBodySchema },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["POST"]);
