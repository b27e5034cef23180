import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PARTNER_SECRET } from "@/db/seed-data";
import { seedDemo } from "@/db/seed";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { basic, call, type CallOptions, closeApiTest, setTestApiDeps } from "./helpers/api";

/**
 * The examples of docs/api.md are part of the contract: every fenced `http` block preceded by
 * `<!-- example status=NNN -->` is sent, in the order written, to the route handlers on a database with the demo
 * seed, and must answer the status the marker states. `{pratica}` is the pratica offline/create made; `{ufficio}` and
 * `{servizio}` the first office of GET …/uffici and its first service, `{slot}` the first free slot of
 * …/disponibilita, `{appuntamento}` the booking a POST …/appuntamenti made (in paths and bodies alike).
 */
type Example = { line: number; status: number; method: string; path: string; headers: Record<string, string>; body: string | undefined };

export function parseExamples(markdown: string): Example[] {
  const out: Example[] = [];
  const re = /<!-- example status=(\d{3}) -->\n```http\n([\s\S]*?)\n```/g;
  for (const m of markdown.matchAll(re)) {
    const [request = "", body] = (m[2] ?? "").split(/\n\n/, 2).length === 2 ? splitOnce(m[2] ?? "") : [m[2] ?? "", undefined];
    const [first = "", ...headerLines] = request.split("\n");
    const [method = "", target = ""] = first.split(" ");
    const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(":")).trim().toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
    out.push({ line: markdown.slice(0, m.index).split("\n").length, status: Number(m[1]), method, path: target, headers, body });
  }
  return out;
}

function splitOnce(text: string): [string, string] {
  const i = text.indexOf("\n\n");
  return [text.slice(0, i), text.slice(i + 2)];
}

const DOC = readFileSync(path.resolve(__dirname, "../docs/api.md"), "utf8");
const examples = parseExamples(DOC);

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
  await seedDemo(tdb.db, { praticheCount: 4 });
  setTestApiDeps(tdb.db);
}, 120_000);
afterAll(() => closeApiTest(tdb));

describe("docs/api.md examples", () => {
  it("has examples, among them offline/create, every method and the error statuses", () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
    expect(examples.some((e) => e.path.endsWith("/pratica/offline/create") && e.status === 201)).toBe(true);
    for (const status of [200, 201, 404, 405, 409, 422]) expect(examples.map((e) => e.status)).toContain(status);
  });

  it("answer with the documented status, in order", async () => {
    const vars: Record<string, string> = {};
    const auth = basic("bugliano-protocollo", DEMO_PARTNER_SECRET);
    let lastGet: { path: string; body: unknown } | null = null;
    for (const e of examples) {
      const fill = (text: string) =>
        text.replace(/\{([a-z]+)\}/g, (_m, name: string) => {
          const v = vars[name];
          if (!v) throw new Error(`docs/api.md:${e.line}: {${name}} used before an example created it`);
          return v;
        });
      const target = fill(e.path);
      const opts: CallOptions = { method: e.method as CallOptions["method"], auth, headers: e.headers };
      if (e.body !== undefined) opts.rawBody = fill(e.body);
      const res = await call(target, opts);
      const text = await res.text();
      expect(res.status, `docs/api.md:${e.line} ${e.method} ${target} → ${text.slice(0, 400)}`).toBe(e.status);
      if (res.status >= 400) expect(res.headers.get("content-type"), `docs/api.md:${e.line}`).toBe("application/problem+json");
      const body: unknown = text ? JSON.parse(text) : null;
      if (res.status === 201 && res.headers.get("location") && e.path.endsWith("/offline/create")) vars.pratica ??= (body as { id: string }).id;
      // Appointments: the first office listed, its first service, its first free slot, the booking made.
      if (res.status === 200 && e.method === "GET" && e.path.endsWith("/uffici")) {
        const first = (body as { data: { id: string; services: { slug: string }[] }[] }).data[0];
        if (first) [vars.ufficio, vars.servizio] = [first.id, first.services[0]?.slug ?? ""];
      }
      if (res.status === 200 && e.path.includes("/disponibilita")) {
        const slot = (body as { days: { slots: { starts_at: string; free: number }[] }[] }).days.flatMap((d) => d.slots).find((x) => x.free > 0);
        if (slot) vars.slot = slot.starts_at;
      }
      if (res.status === 201 && e.path.endsWith("/appuntamenti")) vars.appuntamento = (body as { id: string }).id;
      // A GET of the scheda followed by its POST: what was read was posted back (the doc's promise).
      if (e.method === "GET" && e.path.includes("schedaInformativa")) lastGet = { path: target, body };
      if (e.method === "POST" && e.path.includes("schedaInformativa") && lastGet?.path === target) {
        const sent = JSON.parse(e.body ?? "{}") as { scheda: Record<string, string> };
        const before = (lastGet.body as { scheda: Record<string, string> }).scheda;
        expect((body as { scheda: unknown }).scheda).toEqual({ ...before, ...sent.scheda });
      }
    }
    expect(vars.pratica).toBeTruthy();
    expect(vars.appuntamento).toBeTruthy();
  });
});
