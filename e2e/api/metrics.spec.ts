import { expect, test } from "@playwright/test";

/** One sample's value from Prometheus' text format, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of text.split("\n")) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

test("the server's /metrics: latency by route template, read from loopback whatever peer address the client forges, never through a proxy", async ({ request }) => {
  for (let i = 0; i < 3; i++) expect((await request.get("/api/health")).status()).toBe(200);
  const page = await request.get("/bugliano/servizi");
  expect(page.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);

  // A request relayed by a proxy (X-Forwarded-For) is not a loopback client, even over a loopback socket: a proxy on
  // this machine would make every client look local (TRUST_PROXY is off, so its address is unknown).
  expect((await request.get("/metrics", { headers: { "x-forwarded-for": "203.0.113.9" } })).status()).toBe(403);
  // The socket is loopback: a forged peer address changes nothing (the instrumentation replaces it).
  const res = await request.get("/metrics", { headers: { "x-stanza-peer-address": "203.0.113.9" } });
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("text/plain; version=0.0.4");
  expect(res.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  const text = await res.text();
  expect(sample(text, "stanza_http_request_duration_seconds_count", { method: "GET", route: "/api/health", status: "200" })).toBeGreaterThanOrEqual(3);
  expect(sample(text, "stanza_http_request_duration_seconds_count", { method: "GET", route: "/[ente]/servizi" })).toBeGreaterThanOrEqual(1);
  for (const name of ["stanza_outbox_depth", "stanza_outbox_oldest_due_age_seconds", "stanza_protocol_requests_waiting", "stanza_db_pool_max_connections", "nodejs_eventloop_lag_seconds"]) {
    expect(text, name).toContain(`# TYPE ${name} `);
  }
});
