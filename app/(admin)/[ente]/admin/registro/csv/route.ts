import { cleanAuditFilter, exportAuditCsv } from "@/lib/admin/audit";
import { requireStaff } from "@/lib/auth/session";
import { DomainError } from "@/lib/errors";

/** The filtered audit log as a CSV download (admins of the ente only; others are redirected like on pages). */
export async function GET(req: Request, { params }: { params: Promise<{ ente: string }> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  const url = new URL(req.url);
  const filter = cleanAuditFilter(Object.fromEntries(url.searchParams.entries()));
  delete filter.before;
  try {
    const csv = await exportAuditCsv(ctx, filter);
    const day = new Date().toISOString().slice(0, 10);
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="registro-${ente.slug}-${day}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (err) {
    if (err instanceof DomainError) return Response.json({ error: err.code, message: err.message }, { status: err.status });
    throw err;
  }
}
