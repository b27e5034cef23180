import { readiness } from "@/lib/ops/health";

export const dynamic = "force-dynamic";

/**
 * Readiness: 200 when the database (open and migrated; in demo mode also seeded, since the seed runs when the database is opened), the attachment storage and the mail
 * server (or the demo mail folder) answer; 503 when one does not, or when the instance is shutting down
 * ("draining"). Each check's outcome is listed; no host names or error texts.
 */
export async function GET() {
  const r = await readiness();
  return Response.json(r, { status: r.status === "ready" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
