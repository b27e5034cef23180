import { parseQuery } from "@/lib/api/body";
import { listWebhookDeliveries } from "@/lib/api/deliveries";
import { deliveriesQuerySchema } from "@/lib/api/schemas";
import { withPartner } from "@/lib/api/with-partner";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

export const GET = withPartner(async ({ ctx, url }) => ({ body: await listWebhookDeliveries(ctx, parseQuery(url, deliveriesQuerySchema)) }), {
  scope: "partner",
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
