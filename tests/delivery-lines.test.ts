import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryAttempts, outbox, type DeliveryStatus, type Ente, type OutboxStatus, type Service, type User } from "@/db/schema";
import { LANGS } from "@/lib/i18n";
import { describeDelivery, describePraticaDeliveries, formatWhen, realAttempts } from "@/lib/notifications/delivery-lines";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createCitizen, createEnte, createService, createStaff, operatorCtx, submittedPratica } from "./helpers/fixtures";

/** Words an Italian reader should never meet in the panel: the machine's status names and English phrasing. */
const ENGLISH = /\b(sent|pending|processing|failed|bounced|queued|deferred|retried|skipped|dead|cancelled|delivered|webhook|attempts?|to the|after|not)\b/i;

const at = (s: string) => new Date(s);
type H = { status: DeliveryStatus; detail: string | null; createdAt: Date };
const row = (status: OutboxStatus, history: H[], extra: Partial<{ availableAt: Date; doneAt: Date | null }> = {}) => ({
  status,
  history,
  createdAt: at("2026-12-03T09:00:00Z"),
  availableAt: extra.availableAt ?? at("2026-12-03T09:00:00Z"),
  doneAt: extra.doneAt ?? null,
});
const h = (status: DeliveryStatus, when: string, detail: string | null = null): H => ({ status, detail, createdAt: at(when) });

const CASES = [
  { name: "sent after a failure", d: row("sent", [h("queued", "2026-12-03T09:00:00Z"), h("failed", "2026-12-03T09:01:00Z", "connect ECONNREFUSED"), h("sent", "2026-12-03T09:15:00Z", "250 2.0.0 Ok: queued")], { doneAt: at("2026-12-03T09:15:00Z") }) },
  { name: "sent at once", d: row("sent", [h("queued", "2026-12-03T09:00:00Z"), h("sent", "2026-12-03T09:00:05Z", "250 Ok")]) },
  { name: "waiting", d: row("pending", [h("queued", "2026-12-03T09:00:00Z")], { availableAt: at("2026-12-03T09:05:00Z") }) },
  { name: "quiet hours", d: row("pending", [h("queued", "2026-12-03T21:00:00Z"), h("deferred", "2026-12-03T21:00:01Z", "fuori orario")], { availableAt: at("2026-12-04T07:00:00Z") }) },
  { name: "retrying", d: row("pending", [h("queued", "2026-12-03T09:00:00Z"), h("failed", "2026-12-03T09:00:01Z", "timeout")], { availableAt: at("2026-12-03T09:02:00Z") }) },
  { name: "processing", d: row("processing", [h("queued", "2026-12-03T09:00:00Z")]) },
  { name: "skipped", d: row("skipped", [h("queued", "2026-12-03T09:00:00Z"), h("skipped", "2026-12-03T09:00:01Z", "già letto nell'area personale")]) },
  { name: "dead", d: row("dead", [h("failed", "2026-12-03T09:00:01Z", "550 mailbox unavailable"), h("failed", "2026-12-03T10:00:01Z", "550 mailbox unavailable"), h("dead", "2026-12-03T10:00:01Z", "errore permanente: nessun nuovo tentativo")]) },
  { name: "cancelled", d: row("cancelled", [h("queued", "2026-12-03T09:00:00Z"), h("cancelled", "2026-12-05T09:00:00Z", "promemoria annullato: il cittadino ha già risposto")]) },
];
const EMAIL = { kind: "email" as const, address: "mario.rossi@example.com" };

describe("one plain sentence per delivery", () => {
  it("says to whom, what happened, when (four-digit year, Rome time) and after how many real attempts", () => {
    const [sent, once, waiting, quiet, retrying, processing, skipped, dead, cancelled] = CASES.map((c) => describeDelivery(c.d, EMAIL, "it", "Europe/Rome"));
    expect(sent).toBe("Email a mario.rossi@example.com: consegnata al server di posta il 03/12/2026 alle 10:15, dopo 2 tentativi.");
    expect(once).toBe("Email a mario.rossi@example.com: consegnata al server di posta il 03/12/2026 alle 10:00, al primo tentativo.");
    expect(waiting).toBe("Email a mario.rossi@example.com: in attesa di invio, prevista il 03/12/2026 alle 10:05.");
    expect(quiet).toBe("Email a mario.rossi@example.com: rinviata per l'orario di silenzio dell'ente, partirà il 04/12/2026 alle 08:00.");
    expect(retrying).toBe("Email a mario.rossi@example.com: non ancora riuscita, nuovo tentativo il 03/12/2026 alle 10:02, 1 tentativo finora.");
    expect(processing).toBe("Email a mario.rossi@example.com: in invio in questo momento.");
    expect(skipped).toBe("Email a mario.rossi@example.com: non inviata il 03/12/2026 alle 10:00. Motivo: già letto nell'area personale.");
    expect(dead).toBe("Email a mario.rossi@example.com: non recapitata, tentativi sospesi il 03/12/2026 alle 11:00, dopo 2 tentativi. Motivo: errore permanente: nessun nuovo tentativo.");
    expect(cancelled).toContain("annullata il 05/12/2026 alle 10:00");
  });

  it("has no English word in Italian, whatever the status and channel", () => {
    const recipients = [EMAIL, { kind: "email" as const, address: null }, { kind: "operators" as const }, { kind: "protocol" as const, external: false }, { kind: "protocol" as const, external: true }, { kind: "partner" as const, name: "Protocollo Srl" }, { kind: "partner" as const, name: null }];
    for (const c of CASES) for (const to of recipients) {
      const line = describeDelivery(c.d, to, "it", "Europe/Rome");
      // The recorded reasons are the system's own Italian; the English server answers stay behind the disclosure.
      expect(line, `${c.name} / ${to.kind}`).not.toMatch(ENGLISH);
    }
  });

  it("is English on the English page", () => {
    const line = describeDelivery(CASES[0]!.d, EMAIL, "en", "Europe/Rome");
    expect(line).toBe("Email to mario.rossi@example.com: delivered to the mail server on 03/12/2026 at 10:15, after 2 attempts.");
    for (const c of CASES) expect(describeDelivery(c.d, { kind: "protocol", external: false }, "en", "Europe/Rome")).not.toMatch(/\b(consegnata|tentativ|inviata|rinviata|annullata)\b/);
  });

  it("counts only the attempts that tried to deliver", () => {
    expect(realAttempts(CASES[0]!.d.history)).toBe(2);
    expect(realAttempts(CASES[3]!.d.history)).toBe(0);
    expect(LANGS.map((l) => formatWhen(at("2027-01-01T00:30:00Z"), l, "Europe/Rome"))).toEqual(["il 01/01/2027 alle 01:30", "on 01/01/2027 at 01:30"]);
  });
});

let tdb: TestDatabase;
let ente: Ente;
let svc: Service;
let mario: User;
let op: User;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
  svc = await createService(tdb.db, ente);
  mario = await createCitizen(tdb.db, { email: "mario.rossi@example.com" });
  op = await createStaff(tdb.db, ente, "operator", [svc.id]);
});
afterAll(async () => tdb?.close());

describe("the panel of a pratica", () => {
  it("names each recipient and channel and gives the real number of attempts from the delivery rows", async () => {
    const p = await submittedPratica(tdb.db, ente, svc, mario);
    const [receipt] = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, p.id), eq(outbox.kind, "receipt")));
    if (!receipt) throw new Error("receipt");
    await tdb.db.insert(deliveryAttempts).values([
      { outboxId: receipt.id, enteId: ente.id, status: "failed", detail: "connect ECONNREFUSED 127.0.0.1:25", createdAt: at("2026-12-03T09:01:00Z") },
      { outboxId: receipt.id, enteId: ente.id, status: "sent", detail: "mario.rossi@example.com — 250 2.0.0 Ok", createdAt: at("2026-12-03T09:15:00Z") },
    ]);
    await tdb.db.update(outbox).set({ status: "sent", attempts: 1, doneAt: at("2026-12-03T09:15:00Z") }).where(eq(outbox.id, receipt.id));

    const it_ = await describePraticaDeliveries(operatorCtx(tdb.db, ente, op), p.id, "it");
    const byKind = new Map(it_.map((l) => [l.kind, l]));
    expect(byKind.get("receipt")?.sentence).toBe("Email a mario.rossi@example.com: consegnata al server di posta il 03/12/2026 alle 10:15, dopo 2 tentativi.");
    expect(byKind.get("receipt")?.attempts).toBe(2);
    expect(byKind.get("receipt")?.history.map((a) => a.label)).toEqual(["Messa in coda", "Tentativo non riuscito", "Inviata"]);
    expect(byKind.get("operator_new_pratica")?.sentence).toMatch(/^Email agli operatori abilitati sul servizio: in attesa di invio, prevista il \d\d\/\d\d\/\d{4} alle \d\d:\d\d\.$/);
    expect(byKind.get("protocol_builtin")?.sentence).toMatch(/^Richiesta di protocollo al registro interno dell'ente: in attesa di invio/);
    for (const l of it_) expect(l.sentence).not.toMatch(ENGLISH);

    const en = await describePraticaDeliveries(operatorCtx(tdb.db, ente, op), p.id, "en");
    expect(en.find((l) => l.kind === "receipt")?.sentence).toBe("Email to mario.rossi@example.com: delivered to the mail server on 03/12/2026 at 10:15, after 2 attempts.");
  });
});
