import { z } from "zod";
import { decidePratica } from "@/lib/backoffice/manage";
import { browserRoute, noStoreJson } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { BadRequestError, PayloadTooLargeError } from "@/lib/errors";
import { RESPONSE_FILE_MAX_BYTES } from "@/lib/pratiche/conclude";

export const dynamic = "force-dynamic";

/** Elabora's "Conferma": the decision, its motivation and the optional response file (multipart). */
export const POST = browserRoute({ params: z.object({ ente: enteSlug, id: z.uuid() }), who: "operator", notFound: "pratica.not_found" }, async ({ req, ctx, params }) => {
  const length = Number(req.headers.get("content-length") ?? 0);
  if (length > RESPONSE_FILE_MAX_BYTES + 1024 * 1024) throw new PayloadTooLargeError("response_file.too_large", {}, { field: "responseFile" });
  const form = await req.formData().catch(() => {
    throw new BadRequestError("request.bad");
  });
  const file = form.get("responseFile");
  const responseFile =
    file instanceof File && file.size > 0 ? { filename: file.name, declaredType: file.type, body: Buffer.from(await file.arrayBuffer()) } : undefined;
  let operatorData: unknown = {};
  const rawData = form.get("operatorData");
  if (typeof rawData === "string" && rawData !== "") {
    try {
      operatorData = JSON.parse(rawData);
    } catch {
      throw new BadRequestError("decision.operator_data_invalid", {}, { field: "operatorData" });
    }
  }
  const result = await decidePratica(
    ctx,
    params.id,
    { outcome: form.get("outcome"), motivation: form.get("motivation") ?? "", expectedVersion: form.get("expectedVersion") || undefined, operatorData },
    responseFile,
  );
  return noStoreJson(200, { ok: true, status: result.pratica.status });
});
