import { z } from "zod";
import type { Ctx } from "@/lib/context";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { formPostError } from "@/lib/portal/form-post-errors";
import { readCitizenUpload, type StoredUpload } from "@/lib/portal/store-file";
import { getStorage, withStoredFiles } from "@/lib/storage";

// A relative Location keeps the visitor on the host they used (behind a proxy too).
const seeOther = (path: string) => new Response(null, { status: 303, headers: { Location: path } });

type CitizenUpload = { fields: Record<string, string | undefined>; files: StoredUpload[] };

const praticaParams = z.object({ ente: enteSlug, id: z.uuid() });

/**
 * The route of a plain HTML form (multipart, files included) a signed-in citizen posts on one of their pratiche,
 * made with the browser-route wrapper (origin, params, sign-in): reads the upload, runs `action`, and answers with
 * a 303 back to the pratica: `success` after it, `?errore=<key><anchor>` on a refusal (a key of FORM_POST_ERRORS, which
 * the page turns into words; no text travels in the URL). Files already stored are discarded when the action fails, so
 * nothing is half-written.
 */
export function citizenPraticaFormRoute(opts: { anchor: string; success: string; action: (ctx: Ctx, praticaId: string, upload: CitizenUpload) => Promise<unknown> }) {
  const page = (ente: string, id: string) => `/${ente}/area-personale/pratiche/${id}`;
  return browserRoute(
    {
      params: praticaParams,
      who: "citizen", notFound: "pratica.not_found",
      onSignedOut: ({ ente, params }) => seeOther(`/${ente.slug}/accedi?next=${encodeURIComponent(page(ente.slug, params.id))}`),
      onError: (failure, status, { ente, params }) =>
        ente && params && status !== 404 ? seeOther(`${page(ente.slug, params.id)}?errore=${formPostError(failure, status)}${opts.anchor}`) : new Response(failure.error, { status }),
    },
    async ({ req, ctx, params }) => {
      await withStoredFiles(await getStorage(), async (files) => opts.action(ctx, params.id, await readCitizenUpload(req, files)));
      return seeOther(`${page(ctx.ente.slug, params.id)}${opts.success}`);
    },
  );
}
