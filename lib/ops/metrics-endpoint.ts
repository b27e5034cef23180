import { createHash, timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import { makeProblem, problemResponse } from "@/lib/api/problem";
import { clientAddress } from "@/lib/auth/client-address";
import { getConfig } from "@/lib/config/env";
import { errorText } from "@/lib/i18n/errors";
import { logger } from "./log";
import { PEER_HEADER, peerAddressKnown } from "./metrics";
import { renderMetrics } from "./metrics-scrape";

export type MetricsAccess = {
  /** METRICS_TOKEN: a bearer token is then required, from anywhere. */
  token: string | undefined;
  trustProxy: boolean;
  /** Whether the socket address header can be believed (the HTTP server is instrumented: lib/ops/metrics.ts). */
  peerKnown: boolean;
};

/** Equal strings, in time that does not depend on where they differ nor on their lengths (both hashed). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export function isLoopbackAddress(address: string | null): boolean {
  if (!address) return false;
  const bare = address.trim().toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
  if (isIP(bare) === 4) return bare.startsWith("127.");
  return bare === "::1";
}

/**
 * The client's address as far as it can be known: behind a trusted proxy, the address it appended to
 * X-Forwarded-For; otherwise the socket's (PEER_HEADER, set by the HTTP instrumentation). Unknown: null.
 */
export function metricsClientAddress(headers: Headers, access: Pick<MetricsAccess, "trustProxy" | "peerKnown">): string | null {
  if (access.trustProxy) return clientAddress(headers, true);
  return access.peerKnown ? headers.get(PEER_HEADER) : null;
}

/** Who may read /metrics: with METRICS_TOKEN, whoever sends it as a bearer token; without, loopback clients only. */
export function metricsRefusal(req: Request, access: MetricsAccess): Response | null {
  if (access.token) {
    const auth = req.headers.get("authorization") ?? "";
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    if (m?.[1] && sameSecret(m[1], access.token)) return null;
    return problemResponse(makeProblem(401, "unauthorized", errorText("request.unauthorized", {}, "it"), { reason: "request.unauthorized", instance: "/metrics" }), {
      "www-authenticate": 'Bearer realm="metrics"',
    });
  }
  // Never a browser without a token: a page of another site whose name was rebound to 127.0.0.1 (DNS rebinding)
  // could otherwise make a browser on this machine read it.
  const fromBrowser = req.headers.has("origin") || (req.headers.get("sec-fetch-site") ?? "none") !== "none";
  if (!fromBrowser && isLoopbackAddress(metricsClientAddress(req.headers, access))) return null;
  return problemResponse(makeProblem(403, "forbidden", errorText("request.forbidden", {}, "it"), { reason: "request.forbidden", instance: "/metrics" }));
}

/**
 * GET /metrics. Not one of lib/edge's wrappers: those serve a browser (an ente in the path, answers in the
 * visitor's language from its cookie, ActionFailure JSON) or a partner (HTTP Basic); this is a machine's GET
 * with its own bearer token and problem+json refusals, and it changes nothing.
 */
export async function serveMetrics(req: Request, access?: MetricsAccess): Promise<Response> {
  const config = access ? null : getConfig();
  const refused = metricsRefusal(req, access ?? { token: config?.metricsToken, trustProxy: config?.trustProxy ?? false, peerKnown: peerAddressKnown() });
  if (refused) return refused;
  try {
    const { contentType, body } = await renderMetrics();
    return new Response(body, { status: 200, headers: { "content-type": contentType, "cache-control": "no-store" } });
  } catch (err) {
    logger("metrics").error({ err }, "metrics scrape failed");
    return problemResponse(makeProblem(500, "internal_error", errorText("request.internal", {}, "it"), { instance: "/metrics" }));
  }
}
