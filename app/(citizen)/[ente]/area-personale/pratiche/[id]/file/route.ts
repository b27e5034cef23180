import { getDb } from "@/db";
import { getCurrentUser } from "@/lib/auth/session";
import { getEnteBySlug } from "@/lib/enti/get";
import { DomainError } from "@/lib/errors";
import { receiveDraftUpload } from "@/lib/pratiche/uploads";
import { isUuid } from "@/lib/uuid";

export const dynamic = "force-dynamic";

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

/**
 * Upload of one file for a file field of the citizen's draft: `POST …/file?campo=<field>` with a multipart body.
 * The file streams to storage (size limit, type from the bytes, sha256); 413/415 carry the reason in Italian.
 */
export async function POST(request: Request, { params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente: slug, id } = await params;
  const db = await getDb();
  const ente = await getEnteBySlug(db, slug);
  if (!ente) return json(404, { error: "Non trovato" });
  const current = await getCurrentUser();
  if (!current || current.kind !== "citizen") return json(401, { error: "Accedi di nuovo per caricare il file" });
  const campo = new URL(request.url).searchParams.get("campo") ?? "";
  if (!/^[a-zA-Z][a-zA-Z0-9_]{0,63}$/.test(campo) || !isUuid(id)) return json(400, { error: "Richiesta non valida" });
  // An obviously oversized body is refused before reading it (the field's own limit is enforced while streaming).
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > 51 * 1024 * 1024) return json(413, { error: "Il file supera la dimensione massima consentita" });
  const ctx = { db, ente, actor: { kind: "citizen" as const, userId: current.user.id } };
  try {
    const file = await receiveDraftUpload(ctx, id, campo, request);
    if (!file) return json(400, { error: "Nessun file ricevuto" });
    return json(201, { file });
  } catch (err) {
    if (err instanceof DomainError) return json(err.status, { error: err.message, code: err.code });
    throw err;
  }
}
