import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryAttempts, outbox, pecMessages, type DeliveryStatus, type Ente, type OutboxStatus, type Service, type User } from "@/db/schema";
import { LANGS } from "@/lib/i18n";
import { describeDelivery, describePraticaDeliveries, formatWhen, maskCodiceFiscale, noticeChains, realAttempts } from "@/lib/notifications/delivery-lines";
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

describe("App IO and PEC in the record", () => {
  const IO = { kind: "io" as const, name: "Mario Rossi", cf: "RSSMRA80A01H501U" };
  const PEC = { kind: "pec" as const, address: "mario.rossi@pec.example" };
  const sentIo = row("sent", [h("queued", "2026-12-03T09:00:00Z"), h("sent", "2026-12-03T09:00:05Z", "id 01JABC")]);
  const pecReceipts = (last: "accepted" | "delivered" | "undelivered") =>
    row("sent", [
      h("sent", "2026-12-03T09:00:05Z", "250 ok"),
      h("accepted", "2026-12-03T09:00:10Z", "ricevuta di accettazione"),
      ...(last === "accepted" ? [] : [h(last, "2026-12-03T09:05:00Z", last === "undelivered" ? "casella piena" : "ricevuta di avvenuta consegna")]),
    ]);

  it("names the citizen with a masked codice fiscale on IO and the address on PEC", () => {
    expect(maskCodiceFiscale("rssmra80a01h501u")).toBe("RSS**********01U");
    expect(describeDelivery(sentIo, IO, "it", "Europe/Rome")).toBe("App IO a Mario Rossi (codice fiscale RSS**********01U): accettato da App IO il 03/12/2026 alle 10:00, al primo tentativo.");
    expect(describeDelivery(sentIo, IO, "en", "Europe/Rome")).toBe("App IO to Mario Rossi (tax code RSS**********01U): accepted by App IO on 03/12/2026 at 10:00, at the first attempt.");
    expect(describeDelivery(sentIo, IO, "it", "Europe/Rome")).not.toContain("RSSMRA80A01H501U");
  });

  it("tells where a PEC is from its latest receipt", () => {
    expect(describeDelivery(pecReceipts("accepted"), PEC, "it", "Europe/Rome")).toBe("PEC a mario.rossi@pec.example: accettata dal gestore PEC il 03/12/2026 alle 10:00, in attesa della consegna.");
    expect(describeDelivery(pecReceipts("delivered"), PEC, "it", "Europe/Rome")).toBe("PEC a mario.rossi@pec.example: consegnata nella casella del destinatario il 03/12/2026 alle 10:05.");
    expect(describeDelivery(pecReceipts("undelivered"), PEC, "it", "Europe/Rome")).toBe("PEC a mario.rossi@pec.example: non consegnata il 03/12/2026 alle 10:05. Motivo: casella piena.");
    expect(describeDelivery(pecReceipts("delivered"), PEC, "en", "Europe/Rome")).toBe("PEC to mario.rossi@pec.example: delivered to the recipient's mailbox on 03/12/2026 at 10:05.");
  });

  it("says which channel a routed row went to and why", () => {
    const routed = row("routed", [h("queued", "2026-12-03T09:00:00Z"), h("routed", "2026-12-03T09:00:01Z", "email: profilo non trovato")], { doneAt: at("2026-12-03T09:00:01Z") });
    expect(describeDelivery(routed, IO, "it", "Europe/Rome", { to: "email", reason: "profilo non trovato" })).toBe("App IO a Mario Rossi (codice fiscale RSS**********01U): passaggio a email il 03/12/2026 alle 10:00. Motivo: profilo non trovato.");
    expect(describeDelivery(routed, { kind: "notice", name: "Mario Rossi" }, "en", "Europe/Rome", { to: "io", reason: "policy" })).toBe("Notice to Mario Rossi: handed over to App IO on 03/12/2026 at 10:00. Reason: policy.");
    // Without the next row, the routed step's own detail, without its channel's name.
    expect(describeDelivery(routed, IO, "it", "Europe/Rome")).toBe("App IO a Mario Rossi (codice fiscale RSS**********01U): passata a un altro canale il 03/12/2026 alle 10:00. Motivo: profilo non trovato.");
  });

  it("has no English word in Italian for IO and PEC either", () => {
    const recipients = [IO, { kind: "io" as const, name: null, cf: null }, PEC, { kind: "pec" as const, address: null }, { kind: "notice" as const, name: "Mario Rossi" }, { kind: "notice" as const, name: null }];
    for (const c of [...CASES.map((x) => x.d), sentIo, pecReceipts("accepted"), pecReceipts("delivered"), pecReceipts("undelivered")])
      for (const to of recipients) expect(describeDelivery(c, to, "it", "Europe/Rome", { to: "email", reason: "profilo non trovato" })).not.toMatch(ENGLISH);
  });

  it("groups a notice's rows into chains from the first row down", () => {
    const r = (id: string, parentId: string | null, min: number) => ({ id, parentId, createdAt: at(`2026-12-03T09:${String(min).padStart(2, "0")}:00Z`) });
    const chains = noticeChains([r("a", null, 0), r("b", "a", 1), r("c", "b", 2), r("x", null, 3), r("y", null, 4), r("z", "y", 5), r("z2", "y", 6)]);
    expect([...chains.entries()].map(([k, v]) => [k, v.map((x) => x.id)])).toEqual([
      ["a", ["a", "b", "c"]],
      // A row handed over twice (a retry of the hand-over): the newest child carries on.
      ["y", ["y", "z2"]],
    ]);
  });
});

describe("the chain of a notice in a pratica's panel", () => {
  /** A handed-over row below `parent`, with its steps. */
  async function child(parent: typeof outbox.$inferSelect, topic: "io" | "pec" | "email", status: OutboxStatus, reason: string, steps: [DeliveryStatus, string | null, string][]) {
    const [r] = await tdb.db
      .insert(outbox)
      .values({ enteId: parent.enteId, praticaId: parent.praticaId, topic, kind: parent.kind, payload: { ...parent.payload, via: topic, fallbacks: [], handOverReason: reason }, status, attempts: 1, parentId: parent.id, idempotencyKey: `${parent.idempotencyKey}>${topic}`, createdAt: at(steps[0]?.[2] ?? "2026-12-03T09:00:00Z"), doneAt: status === "pending" ? null : at(steps.at(-1)?.[2] ?? "2026-12-03T09:00:00Z") })
      .returning();
    if (!r) throw new Error("child");
    if (steps.length) await tdb.db.insert(deliveryAttempts).values(steps.map(([s, detail, w]) => ({ outboxId: r.id, enteId: r.enteId, status: s, detail, createdAt: at(w) })));
    return r;
  }
  async function routeRoot(p: { id: string }, kind: string) {
    const [root] = await tdb.db.select().from(outbox).where(and(eq(outbox.praticaId, p.id), eq(outbox.kind, kind)));
    if (!root) throw new Error(kind);
    await tdb.db.update(outbox).set({ status: "routed", doneAt: at("2026-12-03T09:00:01Z") }).where(eq(outbox.id, root.id));
    await tdb.db.insert(deliveryAttempts).values({ outboxId: root.id, enteId: root.enteId, status: "routed", detail: "App IO: scelta dell'ente", createdAt: at("2026-12-03T09:00:01Z") });
    return root;
  }

  it("reads App IO refused → email delivered, on the first row, and names each row's recipient", async () => {
    const gino = await createCitizen(tdb.db, { email: "gino.bianchi@example.com", name: "Gino Bianchi", codiceFiscale: "BNCGNI80A01H501X" });
    const p = await submittedPratica(tdb.db, ente, svc, gino);
    const root = await routeRoot(p, "receipt");
    const io = await child(root, "io", "routed", "scelta dell'ente", [["routed", "email: profilo non trovato", "2026-12-03T09:00:02Z"]]);
    await child(io, "email", "sent", "profilo non trovato", [["sent", "250 ok", "2026-12-03T09:00:30Z"]]);

    const lines = await describePraticaDeliveries(operatorCtx(tdb.db, ente, op), p.id, "it");
    const receipt = lines.filter((l) => l.kind === "receipt");
    expect(receipt.map((l) => [l.topic, l.status])).toEqual([["email", "routed"], ["io", "routed"], ["email", "sent"]]);
    expect(receipt[0]?.sentence).toBe("Avviso a Gino Bianchi: passaggio a App IO il 03/12/2026 alle 10:00. Motivo: scelta dell'ente.");
    expect(receipt[0]?.chain).toBe("App IO: rifiutato (profilo non trovato) → email: consegnata al server di posta");
    expect(receipt[1]?.sentence).toBe("App IO a Gino Bianchi (codice fiscale BNC**********01X): passaggio a email il 03/12/2026 alle 10:00. Motivo: profilo non trovato.");
    expect(receipt[1]?.handedOverFrom).toBe("Passata qui da email.");
    expect(receipt[1]?.chain).toBeNull();
    expect(receipt[2]?.sentence).toBe("Email a gino.bianchi@example.com: consegnata al server di posta il 03/12/2026 alle 10:00, al primo tentativo.");
    expect(receipt[2]?.handedOverFrom).toBe("Passata qui da App IO.");
    for (const l of lines) {
      expect(l.sentence).not.toMatch(ENGLISH);
      if (l.chain) expect(l.chain).not.toMatch(ENGLISH);
    }
    const en = await describePraticaDeliveries(operatorCtx(tdb.db, ente, op), p.id, "en");
    // The reason is the one recorded (the system's Italian); the steps are in the reader's language.
    expect(en.find((l) => l.chain)?.chain).toBe("App IO: refused (profilo non trovato) → email: delivered to the mail server");
  });

  it("shows a PEC's receipts as steps and its address as sent", async () => {
    const anna = await createCitizen(tdb.db, { email: "anna@example.com", name: "Anna Verdi", pecAddress: "anna.nuova@pec.example" });
    const p = await submittedPratica(tdb.db, ente, svc, anna);
    const root = await routeRoot(p, "receipt");
    const pec = await child(root, "pec", "sent", "atto con valore legale", [
      ["sent", "250 ok", "2026-12-03T09:01:00Z"],
      ["accepted", "ricevuta di accettazione", "2026-12-03T09:01:05Z"],
      ["delivered", "ricevuta di avvenuta consegna", "2026-12-03T09:02:00Z"],
    ]);
    await tdb.db.insert(pecMessages).values({ outboxId: pec.id, enteId: ente.id, messageId: `<${pec.id}@pec.example>`, toAddress: "anna.verdi@pec.example", state: "delivered", sentAt: at("2026-12-03T09:01:00Z"), deliveredAt: at("2026-12-03T09:02:00Z") });

    const lines = (await describePraticaDeliveries(operatorCtx(tdb.db, ente, op), p.id, "it")).filter((l) => l.kind === "receipt");
    const line = lines.find((l) => l.topic === "pec");
    expect(line?.sentence).toBe("PEC a anna.verdi@pec.example: consegnata nella casella del destinatario il 03/12/2026 alle 10:02.");
    expect(line?.history.map((s) => s.label)).toEqual(["Inviata", "Accettazione PEC", "Consegna PEC"]);
    expect(lines[0]?.chain).toBe("PEC: consegnata nella casella");
  });
});
