import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "@/lib/api/openapi";

/**
 * Under /api/v1.0 every answer is problem+json: an unknown path is 404 (the catch-all route), a known path with a
 * method it does not serve is 405 with `Allow`. The route files are listed from disk, so a new route that does
 * not export the other methods fails here, and so does one whose methods differ from the OpenAPI document.
 */
const ROOT = path.resolve(__dirname, "../app/api/v1.0");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response;
type RouteModule = Partial<Record<(typeof METHODS)[number] | "OPTIONS", Handler>>;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? routeFiles(path.join(dir, d.name)) : d.name === "route.ts" ? [path.join(dir, d.name)] : [],
  );
}

/** The file's URL pattern as the OpenAPI document writes it: `[partner]` → `{partner}`. */
function pattern(file: string): string {
  const rel = path.relative(ROOT, path.dirname(file)).split(path.sep).join("/");
  return `/api/v1.0${rel ? `/${rel}` : ""}`.replace(/\[([a-z]+)\]/gi, "{$1}");
}

const doc = buildOpenApiDocument() as { paths: Record<string, Record<string, unknown>> };
const files = routeFiles(ROOT).filter((f) => !f.includes("[[...rest]]"));

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
    expect(files.length).toBeGreaterThanOrEqual(11);
  });

  for (const file of files) {
    const url = pattern(file);
    it(`${url}: the methods it does not serve answer 405 problem+json with Allow`, async () => {
      const mod = (await import(file)) as RouteModule;
      const served = url === "/api/v1.0/openapi.json" ? ["GET"] : Object.keys(doc.paths[url] ?? {}).map((m) => m.toUpperCase());
      expect(served.length, `${url} is not in the OpenAPI document`).toBeGreaterThan(0);
      const allow = [...served, ...(served.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
      for (const method of METHODS) {
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
    const mod = (await import(path.join(ROOT, "[[...rest]]/route.ts"))) as RouteModule;
    for (const p of ["/api/v1.0/nessuno", "/api/v1.0/partner/pratica/x/altro", "/api/v1.0/services/extra/x", "/api/v1.0/%00"]) {
      for (const method of [...METHODS, "OPTIONS"] as const) {
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
