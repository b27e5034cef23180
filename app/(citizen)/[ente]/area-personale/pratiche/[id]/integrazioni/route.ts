import { getDb } from "@/db";
import { getCurrentUser } from "@/lib/auth/session";
import { getEnteBySlug } from "@/lib/enti/get";
import { DomainError } from "@/lib/errors";
import { errorCode } from "@/lib/portal/form-post-errors";
import { discardStored, readCitizenUpload, type StoredUpload } from "@/lib/portal/store-file";
import { submitIntegration } from "@/lib/pratiche/submit-integration";

export const dynamic = "force-dynamic";

// A relative Location keeps the visitor on the host they used (behind a proxy too).
const back = (_request: Request, path: string) => new Response(null, { status: 303, headers: { Location: path } });

/** The citizen answers a request for more documents (files + optional message), from a plain HTML form. */
export async function POST(request: Request, { params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente: slug, id } = await params;
  const db = await getDb();
  const ente = await getEnteBySlug(db, slug);
  if (!ente || !/^[0-9a-f-]{36}$/i.test(id)) return new Response("Non trovato", { status: 404 });
  const page = `/${ente.slug}/area-personale/pratiche/${id}`;
  const current = await getCurrentUser();
  if (!current || current.kind !== "citizen") return back(request, `/${ente.slug}/accedi?next=${encodeURIComponent(page)}`);
  const ctx = { db, ente, actor: { kind: "citizen" as const, userId: current.user.id } };
  let files: StoredUpload[] = [];
  try {
    const form = await readCitizenUpload(request);
    files = form.files;
    await submitIntegration(ctx, id, { message: form.fields.message, files });
  } catch (err) {
    await discardStored(files);
    if (err instanceof DomainError) return back(request, `${page}?errore=${errorCode(err)}#integrazioni`);
    throw err;
  }
  return back(request, `${page}?esito=integrazioni`);
}
