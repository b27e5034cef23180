import { asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pratiche, services } from "@/db/schema";
import { MAX_JSON_DEPTH } from "@/lib/api/body";
import type { TestDatabase } from "./helpers/db";
import { call, domainRowCounts, json, type CallOptions, closeApiTest, openApiTest, setTestApiDeps, type ApiWorld } from "./helpers/api";
import { submittedPratica } from "./helpers/fixtures";
import * as statusRoute from "@/app/api/v1.0/[partner]/pratica/[pratica]/status/route";

/**
 * Values PostgreSQL cannot store (NUL), strings that are not Unicode (lone surrogates) and absurdly deep documents,
 * sent to every API route in bodies and query parameters: always a 4xx problem+json naming the field (400 for a
 * document that cannot be read), never a 500, and nothing stored.
 */
let tdb: TestDatabase;
let w: ApiWorld;
let praticaId: string;
let protoPraticaId: string;

beforeAll(async () => {
  ({ tdb, w } = await openApiTest());
  praticaId = (await submittedPratica(tdb.db, w.ente, w.service, w.citizen, { oggetto: "Input" })).id;
  protoPraticaId = (await submittedPratica(tdb.db, w.ente, w.protoService, w.citizen)).id;
  setTestApiDeps(tdb.db);
});
afterAll(() => closeApiTest(tdb));

const BAD = { nul: "prima\u0000dopo", high: "a\ud800b", low: "\udc00", reversed: "\udc00\ud800" } as const;
const nested = (depth: number, leaf: unknown = "x"): unknown => {
  let v: unknown = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};
/** 5,000 levels as raw JSON text (JSON.stringify of such an object would itself recurse that deep). */
const DEEP_TEXT = `[${'{"a":'.repeat(5000)}1${"}".repeat(5000)}]`;

async function snapshot() {
  return {
    counts: await domainRowCounts(tdb.db),
    pratiche: await tdb.db.select({ id: pratiche.id, status: pratiche.status, version: pratiche.version }).from(pratiche).orderBy(asc(pratiche.id)),
    services: await tdb.db.select({ id: services.id, infoSheet: services.infoSheet, stepTexts: services.stepTexts }).from(services).orderBy(asc(services.id)),
  };
}

type Case = { name: string; path: string; opts: CallOptions; status: 400 | 422; field?: string };

function cases(): Case[] {
  const p = (path: string) => `/api/v1.0/${w.partner.slug}${path}`;
  const status = p(`/pratica/${praticaId}/status`);
  const protocolli = p(`/pratica/${protoPraticaId}/protocolli`);
  const create = p("/pratica/offline/create");
  const scheda = `/api/v1.0/schedaInformativa/${w.service.slug}/${w.ente.slug}`;
  const stepText = `/api/v1.0/servizioTexts/${w.service.slug}/${w.ente.slug}/dati`;
  const validCreate = { servizio: w.service.slug, richiedente: { codiceFiscale: "RSSMRA80A01H501U", nome: "Mario", cognome: "Rossi", email: "mario@example.com" }, dati: { oggetto: "x" } };
  const appts = p("/appuntamenti");
  const cancel = p("/appuntamenti/00000000-0000-4000-8000-000000000000/cancel");
  const move = p("/appuntamenti/00000000-0000-4000-8000-000000000000/move");
  const validAppt = { office: "00000000-0000-4000-8000-000000000000", service: w.service.slug, starts_at: "2026-06-01T09:00:00+02:00", reason: "Ritiro", name: "Mario Rossi", email: "mario@example.com" };
  const out: Case[] = [];
  for (const [kind, value] of Object.entries(BAD)) {
    out.push(
      { name: `appointment reason ${kind}`, path: appts, opts: { json: { ...validAppt, reason: `Ritiro${value}` } }, status: 422, field: "reason" },
      { name: `appointment name ${kind}`, path: appts, opts: { json: { ...validAppt, name: `Mario${value}` } }, status: 422, field: "name" },
      { name: `appointment cancel ${kind}`, path: cancel, opts: { json: { message: `no${value}` } }, status: 422, field: "message" },
      { name: `appointment move ${kind}`, path: move, opts: { json: { starts_at: `2026-06-01T09:00:00+02:00${value}` } }, status: 422, field: "starts_at" },
    );
    out.push(
      { name: `status evento ${kind}`, path: status, opts: { json: { evento: `assign${value}` } }, status: 422, field: "evento" },
      { name: `status operatore ${kind}`, path: status, opts: { json: { evento: "assign", operatore: value } }, status: 422, field: "operatore" },
      { name: `protocolli numero ${kind}`, path: protocolli, opts: { json: [{ numero: value }] }, status: 422, field: "0.numero" },
      { name: `protocolli free field ${kind}`, path: protocolli, opts: { json: { protocolli: [{ nota: { testo: value } }] } }, status: 422, field: "protocolli.0.nota.testo" },
      { name: `protocolli key ${kind}`, path: protocolli, opts: { json: [{ [`k${value}`]: "x" }] }, status: 422 },
      { name: `scheda ${kind}`, path: scheda, opts: { json: { description: value } }, status: 422, field: "description" },
      { name: `scheda envelope ${kind}`, path: scheda, opts: { json: { scheda: { costs: value } } }, status: 422, field: "scheda.costs" },
      { name: `step text ${kind}`, path: stepText, opts: { json: { testo: value } }, status: 422, field: "testo" },
      { name: `create dati ${kind}`, path: create, opts: { json: { ...validCreate, dati: { oggetto: value } } }, status: 422, field: "dati.oggetto" },
      { name: `create nome ${kind}`, path: create, opts: { json: { ...validCreate, richiedente: { ...validCreate.richiedente, nome: value } } }, status: 422, field: "richiedente.nome" },
    );
  }
  for (const path of [status, protocolli, create, scheda, stepText, appts, cancel, move]) {
    out.push(
      { name: `deep (raw 5000) ${path}`, path, opts: { rawBody: DEEP_TEXT, headers: { "content-type": "application/json" } }, status: 400 },
      { name: `deep (${MAX_JSON_DEPTH + 1}) ${path}`, path, opts: { json: nested(MAX_JSON_DEPTH + 1) }, status: 400 },
      // A lone surrogate cannot be written as UTF-8: its bytes (CESU-8) are not valid UTF-8.
      { name: `surrogate bytes ${path}`, path, opts: { rawBody: Buffer.concat([Buffer.from('{"evento":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]), headers: { "content-type": "application/json" } }, status: 400 },
    );
  }
  const get = (path: string, field: string): Case => ({ name: `GET ${path}`, path, opts: {}, status: 422, field });
  out.push(
    get(p("/pratiche?service=%00"), "service"),
    get(p("/pratiche?cursor=a%00b"), "cursor"),
    get(p("/pratiche?status=%00"), "status"),
    get(p("/pratiche?updated_since=2026-01-01T00:00:00Z%00"), "updated_since"),
    get(p("/webhooks/deliveries?cursor=%00"), "cursor"),
    get(p("/pratiche?%00=1"), "?"),
    get(p("/appuntamenti?cursor=a%00b"), "cursor"),
    get(p("/appuntamenti?status=%00"), "status"),
    get(p("/uffici/00000000-0000-4000-8000-000000000000/disponibilita?from=%00"), "from"),
  );
  return out;
}

describe("NUL, lone surrogates and deep nesting on every API route", () => {
  it("answer 4xx problem+json naming the field, never 5xx, and store nothing", async () => {
    const before = await snapshot();
    const wrong: string[] = [];
    for (const c of cases()) {
      const res = await call(c.path, { auth: w.auth, ...c.opts, headers: { ...(c.opts.headers ?? {}), "idempotency-key": `bad-${c.name.length}-${wrong.length}` } });
      const body = res.headers.get("content-type") === "application/problem+json" ? await json<{ errors?: { path: string }[] }>(res) : null;
      if (res.status !== c.status || !body) wrong.push(`${c.name}: ${res.status} ${JSON.stringify(body)?.slice(0, 200)}`);
      else if (c.field && !body.errors?.some((e) => e.path === c.field || e.path.startsWith(`${c.field}.`))) wrong.push(`${c.name}: field ${c.field} not named in ${JSON.stringify(body.errors)}`);
    }
    expect(wrong).toEqual([]);
    expect(await snapshot()).toEqual(before);
  }, 120_000);

  it("path parameters with NUL are 404, not 500", async () => {
    for (const path of [
      `/api/v1.0/${w.partner.slug}/pratica/%00`,
      `/api/v1.0/${w.partner.slug}/pratica/%00/status`,
      `/api/v1.0/${w.partner.slug}/pratica/${praticaId}/allegati/%00`,
      `/api/v1.0/schedaInformativa/%00/${w.ente.slug}`,
      `/api/v1.0/servizioTexts/${w.service.slug}/${w.ente.slug}/%00`,
      `/api/v1.0/${w.partner.slug}/appuntamenti/%00`,
      `/api/v1.0/${w.partner.slug}/uffici/%00`,
      `/api/v1.0/${w.partner.slug}/uffici/%00/disponibilita`,
    ]) {
      const res = await call(path, { auth: w.auth, ...(path.includes("servizioTexts") || path.endsWith("status") ? { json: { testo: "x", evento: "assign" } } : {}) });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      await res.arrayBuffer();
    }
  });
});

describe("a JSON body cut off mid-way", () => {
  it("is a 400 problem, not a 500, and writes nothing", async () => {
    const before = await snapshot();
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (!sent) {
          sent = true;
          controller.enqueue(new TextEncoder().encode('{"evento": "ass'));
        } else controller.error(new Error("aborted"));
      },
    });
    const path = `/api/v1.0/${w.partner.slug}/pratica/${praticaId}/status`;
    const req = new Request(`http://127.0.0.1:3000${path}`, { method: "POST", body, headers: { authorization: w.auth, "content-type": "application/json" }, duplex: "half" } as RequestInit);
    const res = await statusRoute.POST(req, { params: Promise.resolve({ partner: w.partner.slug, pratica: praticaId }) });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(await snapshot()).toEqual(before);
  });
});

describe("schedaInformativa: one shape for GET and POST", () => {
  it("what GET answers can be posted back as it is, and GET then answers the same", async () => {
    const path = `/api/v1.0/schedaInformativa/${w.service.slug}/${w.ente.slug}`;
    await call(path, { auth: w.auth, json: { description: "Descrizione", costs: "Gratuito" } });
    const first = await json(await call(path, { auth: w.auth }));
    const posted = await call(path, { auth: w.auth, json: first });
    expect(posted.status).toBe(200);
    expect(await json(posted)).toEqual(first);
    expect(await json(await call(path, { auth: w.auth }))).toEqual(first);

    // Changed and posted back: only the change lands.
    const changed = { ...first, scheda: { ...(first.scheda as Record<string, string>), costs: "10 euro" } };
    expect((await call(path, { auth: w.auth, json: changed })).status).toBe(200);
    const after = await json<{ scheda: Record<string, string> }>(await call(path, { auth: w.auth }));
    expect(after.scheda).toEqual({ ...(first.scheda as Record<string, string>), costs: "10 euro" });

    // The envelope must be this service's and ente's; unknown fields are refused.
    const [other] = await tdb.db.select().from(services).where(eq(services.id, w.protoService.id));
    for (const bad of [
      { ...first, service: { slug: other?.slug ?? "altro", name: "x" } },
      { ...first, ente: w.otherEnte.slug },
      { ...first, extra: true },
      { scheda: { ...(first.scheda as object), typo: "x" } },
    ]) {
      const res = await call(path, { auth: w.auth, json: bad });
      expect(res.status, JSON.stringify(bad).slice(0, 80)).toBe(422);
    }
    expect((await json<{ scheda: unknown }>(await call(path, { auth: w.auth }))).scheda).toEqual(after.scheda);
  });
});

describe("unknown fields in API bodies", () => {
  it("are refused with 422 naming them, on status, offline/create and servizioTexts; protocol records keep theirs", async () => {
    const before = await snapshot();
    const cases: [string, unknown, string][] = [
      [`/api/v1.0/${w.partner.slug}/pratica/${praticaId}/status`, { evento: "assign", eventp: "x" }, "eventp"],
      [`/api/v1.0/${w.partner.slug}/pratica/offline/create`, { servizio: w.service.slug, richiedente: { codiceFiscale: "RSSMRA80A01H501U" }, dati: { oggetto: "x" }, extra: 1 }, "extra"],
      [`/api/v1.0/${w.partner.slug}/pratica/offline/create`, { servizio: w.service.slug, richiedente: { codiceFiscale: "RSSMRA80A01H501U", codicefiscale: "x" }, dati: { oggetto: "x" } }, "richiedente"],
      [`/api/v1.0/${w.partner.slug}/pratica/${protoPraticaId}/protocolli`, { protocolli: [{ numero: "1" }], altro: true }, "altro"],
      [`/api/v1.0/servizioTexts/${w.service.slug}/${w.ente.slug}/dati`, { testo: "x", text: "y" }, "text"],
      [`/api/v1.0/schedaInformativa/${w.service.slug}/${w.ente.slug}`, { description: "x", descrizione: "y" }, "descrizione"],
      [`/api/v1.0/schedaInformativa/${w.service.slug}/${w.ente.slug}`, { scheda: { costs: "x", costi: "y" } }, "costi"],
    ];
    for (const [path, body, field] of cases) {
      const res = await call(path, { auth: w.auth, json: body });
      expect(res.status, path).toBe(422);
      expect(JSON.stringify(await json(res)), path).toContain(field);
    }
    expect(await snapshot()).toEqual(before);
  });
});
