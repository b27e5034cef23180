import { postOperatorMessage } from "@/lib/backoffice/manage";
import { domainErrorAnswer, jsonAnswer, operatorPraticaRoute } from "@/lib/backoffice/route";
import { CITIZEN_FILE_MAX_MB, CITIZEN_FILES_MAX, discardStored, readCitizenUpload, type StoredUpload } from "@/lib/portal/store-file";

export const dynamic = "force-dynamic";

/**
 * The operator writes to the citizen, or an internal note, with optional files (multipart: body, internal,
 * files). The same file rules as the citizen's (PDF, JPEG, PNG; 10 MB each; 10 at most), checked while the upload
 * streams; files already stored are removed when the message is refused, so nothing is half-written.
 */
export async function POST(request: Request, { params }: { params: Promise<{ ente: string; id: string }> }) {
  const route = await operatorPraticaRoute(params);
  if (route instanceof Response) return route;
  const { ctx, id } = route;
  // The form posts through fetch and reads JSON; sent before the page's script ran, it is a plain form post, and
  // the answer is the pratica's page again, saying whether the message went.
  const page = `/${ctx.ente.slug}/operatori/pratiche/${id}`;
  const plain = !(request.headers.get("accept") ?? "").includes("application/json");
  const answer = (status: number, body: Record<string, unknown>) =>
    plain ? new Response(null, { status: 303, headers: { Location: `${page}?messaggio=${status === 200 ? "inviato" : "non-inviato"}#messaggi` } }) : jsonAnswer(status, body);
  if (Number(request.headers.get("content-length") ?? 0) > CITIZEN_FILES_MAX * CITIZEN_FILE_MAX_MB * 1024 * 1024 + 1024 * 1024)
    return jsonAnswer(413, { error: `Allegati troppo grandi: al massimo ${CITIZEN_FILES_MAX} file da ${CITIZEN_FILE_MAX_MB} MB`, fieldErrors: { files: `Al massimo ${CITIZEN_FILES_MAX} file da ${CITIZEN_FILE_MAX_MB} MB` } });
  let files: StoredUpload[] = [];
  try {
    const form = await readCitizenUpload(request);
    files = form.files;
    await postOperatorMessage(ctx, id, { body: form.fields.body ?? "", internal: form.fields.internal === "on" }, files);
    return answer(200, { ok: true });
  } catch (err) {
    await discardStored(files);
    const { status, body } = domainErrorAnswer(err, "files");
    return answer(status, body);
  }
}
