import { serveMetrics } from "@/lib/ops/metrics-endpoint";

export const dynamic = "force-dynamic";

/** Prometheus' scrape (lib/ops/metrics-endpoint.ts explains who may read it and why it has its own guard). */
export async function GET(req: Request): Promise<Response> {
  return serveMetrics(req);
}
