import { z } from "zod";
import { postOperatorMessage } from "@/lib/backoffice/manage";
import { browserRoute, noStoreJson } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { PayloadTooLargeError } from "@/lib/errors";
import { CITIZEN_FILE_MAX_MB, CITIZEN_FILES_MAX, readCitizenUpload } from "@/lib/portal/store-file";
import { getStorage, withStoredFiles } from "@/lib/storage";

export const dynamic = "force-dynamic";

// The form posts through fetch and reads JSON; sent before the page's script ran, it is a plain form post, and
// the answer is the pratica's page again, saying whether the message went.
const wantsJson = (req: Request) => (req.headers.get("accept") ?? "").includes("application/json");
const backToPratica = (ente: string, id: string, sent: boolean) =>
  new Response(null, { status: 303, headers: { Location: `/${ente}/operatori/pratiche/${id}?messaggio=${sent ? "inviato" : "non-inviato"}#messaggi` } });

/**
 * The operator writes to the citizen, or an internal note, with optional files (multipart: body, internal,
 * files). The same file rules as the citizen's (PDF, JPEG, PNG; 10 MB each; 10 at most), checked while the upload
 * streams; files already stored are removed when the message is refused, so nothing is half-written.
 */
export const POST = browserRoute(
  {
    params: z.object({ ente: enteSlug, id: z.uuid() }),
    who: "operator", notFound: "pratica.not_found",
    onError: (failure, status, { req, params, ente }) =>
      !wantsJson(req) && ente && params ? backToPratica(ente.slug, params.id, false) : noStoreJson(status, failure),
  },
  async ({ req, ctx, params }) => {
    if (Number(req.headers.get("content-length") ?? 0) > CITIZEN_FILES_MAX * CITIZEN_FILE_MAX_MB * 1024 * 1024 + 1024 * 1024)
      throw new PayloadTooLargeError("files.too_large", { count: CITIZEN_FILES_MAX, mb: CITIZEN_FILE_MAX_MB }, { field: "files" });
    await withStoredFiles(await getStorage(), async (files) => {
      const form = await readCitizenUpload(req, files);
      await postOperatorMessage(ctx, params.id, { body: form.fields.body ?? "", internal: form.fields.internal === "on" }, form.files);
    });
    return wantsJson(req) ? noStoreJson(200, { ok: true }) : backToPratica(ctx.ente.slug, params.id, true);
  },
);
