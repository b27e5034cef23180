import "server-only";
import { notFound } from "next/navigation";
import { requireStaff } from "@/lib/auth/session";
import { getPraticaDetail } from "@/lib/backoffice/detail";
import { DomainError } from "@/lib/errors";
import { isUuid } from "@/lib/uuid";

/** The operator session and the pratica of a /operatori/pratiche/[id]/… page, or the 404 page. */
export async function loadPratica(slug: string, id: string) {
  const session = await requireStaff(slug, "operator");
  if (!isUuid(id)) notFound();
  // Not enabled on the service, or not this ente's: the pratica's existence is not revealed.
  const d = await getPraticaDetail(session.ctx, id).catch((err: unknown) => {
    if (err instanceof DomainError && (err.status === 404 || err.status === 403)) notFound();
    throw err;
  });
  return { ...session, d };
}
