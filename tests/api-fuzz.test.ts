import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pratiche, services } from "@/db/schema";
import type { TestDatabase } from "./helpers/db";
import { PARTNER_SECRET, basic, call, domainRowCounts, type CallOptions, closeApiTest, openApiTest, setTestApiDeps, type ApiWorld } from "./helpers/api";
import { praticaInStatus, submittedPratica } from "./helpers/fixtures";
import { seededRandom } from "@/lib/random";

/**
 * A few thousand random malformed requests against every route (called as Next calls them, on a real database):
 * none may answer 5xx, every error must be problem+json, and nothing may be written.
 */
const REQUESTS = Number(process.env.API_FUZZ_REQUESTS ?? 3000);

let tdb: TestDatabase;
let w: ApiWorld;
let ids: { submitted: string; pending: string; accepted: string; draft: string; other: string };

beforeAll(async () => {
  ({ tdb, w } = await openApiTest());
  ids = {
    submitted: (await submittedPratica(tdb.db, w.ente, w.service, w.citizen, { oggetto: "Fuzz" })).id,
    pending: (await praticaInStatus(tdb.db, w.ente, w.service, w.citizen, w.operator, w.admin, 4000)).id,
    accepted: (await praticaInStatus(tdb.db, w.ente, w.service, w.citizen, w.operator, w.admin, 7000)).id,
    draft: (await praticaInStatus(tdb.db, w.ente, w.service, w.citizen, w.operator, w.admin, 1000)).id,
    other: (await submittedPratica(tdb.db, w.otherEnte, w.otherService, w.citizen)).id,
  };
  setTestApiDeps(tdb.db);
});
afterAll(() => closeApiTest(tdb));

const SEED = Number(process.env.API_FUZZ_SEED ?? 20261121);
const random = seededRandom(SEED);
const int = (n: number) => Math.floor(random() * n);
const pick = <T,>(arr: readonly T[]): T => arr[int(arr.length)] as T;
const chance = (p: number) => random() < p;

const WEIRD_STRINGS = ["", " ", "null", "undefined", "0", "-1", "1e309", "NaN", "💥", "ä".repeat(300), "\u0000", "../../etc/passwd", "<script>", "' or 1=1 --", "%00", "x".repeat(5000), "assign\n", "ACCEPT"];

function weirdValue(depth = 0): unknown {
  switch (int(depth > 2 ? 7 : 9)) {
    case 0: return pick(WEIRD_STRINGS);
    case 1: return pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 4000.5, 99999999999]);
    case 2: return pick([true, false]);
    case 3: return null;
    case 4: return String.fromCharCode(...Array.from({ length: int(20) }, () => int(0xffff)));
    case 5: return pick(["2026-13-45T99:00:00Z", "ieri", "1700000000", "2026-01-01"]);
    case 6: return int(100000);
    case 7: return Array.from({ length: int(4) }, () => weirdValue(depth + 1));
    default: return Object.fromEntries(Array.from({ length: int(4) }, () => [pick(["evento", "a", "__proto__", "constructor", "dati", "x"]), weirdValue(depth + 1)]));
  }
}

/** A body that fails validation for sure (the mutation breaks a required shape), for routes that would write. */
function invalidStatusBody(): unknown {
  const base: Record<string, unknown> = { evento: pick(["assign", "4000", 3000, "register", "accept"]), motivazione: "m", messaggio: "x" };
  switch (int(6)) {
    case 0: return { ...base, evento: pick([{}, [], true, null, 1.5, "", "x".repeat(65)]) };
    case 1: return { ...base, operatore: pick([1, {}, [], true, "x".repeat(201)]) };
    case 2: return { ...base, timestamp: pick(["ieri", "2026-02-30T00:00:00", -5, 1e20, {}]) };
    case 3: return { ...base, versione: pick(["1", -1, 1.5, {}]) };
    case 4: return { ...base, motivazione: pick(["", 5, [], "x".repeat(10_001)]) };
    default: return pick([[], "assign", 4000, null, true, weirdValue(2)]);
  }
}

function invalidCreateBody(): unknown {
  const valid = { servizio: w.service.slug, richiedente: { codiceFiscale: "RSSMRA80A01H501U", nome: "M", cognome: "R", email: "m@example.com" }, dati: { oggetto: "x" } };
  switch (int(7)) {
    case 0: return { ...valid, richiedente: { ...valid.richiedente, codiceFiscale: pick(["RSSMRA80A01H501A", "123", "", "X".repeat(40), 5]) } };
    case 1: return { ...valid, dati: pick([null, [], "x", 5, { oggetto: 5 }, { oggetto: "" }]) };
    case 2: return { ...valid, servizio: pick(["", "non-esiste", w.otherService.slug, w.notEnabled.slug, w.closedService.slug, 5, null]) };
    case 3: return { ...valid, allegati: pick([[{ campo: "documento", nomeFile: "a.pdf", contenuto: "@@@" }], [{ campo: "oggetto", nomeFile: "a.pdf", contenuto: "JVBERi0=" }], "x", [{}], [{ campo: "documento", nomeFile: "a.png", contenuto: "iVBORw0KGgo=" }]]) };
    case 4: return { ...valid, richiedente: pick([null, "RSSMRA80A01H501U", {}, { codiceFiscale: 5 }]) };
    case 5: { const { servizio: _s, ...rest } = valid; return rest; }
    default: return weirdValue(1);
  }
}

function invalidProtocolliBody(): unknown {
  return pick([[], {}, "x", 5, null, ["a"], [1, 2], [[{}]], { protocolli: [] }, { protocolli: "x" }, { protocolli: [null] }, Array.from({ length: 101 }, () => ({ numero: "1" }))]);
}

function invalidSchedaBody(): unknown {
  return pick([{}, { descrizione: "typo" }, { description: 5 }, { costs: null }, { description: "x".repeat(20_001) }, [], "x", null, { description: "ok", extra: true }]);
}

/** A booking that fails for sure: a broken field, or (well-formed) an office that does not exist or a service the partner may not use. */
function invalidAppointmentBody(): unknown {
  const valid = { office: "00000000-0000-4000-8000-000000000000", service: w.service.slug, starts_at: "2026-06-01T09:00:00+02:00", reason: "Ritiro", name: "Mario Rossi", email: "m@example.com" };
  switch (int(8)) {
    case 0: return { ...valid, starts_at: pick(["2026-06-01T09:00:00", "ieri", 1700000000, "", null, "2026-02-30T09:00:00+01:00"]) };
    case 1: return { ...valid, office: pick(["", "x", 5, null, ids.other]) };
    case 2: return { ...valid, service: pick(["", "A B", 5, null, w.notEnabled.slug, w.otherService.slug, "non-esiste"]) };
    case 3: return { ...valid, email: pick(["x", 5, "a@", ""]), phone: pick([undefined, "abc", "1"]) };
    case 4: return { ...valid, fiscal_code: pick(["123", "", 5, "X".repeat(40)]), pratica: pick([undefined, "x", ids.other]) };
    case 5: { const { name: _n, ...rest } = valid; return pick([rest, { ...valid, name: pick(["", "x", 5, "x".repeat(200)]) }]); }
    case 6: return { ...valid, extra: true };
    default: return chance(0.5) ? valid : weirdValue(1);
  }
}

const appointmentRef = () => pick(["00000000-0000-4000-8000-000000000000", "not-a-uuid", "%E2%82%AC", "1", ids.other, "x".repeat(300)]);

const praticaRef = () =>
  pick([ids.submitted, ids.pending, ids.accepted, ids.draft, ids.other, "00000000-0000-4000-8000-000000000000", "not-a-uuid", "%E2%82%AC", "1", encodeURIComponent("'; drop table pratiche; --"), "ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ"]);
/** Pratiche the partner cannot see: any well-formed body is refused. */
const hiddenPraticaRef = () => pick([ids.draft, ids.other, "00000000-0000-4000-8000-000000000000", "not-a-uuid", "x".repeat(300)]);
/** …plus a decided one, from which no partner event is allowed. */
const frozenPraticaRef = () => (chance(0.3) ? ids.accepted : hiddenPraticaRef());

function randomAuth(): string | null {
  const r = random();
  if (r < 0.9) return w.auth;
  if (r < 0.93) return w.otherAuth;
  if (r < 0.95) return null;
  if (r < 0.97) return pick(["Basic", "Basic =", "Bearer x", `Basic ${"A".repeat(3000)}`, "basic Zm9vOmJhcg==", `Basic ${Buffer.from("a:b:c").toString("base64")}`]);
  return basic(pick([w.partner.slug, "nessuno", "A B", "x".repeat(150)]), pick([PARTNER_SECRET.slice(1), "", "x"]));
}

type Req = { path: string; opts: CallOptions };

function bodyOpts(body: unknown): CallOptions {
  const r = random();
  if (r < 0.7) return { json: body };
  if (r < 0.8) return { rawBody: JSON.stringify(body).slice(0, Math.max(1, int(JSON.stringify(body).length))), headers: { "content-type": "application/json" } };
  if (r < 0.85) return { rawBody: Buffer.from(Array.from({ length: int(200) }, () => int(256))), headers: { "content-type": "application/json" } };
  if (r < 0.92) return { rawBody: JSON.stringify(body), headers: { "content-type": pick(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", "application/jsonx"]) } };
  if (r < 0.95) return { rawBody: JSON.stringify({ pad: "x".repeat(270 * 1024) }), headers: { "content-type": "application/json" } };
  return { rawBody: "", headers: { "content-type": "application/json" } };
}

function randomRequest(): Req {
  const slug = chance(0.9) ? w.partner.slug : pick([w.otherPartner.slug, "nessuno", "%20", "x".repeat(120)]);
  const ente = chance(0.85) ? w.ente.slug : pick([w.otherEnte.slug, "nessuno", "UPPER"]);
  const servizio = chance(0.8) ? w.service.slug : pick([w.notEnabled.slug, w.otherService.slug, "nessuno", w.service.id, "!!"]);
  const auth = randomAuth();
  const headers: Record<string, string> = {};
  if (chance(0.2)) headers["idempotency-key"] = pick(["k1", "k2", "con spazi", "x".repeat(300), `fuzz-${int(50)}`]);
  if (chance(0.05)) headers["x-forwarded-for"] = "203.0.113.1";
  const withBody = (path: string, body: unknown): Req => {
    const o = bodyOpts(body);
    return { path, opts: { ...o, method: "POST", auth, headers: { ...headers, ...(o.headers ?? {}) } } };
  };
  switch (int(14)) {
    case 0: return withBody(`/api/v1.0/${slug}/pratica/${praticaRef()}/status`, invalidStatusBody());
    // Well-formed events that the state does not allow (409), or on pratiche the partner cannot see (404).
    case 1: return withBody(`/api/v1.0/${slug}/pratica/${frozenPraticaRef()}/status`, { evento: pick(["assign", "accept", "register", 4000, "resume", "revoke", "vola", 1234]), motivazione: "m", messaggio: "x" });
    case 2: return withBody(`/api/v1.0/${slug}/pratica/offline/create`, invalidCreateBody());
    case 3: return withBody(`/api/v1.0/${slug}/pratica/${praticaRef()}/protocolli`, invalidProtocolliBody());
    case 4: return withBody(`/api/v1.0/${slug}/pratica/${hiddenPraticaRef()}/protocolli`, [{ numero: "1" }]);
    case 5: return withBody(`/api/v1.0/schedaInformativa/${servizio}/${ente}`, invalidSchedaBody());
    case 6: return withBody(`/api/v1.0/servizioTexts/${servizio}/${ente}/${pick(["dati", "nessuno", "x".repeat(100)])}`, pick([{ testo: 5 }, {}, { testo: null }, "x", { testo: "x".repeat(20_001) }]));
    case 7: return withBody(`/api/v1.0/servizioTexts/${servizio}/${ente}/${pick(["nessuno", "%2e%2e", "DATI"])}`, { testo: "ok" });
    case 8: return { path: `/api/v1.0/${slug}/pratiche?${pick(["limit=0", "limit=abc", "status=x", "updated_since=ieri", "cursor=%%%", "cursor=eyJ1IjoieCJ9", "service=A B", "limit=1&limit=2", "foo=bar", "limit=1e3"])}`, opts: { auth, headers } };
    case 9: return { path: `/api/v1.0/${slug}/pratica/${praticaRef()}${chance(0.5) ? `/allegati/${pick(["x", "00000000-0000-4000-8000-000000000000", ids.other])}` : ""}`, opts: { auth, headers } };
    case 10: return withBody(`/api/v1.0/${slug}/appuntamenti`, invalidAppointmentBody());
    case 11:
      return chance(0.5)
        ? withBody(`/api/v1.0/${slug}/appuntamenti/${appointmentRef()}/cancel`, pick([{ message: "Annullato" }, {}, { message: 5 }, { message: "" }, { x: 1 }, "x", [], null]))
        : withBody(`/api/v1.0/${slug}/appuntamenti/${appointmentRef()}/move`, pick([{ starts_at: "2026-06-01T09:00:00+02:00" }, {}, { starts_at: "ieri" }, { starts_at: 5 }, { starts_at: "2026-06-01T09:00:00" }, "x", null]));
    case 12:
      return {
        path: pick([
          `/api/v1.0/${slug}/appuntamenti?${pick(["limit=0", "limit=101", "limit=abc", "status=x", "from=ieri", "from=2026-02-30", "from=2026-06-02&to=2026-06-01", "ufficio=x", "cursor=%%%", "cursor=eyJ1IjoieCJ9", "limit=1&limit=2"])}`,
          `/api/v1.0/${slug}/appuntamenti/${appointmentRef()}`,
          `/api/v1.0/${slug}/uffici/${appointmentRef()}`,
          `/api/v1.0/${slug}/uffici/${appointmentRef()}/disponibilita?${pick(["days=0", "days=32", "from=x", "days=abc", ""])}`,
        ]),
        opts: { auth, headers },
      };
    default: return { path: pick([`/api/v1.0/${slug}/webhooks/deliveries?cursor=${pick(["x", "-1", "1e5", "99999999999999999"])}`, `/api/v1.0/schedaInformativa/${servizio}/${ente}`, "/api/v1.0/services", `/api/v1.0/${slug}/uffici`, `/api/v1.0/${slug}/appuntamenti`]), opts: { auth, headers } };
  }
}

async function snapshot() {
  return {
    counts: await domainRowCounts(tdb.db),
    pratiche: await tdb.db.select({ id: pratiche.id, status: pratiche.status, version: pratiche.version, updatedAt: pratiche.updatedAt }).from(pratiche).orderBy(asc(pratiche.id)),
    services: await tdb.db.select({ id: services.id, infoSheet: services.infoSheet, stepTexts: services.stepTexts, updatedAt: services.updatedAt }).from(services).orderBy(asc(services.id)),
  };
}

describe(`fuzz: ${REQUESTS} malformed requests (seed ${SEED})`, () => {
  it("never answers 5xx, always answers problems as problem+json, and writes nothing", async () => {
    const before = await snapshot();
    const byStatus: Record<number, number> = {};
    const failures: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const { path, opts } = randomRequest();
      const res = await call(path, opts);
      byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
      if (res.status >= 500) failures.push(`${opts.method ?? "GET"} ${path} → ${res.status}: ${(await res.text()).slice(0, 200)}`);
      else if (res.status >= 400 && res.headers.get("content-type") !== "application/problem+json") failures.push(`${path} → ${res.status} without problem+json`);
      else await res.arrayBuffer();
    }
    console.info("fuzz statuses", byStatus);
    expect(failures).toEqual([]);
    // The mix must really exercise the error paths, not only one of them.
    for (const status of [400, 401, 403, 404, 409, 413, 415, 422]) expect(byStatus[status] ?? 0, `status ${status}`).toBeGreaterThan(0);
    expect(byStatus[201] ?? 0).toBe(0);
    expect(await snapshot()).toEqual(before);
  }, 600_000);
});
