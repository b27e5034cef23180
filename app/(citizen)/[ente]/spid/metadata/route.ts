import { z } from "zod";
import { getConfig } from "@/lib/config/env";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { NotFoundError } from "@/lib/errors";
import { pick } from "@/lib/i18n";
import { spidTexts } from "@/lib/i18n/spid";
import { buildSpMetadata } from "@/lib/spid/metadata";
import { getSpidSetup } from "@/lib/spid/setup";

/** The ente's signed SAML metadata as a SPID/CIE service provider (what AgID and the identity providers load). */
export const GET = browserRoute({ params: z.object({ ente: enteSlug }), who: "public" }, async ({ ente }) => {
  const config = getConfig();
  const setup = await getSpidSetup(config);
  if (!setup) throw new NotFoundError("spid.not_configured");
  // In Italian whatever the visitor's language: the metadata is one document for the federation.
  const xml = buildSpMetadata(config.appUrl, ente, setup.sp, pick(spidTexts, "it").metadataServiceName);
  return new Response(xml, { headers: { "Content-Type": "application/samlmetadata+xml; charset=utf-8", "Cache-Control": "public, max-age=300" } });
});
