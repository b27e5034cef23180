import { getDb } from "@/db";
import type { Ctx } from "@/lib/context";
import { getCurrentUser } from "@/lib/auth/session";
import { getEnteBySlug } from "@/lib/enti/get";
import { DomainError } from "@/lib/errors";
import { errorCode } from "@/lib/portal/form-post-errors";
import { discardStored, readCitizenUpload, type StoredUpload } from "@/lib/portal/store-file";
import { isUuid } from "@/lib/uuid";

// A relative Location keeps the visitor on the host they used (behind a proxy too).
const seeOther = (path: string) => new Response(null, { status: 303, headers: { Location: path } });

type CitizenUpload = { fields: Record<string, string | undefined>; files: StoredUpload[] };

/**
 * A plain HTML form (multipart, files included) a signed-in citizen posts on one of their pratiche: resolves the
 * ente and the citizen (to the login page when signed out), reads the upload, runs `action`, and answers with a
 * 303 back to the pratica: `success` after it, `?errore=<code><anchor>` on a domain error. Files already stored
 * are discarded when the action fails, so nothing is half-written.
 */
export async function handleCitizenPraticaPost(
  request: Request,
  params: Promise<{ ente: string; id: string }>,
  opts: { anchor: string; success: string; action: (ctx: Ctx, praticaId: string, upload: CitizenUpload) => Promise<unknown> },
): Promise<Response> {
  const { ente: slug, id } = await params;
  const db = await getDb();
  const ente = await getEnteBySlug(db, slug);
  if (!ente || !isUuid(id)) return new Response("Non trovato", { status: 404 });
  const page = `/${ente.slug}/area-personale/pratiche/${id}`;
  const current = await getCurrentUser();
  if (!current || current.kind !== "citizen") return seeOther(`/${ente.slug}/accedi?next=${encodeURIComponent(page)}`);
  const ctx: Ctx = { db, ente, actor: { kind: "citizen", userId: current.user.id } };
  let files: StoredUpload[] = [];
  try {
    const form = await readCitizenUpload(request);
    files = form.files;
    await opts.action(ctx, id, form);
  } catch (err) {
    await discardStored(files);
    if (err instanceof DomainError) return seeOther(`${page}?errore=${errorCode(err)}${opts.anchor}`);
    throw err;
  }
  return seeOther(`${page}${opts.success}`);
}
