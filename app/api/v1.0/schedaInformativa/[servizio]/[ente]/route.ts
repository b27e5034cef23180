import { schedaUpdateBodySchema } from "@/lib/api/schemas";
import { getScheda, schedaChanges, updateScheda } from "@/lib/api/services";
import { withPartner } from "@/lib/api/with-partner";
import { NotFoundError } from "@/lib/errors";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

export const GET = withPartner(
  async ({ ctx, service }) => {
    if (!service) throw new NotFoundError("service.not_found");
    return { body: getScheda(ctx, service) };
  },
  { scope: "service" },
);

export const POST = withPartner(
  async ({ ctx, service, body }) => {
    if (!service) throw new NotFoundError("service.not_found");
    return { body: await updateScheda(ctx, service, schedaChanges(ctx, service, body)) };
  },
  { scope: "service", body: schedaUpdateBodySchema },
);

export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET", "POST"]);
