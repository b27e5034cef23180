import { decidePratica } from "@/lib/backoffice/manage";
import { domainErrorAnswer, jsonAnswer as json, operatorPraticaRoute } from "@/lib/backoffice/route";
import { RESPONSE_FILE_MAX_BYTES } from "@/lib/pratiche/conclude";

export const dynamic = "force-dynamic";

/** Elabora's "Conferma": the decision, its motivation and the optional response file (multipart). */
export async function POST(request: Request, { params }: { params: Promise<{ ente: string; id: string }> }) {
  const route = await operatorPraticaRoute(params);
  if (route instanceof Response) return route;
  const { ctx, id } = route;
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > RESPONSE_FILE_MAX_BYTES + 1024 * 1024) return json(413, { error: "Il file di risposta supera i 20 MB", fieldErrors: { responseFile: "Il file supera i 20 MB" } });
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return json(400, { error: "Richiesta non valida" });
  }
  const file = form.get("responseFile");
  const responseFile =
    file instanceof File && file.size > 0
      ? { filename: file.name, declaredType: file.type, body: Buffer.from(await file.arrayBuffer()) }
      : undefined;
  let operatorData: unknown = {};
  const rawData = form.get("operatorData");
  if (typeof rawData === "string" && rawData !== "") {
    try {
      operatorData = JSON.parse(rawData);
    } catch {
      return json(400, { error: "Dati degli step del servizio non validi" });
    }
  }
  try {
    const result = await decidePratica(ctx, id, { outcome: form.get("outcome"), motivation: form.get("motivation") ?? "", expectedVersion: form.get("expectedVersion") || undefined, operatorData }, responseFile);
    return json(200, { ok: true, status: result.pratica.status });
  } catch (err) {
    const { status, body } = domainErrorAnswer(err, "responseFile");
    return json(status, body);
  }
}
