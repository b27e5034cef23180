import { z } from "zod";
import { browserRoute, noStoreJson } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { BadRequestError, PayloadTooLargeError } from "@/lib/errors";
import { receiveDraftUpload } from "@/lib/pratiche/uploads";

export const dynamic = "force-dynamic";

const query = z.object({ campo: z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/) });

/**
 * Upload of one file for a file field of the citizen's draft: `POST …/file?campo=<field>` with a multipart body.
 * The file streams to storage (size limit, type from the bytes, sha256); its row is written only once the whole
 * request has been read, so a refused request keeps nothing. 413/415 carry the reason on the field.
 */
export const POST = browserRoute({ params: z.object({ ente: enteSlug, id: z.uuid() }), who: "citizen", notFound: "pratica.not_found" }, async ({ req, url, ctx, params }) => {
  const q = query.safeParse({ campo: url.searchParams.get("campo") ?? "" });
  if (!q.success) throw new BadRequestError("request.bad", {}, { field: "campo" });
  // An obviously oversized body is refused before reading it (the field's own limit is enforced while streaming).
  if (Number(req.headers.get("content-length") ?? "0") > 51 * 1024 * 1024) throw new PayloadTooLargeError("file.too_large", { mb: 50 }, { field: q.data.campo });
  const file = await receiveDraftUpload(ctx, params.id, q.data.campo, req);
  if (!file) throw new BadRequestError("file.none_received", {}, { field: q.data.campo });
  return noStoreJson(201, { file });
});
