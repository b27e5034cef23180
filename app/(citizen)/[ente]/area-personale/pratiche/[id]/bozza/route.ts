import { z } from "zod";
import { browserRoute, noStoreJson } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from "@/lib/errors";
import { parseJsonText } from "@/lib/edge/json";
import { saveMyDraft } from "@/lib/portal/draft-edit";

export const dynamic = "force-dynamic";

const MAX_BYTES = 1024 * 1024;

/**
 * Autosave of the form wizard: `PUT …/bozza` with the form's values as JSON. A route handler rather than a
 * server action so the browser can still send the last changes with `keepalive` when the page is being left.
 */
export const PUT = browserRoute({ params: z.object({ ente: enteSlug, id: z.uuid() }), who: "citizen", notFound: "pratica.not_found" }, async ({ req, ctx, params }) => {
  if (!(req.headers.get("content-type") ?? "").startsWith("application/json")) throw new UnsupportedMediaTypeError("body.not_json_type");
  const text = await req.text();
  if (text.length > MAX_BYTES) throw new PayloadTooLargeError("draft.body_too_large");
  const values = parseJsonText(text);
  if (values === undefined) throw new BadRequestError("body.not_json");
  const row = await saveMyDraft(ctx, params.id, values);
  return noStoreJson(200, { savedAt: row.updatedAt.toISOString() });
});
