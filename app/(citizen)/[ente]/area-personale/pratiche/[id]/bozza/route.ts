import { getDb } from "@/db";
import { getCurrentUser } from "@/lib/auth/session";
import { getEnteBySlug } from "@/lib/enti/get";
import { DomainError } from "@/lib/errors";
import { saveMyDraft } from "@/lib/portal/draft-edit";
import { isUuid } from "@/lib/uuid";

export const dynamic = "force-dynamic";

const json = (status: number, body: unknown) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
const MAX_BYTES = 1024 * 1024;

/**
 * Autosave of the form wizard: `PUT …/bozza` with the form's values as JSON. A route handler rather than a
 * server action so the browser can still send the last changes with `keepalive` when the page is being left.
 */
export async function PUT(request: Request, { params }: { params: Promise<{ ente: string; id: string }> }) {
  const { ente: slug, id } = await params;
  const db = await getDb();
  const ente = await getEnteBySlug(db, slug);
  if (!ente || !isUuid(id)) return json(404, { error: "Non trovato" });
  const current = await getCurrentUser();
  if (!current || current.kind !== "citizen") return json(401, { error: "Accedi di nuovo per salvare la bozza" });
  if (!(request.headers.get("content-type") ?? "").startsWith("application/json")) return json(415, { error: "Serve un corpo JSON" });
  const text = await request.text();
  if (text.length > MAX_BYTES) return json(413, { error: "Bozza troppo grande" });
  let values: unknown;
  try {
    values = JSON.parse(text);
  } catch {
    return json(400, { error: "JSON non valido" });
  }
  try {
    const row = await saveMyDraft({ db, ente, actor: { kind: "citizen", userId: current.user.id } }, id, values);
    return json(200, { savedAt: row.updatedAt.toISOString() });
  } catch (err) {
    if (err instanceof DomainError) return json(err.status, { error: err.message });
    throw err;
  }
}
