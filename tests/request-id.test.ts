import { and, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, outbox } from "@/db/schema";
import { inRequestContext, REQUEST_ID_HEADER, requestIdOf } from "@/lib/edge/request-id";
import { currentRequestId } from "@/lib/ops/request-context";
import type { TestDatabase } from "./helpers/db";
import { call, closeApiTest, openApiTest, setTestApiDeps, type ApiWorld } from "./helpers/api";
import { submittedPratica } from "./helpers/fixtures";

// proxy.ts reads the configuration, which wants a session secret outside demo mode.
process.env.AUTH_SECRET ??= "a".repeat(40);

let tdb: TestDatabase;
let w: ApiWorld;

beforeAll(async () => ({ tdb, w } = await openApiTest()));
beforeEach(() => setTestApiDeps(tdb.db));
afterAll(() => closeApiTest(tdb));

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const assign = (praticaId: string, headers: Record<string, string> = {}) =>
  call(`/api/v1.0/${w.partner.slug}/pratica/${praticaId}/status`, { auth: w.auth, json: { evento: "assign" }, headers });

async function rowsOf(praticaId: string) {
  const audit = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, praticaId), eq(auditLog.action, "pratica.assign")));
  const effects = await tdb.db.select().from(outbox).where(eq(outbox.praticaId, praticaId));
  return { audit, effects };
}

describe("the request id ties the answer, the audit row and the outbox rows together", () => {
  it("a partner API call: the answer's x-request-id is the audit row's and the outbox rows' request_id", async () => {
    const p = await submittedPratica(tdb.db, w.ente, w.service, w.citizen);
    const res = await assign(p.id, { [REQUEST_ID_HEADER]: "req-from-proxy-0001" });
    expect(res.status).toBe(200);
    expect(res.headers.get(REQUEST_ID_HEADER)).toBe("req-from-proxy-0001");
    const { audit, effects } = await rowsOf(p.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.requestId).toBe("req-from-proxy-0001");
    // The submission's rows were written outside any request (the fixture); the assignment's carry its id.
    const mine = effects.filter((e) => e.requestId === "req-from-proxy-0001");
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.map((e) => e.kind)).toContain("taken_in_charge");
    expect(effects.filter((e) => e.requestId === null).length).toBe(effects.length - mine.length);
  });

  it("without an id (a handler reached without the proxy) the wrapper makes one, and the answer says which", async () => {
    const p = await submittedPratica(tdb.db, w.ente, w.service, w.citizen);
    const res = await assign(p.id);
    expect(res.status).toBe(200);
    const id = res.headers.get(REQUEST_ID_HEADER);
    expect(id).toMatch(UUID);
    const { audit } = await rowsOf(p.id);
    expect(audit[0]?.requestId).toBe(id);
  });

  it("a refusal carries the id too, and an id that is not a plain short token is replaced", async () => {
    const res = await call(`/api/v1.0/${w.partner.slug}/pratiche`, { auth: "Basic bm9ib2R5Om5vcGU=", headers: { [REQUEST_ID_HEADER]: "bad id\twith spaces" } });
    expect(res.status).toBe(401);
    expect(res.headers.get(REQUEST_ID_HEADER)).toMatch(UUID);
  });

  it("outside a request there is no id, inside the wrapper's context there is", async () => {
    expect(currentRequestId()).toBeNull();
    const seen = await inRequestContext(new Headers({ [REQUEST_ID_HEADER]: "abcdefgh-1234" }), async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentRequestId();
    });
    expect(seen).toBe("abcdefgh-1234");
    expect(currentRequestId()).toBeNull();
    expect(requestIdOf(new Headers({ [REQUEST_ID_HEADER]: "<script>" }))).toMatch(UUID);
    expect(requestIdOf(null)).toMatch(UUID);
  });
});

describe("proxy.ts gives every request an id", () => {
  const saved = process.env.TRUST_PROXY;
  afterEach(() => {
    if (saved === undefined) delete process.env.TRUST_PROXY;
    else process.env.TRUST_PROXY = saved;
  });
  // The configuration is read once per process: a fresh module graph reads the changed environment.
  const freshProxy = async () => {
    vi.resetModules();
    return (await import("@/proxy")).proxy;
  };

  const forwarded = (res: Response) => res.headers.get(`x-middleware-request-${REQUEST_ID_HEADER}`);

  it("replaces a client's id when no proxy is trusted, on pages, the API and /metrics alike", async () => {
    delete process.env.TRUST_PROXY;
    const proxy = await freshProxy();
    for (const path of ["/comune-x/servizi", "/api/v1.0/services", "/metrics"]) {
      const res = proxy(new NextRequest(`http://127.0.0.1:3411${path}`, { headers: { [REQUEST_ID_HEADER]: "client-chosen-id-1" } }));
      const id = res.headers.get(REQUEST_ID_HEADER);
      expect(id, path).toMatch(UUID);
      expect(forwarded(res), path).toBe(id);
    }
    const metrics = proxy(new NextRequest("http://127.0.0.1:3411/metrics"));
    expect(metrics.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it("keeps a trusted front proxy's id, and sets one on a refused cross-site write", async () => {
    process.env.TRUST_PROXY = "true";
    const proxy = await freshProxy();
    const res = proxy(new NextRequest("http://127.0.0.1:3411/comune-x", { headers: { [REQUEST_ID_HEADER]: "lb-1234567890" } }));
    expect(res.headers.get(REQUEST_ID_HEADER)).toBe("lb-1234567890");
    expect(forwarded(res)).toBe("lb-1234567890");
    const refused = proxy(new NextRequest("http://127.0.0.1:3411/comune-x/lingua", { method: "POST", headers: { origin: "https://evil.example" } }));
    expect(refused.status).toBe(403);
    expect(refused.headers.get(REQUEST_ID_HEADER)).toMatch(UUID);
  });
});
