import { expect, test } from "@playwright/test";

test("liveness answers without checking anything", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(res.headers()["cache-control"]).toContain("no-store");
  expect(await res.json()).toEqual({ status: "ok" });
});

test("readiness lists the database, the storage and the mail server, with no host names", async ({ request }) => {
  const res = await request.get("/api/health/ready");
  expect(res.status()).toBe(200);
  const body = await res.json();
  expect(body).toEqual({ status: "ready", checks: { database: { status: "ok" }, storage: { status: "ok" }, mail: { status: "ok" } } });
  expect(JSON.stringify(body)).not.toMatch(/127\.0\.0\.1|localhost|smtp:|postgres/);
});
