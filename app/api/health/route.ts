export const dynamic = "force-dynamic";

/**
 * Liveness: the process answers. Nothing else is checked (a database outage must not get every instance restarted);
 * readiness, with the dependencies, is /api/health/ready.
 */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
