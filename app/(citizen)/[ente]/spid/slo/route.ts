import { z } from "zod";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";

/**
 * The SingleLogoutService named in the metadata. Logging out of the portal ends our session on its own (the
 * logout button); an identity provider's LogoutResponse, or a LogoutRequest, lands on the ente's home page, where
 * the citizen sees they are out. Front-channel logout propagated to the provider is not implemented (docs/spid.md).
 */
export const GET = browserRoute({ params: z.object({ ente: enteSlug }), who: "public" }, async ({ ente }) => {
  return new Response(null, { status: 303, headers: { Location: `/${ente.slug}`, "Cache-Control": "no-store" } });
});
