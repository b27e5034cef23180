import path from "node:path";
import { describe, expect, it } from "vitest";
import { API_ROOT, HTTP_METHODS, apiRouteFiles } from "./helpers/route-files";

/**
 * Under /api/v1.0 every answer is problem+json: an unknown path is 404 (the catch-all route), a known path with a
 * method it does not serve is 405 with `Allow`. The route files are listed from disk with the methods each
 * implements (tests/helpers/route-files.ts), so a new route that does not export the other methods fails here; the
 * OpenAPI test compares the same list with the document.
 */
type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response;
type RouteModule = Partial<Record<(typeof HTTP_METHODS)[number] | "OPTIONS", Handler>>;

const routes = apiRouteFiles();

async function expectProblem(res: Response, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  const body = (await res.json()) as { status: number; code: string; detail: string };
  expect(body.status).toBe(status);
  expect(body.detail).toBeTruthy();
  return body;
}

describe("methods of every /api/v1.0 route", () => {
  it("finds the routes", () => {
    expect(routes.length).toBeGreaterThanOrEqual(11);
  });

  for (const { file, path: url, served, refused, otherMethodsAllowed } of routes) {
    it(`${url}: the methods it does not serve answer 405 problem+json with Allow`, async () => {
      expect(served.length, `${url} implements no method`).toBeGreaterThan(0);
      // What it hands to otherMethods is what it does not implement, and the list it allows is what it does.
      expect(otherMethodsAllowed, `${url} uses otherMethods`).toEqual(served);
      expect([...refused].sort()).toEqual([...HTTP_METHODS.filter((m) => !served.includes(m)), "OPTIONS"].sort());
      const mod = (await import(file)) as RouteModule;
      const allow = [...served, ...(served.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
      for (const method of HTTP_METHODS) {
        const handler = mod[method];
        expect(handler, `${method} ${url} exported`).toBeTypeOf("function");
        if (served.includes(method) || !handler) continue;
        const res = await handler(new Request(`http://127.0.0.1:3000${url}`, { method, body: method === "GET" ? undefined : "{}" }), { params: Promise.resolve({}) });
        const body = await expectProblem(res, 405);
        expect(body.code).toBe("method_not_allowed");
        expect(res.headers.get("allow")).toBe(allow);
      }
      const options = mod.OPTIONS;
      expect(options).toBeTypeOf("function");
      const res = await options?.(new Request(`http://127.0.0.1:3000${url}`, { method: "OPTIONS" }), { params: Promise.resolve({}) });
      expect(res?.status).toBe(204);
      expect(res?.headers.get("allow")).toBe(allow);
    });
  }
});

describe("unknown paths under /api/v1.0", () => {
  it("answer 404 problem+json for every method", async () => {
    const mod = (await import(path.join(API_ROOT, "[[...rest]]/route.ts"))) as RouteModule;
    for (const p of ["/api/v1.0/nessuno", "/api/v1.0/partner/pratica/x/altro", "/api/v1.0/services/extra/x", "/api/v1.0/%00"]) {
      for (const method of [...HTTP_METHODS, "OPTIONS"] as const) {
        const handler = mod[method];
        expect(handler, method).toBeTypeOf("function");
        const res = await handler?.(new Request(`http://127.0.0.1:3000${p}`, { method }), { params: Promise.resolve({ rest: p.split("/").slice(3) }) });
        if (!res) throw new Error("no answer");
        const body = await expectProblem(res, 404);
        expect(body.code).toBe("not_found");
      }
    }
  });
});
