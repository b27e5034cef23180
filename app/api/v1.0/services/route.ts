import { listActiveServices } from "@/lib/api/services";
import { withPartner } from "@/lib/api/with-partner";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

export const GET = withPartner(async ({ ctx }) => ({ body: await listActiveServices(ctx) }), { scope: "ente" });

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
