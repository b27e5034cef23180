import { Readable } from "node:stream";
import { getDb } from "@/db";
import type { Ctx } from "@/lib/context";
import { getEnteBySlug } from "@/lib/enti/get";
import { DomainError } from "@/lib/errors";
import { errorText } from "@/lib/i18n/errors";
import { getLang } from "@/lib/i18n/server";
import { getCurrentUser, getStaffRoles } from "@/lib/auth/session";
import { getAttachment } from "@/lib/pratiche/attachments";
import { getStorage, openStoredFile } from "@/lib/storage";
import { contentDisposition, fileCsp, isPreviewable } from "@/lib/security/headers";

export const dynamic = "force-dynamic";

/**
 * Downloads a pratica's file for whoever is signed in: the citizen (their own, visible files), an operator
 * enabled on the service, or an admin of the ente. Everyone else gets 404 (or 401 when not signed in).
 * A download by default; `?anteprima=1` opens a PDF or an image in the browser, under a CSP that lets it
 * load and run nothing.
 */
export async function GET(request: Request, { params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente: slug, id } = await params;
  // A refusal is read by whoever followed the link: in their language, from the error catalogue.
  const lang = await getLang();
  const refuse = (code: "attachment.not_found" | "request.unauthorized", status: number) => new Response(errorText(code, {}, lang), { status });
  const db = await getDb();
  const ente = await getEnteBySlug(db, slug);
  if (!ente) return refuse("attachment.not_found", 404);
  const current = await getCurrentUser();
  if (!current) return refuse("request.unauthorized", 401);
  let ctx: Ctx;
  if (current.kind === "citizen") ctx = { db, ente, actor: { kind: "citizen", userId: current.user.id } };
  else {
    const roles = await getStaffRoles(db, current.user.id, ente.id);
    const asOperator = roles.includes("operator") && new URL(request.url).searchParams.get("come") !== "admin";
    if (roles.length === 0) return refuse("attachment.not_found", 404);
    ctx = { db, ente, actor: { kind: asOperator ? "operator" : "admin", userId: current.user.id } };
  }
  try {
    const file = await getAttachment(ctx, id);
    const storage = await getStorage();
    const stream = Readable.toWeb(await openStoredFile(storage, file.storageKey)) as ReadableStream<Uint8Array>;
    const inline = new URL(request.url).searchParams.get("anteprima") === "1" && isPreviewable(file.mimeType);
    return new Response(stream, {
      headers: {
        "Content-Type": inline ? file.mimeType : file.mimeType || "application/octet-stream",
        "Content-Length": String(file.size),
        "Content-Disposition": contentDisposition(inline ? "inline" : "attachment", file.filename),
        "Content-Security-Policy": fileCsp(inline ? file.mimeType : "application/octet-stream"),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
      },
    });
  } catch (err) {
    if (err instanceof DomainError) return err.status === 403 ? refuse("attachment.not_found", 404) : new Response(errorText(err.code, err.params, lang), { status: err.status });
    throw err;
  }
}
