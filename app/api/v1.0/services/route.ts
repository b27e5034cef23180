import { listActiveServices } from "@/lib/api/services";
import { withPartner } from "@/lib/api/with-partner";

export const dynamic = "force-dynamic";

export const GET = withPartner(async ({ ctx }) => ({ body: await listActiveServices(ctx) }), { scope: "ente" });
