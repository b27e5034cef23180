import { and, count, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, enti, outbox, partners, payments } from "@/db/schema";
import { WEBHOOK_EVENTS } from "@/lib/admin/partners";
import { centsToEuroString } from "@/lib/api/present";
import type { TestDatabase } from "./helpers/db";
import { call, closeApiTest, domainRowCounts, json, openApiTest, setTestApiDeps, type ApiWorld } from "./helpers/api";
import { praticaInStatus } from "./helpers/fixtures";

// The ente has no provider settings: in demo mode the demo provider takes the positions.
process.env.AUTH_SECRET ??= "a".repeat(40);
process.env.DEMO_MODE = "true";

let tdb: TestDatabase;
let w: ApiWorld;

beforeAll(async () => {
  ({ tdb, w } = await openApiTest());
  // Notice codes need the ente's pagoPA codes.
  await tdb.db.update(enti).set({ codiceFiscale: "00000000000", pagopaAuxDigit: 3, pagopaSegregationCode: "01" }).where(eq(enti.id, w.ente.id));
  await tdb.db.update(partners).set({ webhookUrl: "https://example.org/hook", webhookEvents: ["pratica.request_payment", "pratica.cancel_payment"] }).where(eq(partners.id, w.partner.id));
});
beforeEach(() => setTestApiDeps(tdb.db));
afterAll(() => closeApiTest(tdb));

type Obj = Record<string, unknown>;
type PaymentJson = { id: string; status: string; phase: string; amount: number; amount_eur: string; causale: string; due_date: string; notice_code: string; iuv: string; paid_at: string | null; receipt_id: string | null; receipt_url: string | null };
const statusPath = (id: string) => `/api/v1.0/${w.partner.slug}/pratica/${id}/status`;
const detailPath = (id: string) => `/api/v1.0/${w.partner.slug}/pratica/${id}`;
const post = (path: string, body: unknown, auth = w.auth) => call(path, { auth, json: body });
const get = (path: string) => call(path, { auth: w.auth });
const paymentCount = async () => Number((await tdb.db.select({ n: count() }).from(payments))[0]?.n ?? 0);

describe("payments in the partner API", () => {
  it("request_payment records the payment with the transition; the detail shows it; cancel_payment withdraws it", async () => {
    const p = await praticaInStatus(tdb.db, w.ente, w.service, w.citizen, w.operator, w.admin, 4000);
    const res = await post(statusPath(p.id), { evento: "request_payment", importo_centesimi: 125005, messaggio: "Diritti di sopralluogo", scadenza_giorni: 10, operatore: "m.bianchi" });
    const body = await json<Obj & { payment: PaymentJson }>(res);
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(body).toMatchObject({ event: "request_payment", from: { code: 4000 }, status: { code: 1500, name: "payment_pending" } });
    expect(body.payment).toMatchObject({ status: "creating", phase: "deferred", amount: 125005, amount_eur: "1250.05", causale: "Diritti di sopralluogo", paid_at: null, receipt_url: null });
    expect(body.payment.notice_code).toMatch(/^3\d{17}$/);

    const detail = await json<Obj & { payments: PaymentJson[]; allowed_events: string[]; status: Obj }>(await get(detailPath(p.id)));
    expect(detail.status).toMatchObject({ code: 1500, label: "In attesa di pagamento" });
    expect(detail.payments).toEqual([expect.objectContaining({ id: body.payment.id, amount: 125005, amount_eur: "1250.05", notice_code: body.payment.notice_code, iuv: body.payment.iuv })]);
    expect(detail.payments[0]?.due_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(detail.allowed_events).toContain("cancel_payment");

    // Who acted in the partner's system is in the transition's audit row, as for every status change.
    const [audit] = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, p.id), eq(auditLog.action, "pratica.request_payment")));
    expect(audit).toMatchObject({ actorKind: "partner", actorId: w.partner.id });
    expect(audit?.data).toMatchObject({ operatore: "m.bianchi", channel: "api", evento: "request_payment" });

    // The subscribed partner gets the webhook of the event.
    const hooks = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, p.id), eq(outbox.kind, "pratica.request_payment")));
    expect(hooks).toHaveLength(1);

    // cancel_payment needs its message; then the request is withdrawn and processing resumes.
    expect((await post(statusPath(p.id), { evento: "cancel_payment" })).status).toBe(422);
    const cancel = await post(statusPath(p.id), { evento: 4000, messaggio: "Non più dovuto" });
    expect(await json(cancel)).toMatchObject({ event: "cancel_payment", status: { code: 4000 } });
    const after = await json<{ payments: PaymentJson[] }>(await get(detailPath(p.id)));
    expect(after.payments.map((x) => x.status)).toEqual(["cancelled"]);
    expect(await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, p.id), eq(outbox.kind, "pratica.cancel_payment")))).toHaveLength(1);
  });

  it("accepts the target state 1500 as the event", async () => {
    const p = await praticaInStatus(tdb.db, w.ente, w.service, w.citizen, w.operator, w.admin, 4000);
    const body = await json<Obj & { payment: PaymentJson }>(await post(statusPath(p.id), { evento: "1500", importo_centesimi: 1600, messaggio: "Marca da bollo" }));
    expect(body).toMatchObject({ event: "request_payment", status: { code: 1500 }, payment: { amount: 1600, amount_eur: "16.00" } });
  });

  it("refuses a request without amount or causale, with a fractional or oversize amount, or payment fields on other events (422, nothing written)", async () => {
    const p = await praticaInStatus(tdb.db, w.ente, w.service, w.citizen, w.operator, w.admin, 4000);
    const before = { ...(await domainRowCounts(tdb.db)), payments: await paymentCount() };
    const refused = async (body: Obj) => {
      const res = await post(statusPath(p.id), body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      return (await json<{ errors?: { path: string }[] }>(res)).errors?.map((e) => e.path) ?? [];
    };
    expect(await refused({ evento: "request_payment", messaggio: "Diritti" })).toEqual(["importo_centesimi"]);
    expect(await refused({ evento: "request_payment", importo_centesimi: 1600 })).toEqual(["messaggio"]);
    expect(await refused({ evento: "request_payment", importo_centesimi: 16.5, messaggio: "Diritti" })).toEqual(["importo_centesimi"]);
    expect(await refused({ evento: "request_payment", importo_centesimi: 0, messaggio: "Diritti" })).toEqual(["importo_centesimi"]);
    expect(await refused({ evento: "request_payment", importo_centesimi: "1600", messaggio: "Diritti" })).toEqual(["importo_centesimi"]);
    expect(await refused({ evento: "request_payment", importo_centesimi: 1600, messaggio: "x".repeat(141) })).toEqual(["messaggio"]);
    expect(await refused({ evento: "request_payment", importo_centesimi: 1600, messaggio: "Diritti", scadenza_giorni: 400 })).toEqual(["scadenza_giorni"]);
    expect(await refused({ evento: "request_integration", messaggio: "Manca un documento", importo_centesimi: 1600 })).toEqual(["importo_centesimi"]);
    expect({ ...(await domainRowCounts(tdb.db)), payments: await paymentCount() }).toEqual(before);
  });

  it("refuses outside 4000 (409), and another ente's partner does not see the pratica (404)", async () => {
    const submitted = await praticaInStatus(tdb.db, w.ente, w.service, w.citizen, w.operator, w.admin, 2000);
    const res = await post(statusPath(submitted.id), { evento: "request_payment", importo_centesimi: 1600, messaggio: "Diritti" });
    expect(res.status).toBe(409);
    expect((await json<{ allowed_events: string[] }>(res)).allowed_events.sort()).toEqual(["assign", "register"]);
    const p = await praticaInStatus(tdb.db, w.ente, w.service, w.citizen, w.operator, w.admin, 4000);
    const other = await post(`/api/v1.0/${w.otherPartner.slug}/pratica/${p.id}/status`, { evento: "request_payment", importo_centesimi: 1600, messaggio: "Diritti" }, w.otherAuth);
    expect(other.status).toBe(404);
    expect(await tdb.db.select().from(payments).where(eq(payments.praticaId, p.id))).toEqual([]);
  });

  it("lists the payment events among the subscribable webhook events", () => {
    for (const e of ["require_payment", "request_payment", "start_payment", "confirm_payment", "fail_payment", "expire_payment", "cancel_payment"])
      expect(WEBHOOK_EVENTS).toContain(`pratica.${e}`);
  });

  it("writes euros from cents exactly", () => {
    expect([1, 10, 99, 1600, 125005, 99_999_999_999].map(centsToEuroString)).toEqual(["0.01", "0.10", "0.99", "16.00", "1250.05", "999999999.99"]);
  });
});
