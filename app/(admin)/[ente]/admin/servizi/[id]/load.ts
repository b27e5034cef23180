import "server-only";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getServiceAdmin } from "@/lib/admin/services";
import { requireStaff } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";

/** The admin session and the service of a /admin/servizi/[id]/… page, or the 404 page. */
export async function loadService(params: Promise<{ ente: string; id: string }>) {
  const p = await params;
  const session = await requireStaff(p.ente, "admin");
  const id = z.uuid().safeParse(p.id);
  if (!id.success) notFound();
  const service = await getServiceAdmin(session.ctx, id.data).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  return { ...session, service };
}
