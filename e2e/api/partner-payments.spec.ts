import { expect, test } from "@playwright/test";

/**
 * Payments through the partner API, against the production build and the demo seed (demo mode: the demo provider
 * takes the positions): a deferred payment asked with `request_payment`, seen in the pratica's `payments`, withdrawn
 * with `cancel_payment`.
 */
const PARTNER = "bugliano-protocollo";
const AUTH = { authorization: `Basic ${Buffer.from(`${PARTNER}:stanza-demo-partner`).toString("base64")}` };

type Payment = { id: string; status: string; phase: string; amount: number; amount_eur: string; causale: string; due_date: string; notice_code: string; iuv: string };
type Detail = { status: { code: number }; payments: Payment[]; allowed_events: string[] };

test("request_payment and cancel_payment through POST …/status; payments in the detail", async ({ request }) => {
  // A pratica in carico: the first of the partner's list in 4000.
  const list = (await (await request.get(`/api/v1.0/${PARTNER}/pratiche?status=4000&limit=1`, { headers: AUTH })).json()) as { data: { id: string }[] };
  const id = list.data[0]?.id;
  expect(id, "a pratica in 4000 in the demo seed").toBeTruthy();
  const statusPath = `/api/v1.0/${PARTNER}/pratica/${id}/status`;
  const detailPath = `/api/v1.0/${PARTNER}/pratica/${id}`;

  const missing = await request.post(statusPath, { headers: AUTH, data: { evento: "request_payment", messaggio: "Diritti di sopralluogo" } });
  expect(missing.status()).toBe(422);
  expect(((await missing.json()) as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(["importo_centesimi"]);

  const asked = await request.post(statusPath, { headers: AUTH, data: { evento: "request_payment", importo_centesimi: 2550, messaggio: "Diritti di sopralluogo", operatore: "mrossi" } });
  const body = (await asked.json()) as { status: { code: number }; payment: Payment };
  expect(asked.status(), JSON.stringify(body)).toBe(200);
  expect(body.status.code).toBe(1500);
  expect(body.payment).toMatchObject({ phase: "deferred", amount: 2550, amount_eur: "25.50", causale: "Diritti di sopralluogo" });
  expect(body.payment.notice_code).toMatch(/^\d{18}$/);

  const detail = (await (await request.get(detailPath, { headers: AUTH })).json()) as Detail;
  expect(detail.status.code).toBe(1500);
  const mine = detail.payments.find((p) => p.id === body.payment.id);
  expect(mine).toMatchObject({ amount: 2550, amount_eur: "25.50", notice_code: body.payment.notice_code, iuv: body.payment.iuv });
  expect(detail.allowed_events).toContain("cancel_payment");

  const cancelled = await request.post(statusPath, { headers: AUTH, data: { evento: "cancel_payment", messaggio: "Importo non più dovuto" } });
  expect(await cancelled.json()).toMatchObject({ event: "cancel_payment", status: { code: 4000 } });
  const after = (await (await request.get(detailPath, { headers: AUTH })).json()) as Detail;
  expect(after.payments.find((p) => p.id === body.payment.id)?.status).toBe("cancelled");
});
