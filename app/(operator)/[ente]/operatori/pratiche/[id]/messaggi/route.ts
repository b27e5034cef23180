import { getDb } from "@/db";
import { getCurrentUser, getStaffRoles } from "@/lib/auth/session";
import { postOperatorMessage } from "@/lib/backoffice/manage";
import { getEnteBySlug } from "@/lib/enti/get";
import { DomainError, ValidationError } from "@/lib/errors";
import { CITIZEN_FILE_MAX_MB, CITIZEN_FILES_MAX, discardStored, readCitizenUpload, type StoredUpload } from "@/lib/portal/store-file";
import { isUuid } from "@/lib/uuid";

export const dynamic = "force-dynamic";

const json = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

/**
 * The operator writes to the citizen, or an internal note, with optional files (multipart: body, internal,
 * files). The same file rules as the citizen's (PDF, JPEG, PNG; 10 MB each; 10 at most), checked while the upload
 * streams; files already stored are removed when the message is refused, so nothing is half-written.
 */
export async function POST(request: Request, { params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente: slug, id } = await params;
  const db = await getDb();
  const ente = await getEnteBySlug(db, slug);
  if (!ente || !isUuid(id)) return json(404, { error: "Pratica non trovata" });
  // The form posts through fetch and reads JSON; sent before the page's script ran, it is a plain form post, and
  // the answer is the pratica's page again, saying whether the message went.
  const page = `/${ente.slug}/operatori/pratiche/${id}`;
  const plain = !(request.headers.get("accept") ?? "").includes("application/json");
  const answer = (status: number, body: Record<string, unknown>) =>
    plain ? new Response(null, { status: 303, headers: { Location: `${page}?messaggio=${status === 200 ? "inviato" : "non-inviato"}#messaggi` } }) : json(status, body);
  const current = await getCurrentUser();
  if (!current) return json(401, { error: "Accesso richiesto" });
  const roles = current.kind === "staff" ? await getStaffRoles(db, current.user.id, ente.id) : [];
  if (!roles.includes("operator")) return json(403, { error: "Riservato agli operatori del Comune" });
  if (Number(request.headers.get("content-length") ?? 0) > CITIZEN_FILES_MAX * CITIZEN_FILE_MAX_MB * 1024 * 1024 + 1024 * 1024)
    return json(413, { error: `Allegati troppo grandi: al massimo ${CITIZEN_FILES_MAX} file da ${CITIZEN_FILE_MAX_MB} MB`, fieldErrors: { files: `Al massimo ${CITIZEN_FILES_MAX} file da ${CITIZEN_FILE_MAX_MB} MB` } });
  let files: StoredUpload[] = [];
  try {
    const form = await readCitizenUpload(request);
    files = form.files;
    const ctx = { db, ente, actor: { kind: "operator" as const, userId: current.user.id } };
    await postOperatorMessage(ctx, id, { body: form.fields.body ?? "", internal: form.fields.internal === "on" }, files);
    return answer(200, { ok: true });
  } catch (err) {
    await discardStored(files);
    if (err instanceof ValidationError) return answer(422, { error: err.message, fieldErrors: Object.fromEntries(err.fieldErrors.map((f) => [f.path, f.message])) });
    if (err instanceof DomainError) {
      // A text field over its limit names itself ('Il campo "body" …'); any other size or type refusal is a file's.
      const named = /^Il campo "(\w+)"/.exec(err.message)?.[1];
      const field = named ? { fieldErrors: { [named]: err.message } } : err.status === 413 || err.status === 415 ? { fieldErrors: { files: err.message } } : {};
      return answer(err.status, { error: err.message, ...field });
    }
    throw err;
  }
}
