import { getDb } from "@/db";
import { getCurrentUser, getStaffRoles } from "@/lib/auth/session";
import { decidePratica } from "@/lib/backoffice/manage";
import { getEnteBySlug } from "@/lib/enti/get";
import { DomainError, ValidationError } from "@/lib/errors";
import { RESPONSE_FILE_MAX_BYTES } from "@/lib/pratiche/conclude";
import { isUuid } from "@/lib/uuid";

export const dynamic = "force-dynamic";

const json = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

/** Elabora's "Conferma": the decision, its motivation and the optional response file (multipart). */
export async function POST(request: Request, { params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente: slug, id } = await params;
  const db = await getDb();
  const ente = await getEnteBySlug(db, slug);
  if (!ente || !isUuid(id)) return json(404, { error: "Pratica non trovata" });
  const current = await getCurrentUser();
  if (!current) return json(401, { error: "Accesso richiesto" });
  const roles = current.kind === "staff" ? await getStaffRoles(db, current.user.id, ente.id) : [];
  if (!roles.includes("operator")) return json(403, { error: "Riservato agli operatori del Comune" });
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
    const ctx = { db, ente, actor: { kind: "operator" as const, userId: current.user.id } };
    const result = await decidePratica(ctx, id, { outcome: form.get("outcome"), motivation: form.get("motivation") ?? "", expectedVersion: form.get("expectedVersion") || undefined, operatorData }, responseFile);
    return json(200, { ok: true, status: result.pratica.status });
  } catch (err) {
    if (err instanceof ValidationError)
      return json(422, { error: err.message, fieldErrors: Object.fromEntries(err.fieldErrors.map((f) => [f.path, f.message])) });
    if (err instanceof DomainError) {
      const field = err.status === 413 || err.status === 415 ? { fieldErrors: { responseFile: err.message } } : {};
      return json(err.status, { error: err.message, ...field });
    }
    throw err;
  }
}
