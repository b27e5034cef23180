import { getDb } from "@/db";
import { getCurrentUser, getStaffRoles } from "@/lib/auth/session";
import { exportDashboardCsv } from "@/lib/backoffice/export";
import { getEnteBySlug } from "@/lib/enti/get";
import { DomainError } from "@/lib/errors";
import { getLang } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

/** CSV of the dashboard's current view (same tab, search and sort), streamed out in chunks. */
export async function GET(request: Request, { params }: { params: Promise<{ ente: string }> }) {
  const { ente: slug } = await params;
  const db = await getDb();
  const ente = await getEnteBySlug(db, slug);
  if (!ente) return new Response("Non trovato", { status: 404 });
  const current = await getCurrentUser();
  if (!current) return new Response("Accesso richiesto", { status: 401 });
  const roles = current.kind === "staff" ? await getStaffRoles(db, current.user.id, ente.id) : [];
  if (!roles.includes("operator")) return new Response("Non autorizzato", { status: 403 });
  const input = Object.fromEntries(new URL(request.url).searchParams);
  try {
    const { lines } = await exportDashboardCsv({ db, ente, actor: { kind: "operator", userId: current.user.id } }, input, await getLang());
    const encoder = new TextEncoder();
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode("\uFEFF"));
      },
      pull(controller) {
        if (i >= lines.length) return controller.close();
        controller.enqueue(encoder.encode(lines.slice(i, i + 1000).join("\r\n") + "\r\n"));
        i += 1000;
      },
    });
    const date = new Date().toISOString().slice(0, 10);
    const tab = /^[a-z-]{1,20}$/.test(input.tab ?? "") ? input.tab : "pratiche";
    return new Response(body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="pratiche-${tab}-${date}.csv"`,
        "Cache-Control": "private, no-store",
      },
    });
  } catch (err) {
    if (err instanceof DomainError) return new Response(err.message, { status: err.status });
    throw err;
  }
}
