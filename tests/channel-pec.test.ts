process.env.AUTH_SECRET ??= "p".repeat(40);
// The local PEC provider listens on loopback: allowed here as for an internal relay (lib/channels/pec/host-guard.ts).
process.env.PEC_ALLOW_PRIVATE_HOSTS = "true";
import net from "node:net";
import { and, eq } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, deliveryAttempts, entePecSettings, outbox, pecMessages, pratiche, services, users, type Ente, type OutboxRow, type Service, type User } from "@/db/schema";
import { checkPecHost } from "@/lib/channels/pec/host-guard";
import { parseDaticert, parseReceipt } from "@/lib/channels/pec/daticert";
import { createPecHandler, pecMessageIdFor } from "@/lib/channels/pec/handler";
import { applyReceipt, MAX_RECEIPT_BYTES, pollAllPecMailboxes, pollPecMailbox } from "@/lib/channels/pec/receipts";
import { decryptPecSecret, encryptPecSecret, getPecCounts, getPecSettings, loadPecSettings, savePecSettings, testPecConnection } from "@/lib/channels/pec/settings";
import type { NoticeContent, PrepareNotice } from "@/lib/channels/types";
import { MAX_FAILURES } from "@/lib/outbox/backoff";
import { enqueue } from "@/lib/outbox/enqueue";
import { buildModel, citizenLink } from "@/lib/notifications/model";
import { createHandlers } from "@/lib/outbox/handlers";
import type { Outcome } from "@/lib/outbox/record";
import { OutboxWorker } from "@/lib/outbox/worker";
import { praticaNumber } from "@/lib/pratiche/number";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, createCitizen, createEnte, createService, createStaff, operatorCtx, submittedPratica } from "./helpers/fixtures";
import { startPecFake, type PecFake } from "./helpers/pec-server";
import { closeMailLine, openMailLine, type SmtpSink } from "./helpers/smtp";
import type { SmtpMailer } from "@/lib/notifications/mailer";

const APP_URL = "http://stanza.test";
const MAIL_FROM = "Stanza <noreply@stanza.test>";
/** No quiet hours and no holidays: these tests are about PEC, and a fallback email must not wait for the morning (they ran green by day and red after 20:00 in Rome). */
const ALWAYS_OPEN = { quietHoursStart: "00:00", quietHoursEnd: "00:00", holidays: [] as string[] };
let tdb: TestDatabase;
let fake: PecFake;
let sink: SmtpSink;
let mailer: SmtpMailer;
let ente: Ente;
let other: Ente;
let service: Service;
let otherService: Service;
let admin: User;
let otherAdmin: User;
let citizen: User;
let failingCitizen: User;
let noDomicile: User;

/** The routing helper's prepareNotice stands in here: the notice of a row, worded as the email channel would. */
const prepareNotice: PrepareNotice = async (row: OutboxRow): Promise<NoticeContent | Outcome> => {
  const [p] = await tdb.db.select().from(pratiche).where(and(eq(pratiche.id, row.praticaId!), eq(pratiche.enteId, row.enteId)));
  if (!p) return { status: "skipped", detail: "pratica inesistente" };
  const [svc] = await tdb.db.select().from(services).where(eq(services.id, p.serviceId));
  const [recipient] = await tdb.db.select().from(users).where(eq(users.id, String(row.payload.userId ?? p.applicantId)));
  const e = row.enteId === ente.id ? ente : other;
  const link = citizenLink(APP_URL, e, p.id);
  const facts = { id: praticaNumber(p), status: p.status, service: svc!, protocol: null, personalMessage: null };
  const { subject, model } = buildModel({ kind: "receipt", lang: "it", ente: e, appUrl: APP_URL, facts, link, audience: "citizen" });
  return {
    kind: "receipt",
    lang: "it",
    ente: e,
    recipient: recipient!,
    praticaId: p.id,
    praticaNumber: praticaNumber(p),
    serviceName: svc!.name,
    subject,
    heading: model.heading,
    paragraphs: [],
    link,
    dueDate: null,
    payment: null,
    email: { subject, model, attachments: [] },
  };
};

const worker = (withPrepare = true) =>
  new OutboxWorker({
    db: tdb.db,
    handlers: createHandlers({ db: tdb.db, mailer, appUrl: APP_URL, mailFrom: MAIL_FROM, prepareNotice: withPrepare ? prepareNotice : undefined }),
    random: () => 0,
    log: () => {},
  });

const settingsInput = (user: string, password: string, address: string) => ({
  address,
  smtpHost: "127.0.0.1",
  smtpPort: String(fake.smtpPort),
  smtpSecurity: "none",
  smtpUser: user,
  smtpPassword: password,
  imapHost: "127.0.0.1",
  imapPort: String(fake.imapPort),
  imapSecurity: "none",
  imapUser: user,
  imapPassword: password,
  imapMailbox: "INBOX",
});

async function pecRow(e: Ente, svc: Service, who: User, fallbacks: string[] = ["email"]) {
  const pratica = await submittedPratica(tdb.db, e, svc, who);
  // Only this test's rows: the submission's own notices are not what is looked at here.
  await tdb.db.update(outbox).set({ status: "cancelled" }).where(eq(outbox.status, "pending"));
  const [id] = await enqueue(tdb.db, [
    { enteId: e.id, praticaId: pratica.id, topic: "pec", kind: "receipt", payload: { userId: who.id, via: "pec", fallbacks }, idempotencyKey: `test-pec:${pratica.id}` },
  ]);
  return { pratica, id: id! };
}

const attemptsOf = async (outboxId: string) => tdb.db.select().from(deliveryAttempts).where(eq(deliveryAttempts.outboxId, outboxId)).orderBy(deliveryAttempts.id);
const settingsOf = async (e: Ente) => (await loadPecSettings(tdb.db, e.id))!;
const pecOf = async (outboxId: string) => (await tdb.db.select().from(pecMessages).where(eq(pecMessages.outboxId, outboxId)))[0];

beforeAll(async () => {
  tdb = await createTestDatabase();
  fake = await startPecFake({ users: { "comune-a": "segreto-a-1234", "comune-b": "segreto-b-5678" } });
  ({ sink, mailer } = await openMailLine());
  ente = await createEnte(tdb.db, { name: "Comune di Prova PEC", ...ALWAYS_OPEN });
  other = await createEnte(tdb.db, { name: "Comune Vicino", ...ALWAYS_OPEN });
  service = await createService(tdb.db, ente, { name: "Contributo PEC" });
  otherService = await createService(tdb.db, other, { name: "Servizio del vicino" });
  admin = await createStaff(tdb.db, ente, "admin");
  otherAdmin = await createStaff(tdb.db, other, "admin");
  citizen = await createCitizen(tdb.db, { pecAddress: "mario.rossi@pec.cittadino.test" });
  failingCitizen = await createCitizen(tdb.db, { pecAddress: "inesistente@pec.cittadino.test" });
  noDomicile = await createCitizen(tdb.db);
  fake.failing.add("inesistente@pec.cittadino.test");
  await savePecSettings(adminCtx(tdb.db, ente, admin), settingsInput("comune-a", "segreto-a-1234", "protocollo@pec.comune-a.test"));
  await savePecSettings(adminCtx(tdb.db, other, otherAdmin), settingsInput("comune-b", "segreto-b-5678", "protocollo@pec.comune-b.test"));
});
afterAll(async () => {
  await closeMailLine({ sink, mailer });
  await fake?.stop();
  await tdb?.close();
});
beforeEach(() => {
  sink.messages.length = 0;
});

describe("PEC settings", () => {
  it("are saved for admins only, audited, with passwords encrypted and never shown", async () => {
    const row = await settingsOf(ente);
    expect(row.smtpPasswordEnc).not.toContain("segreto");
    expect(decryptPecSecret(row.smtpPasswordEnc)).toBe("segreto-a-1234");
    const view = await getPecSettings(adminCtx(tdb.db, ente, admin));
    expect(view).toMatchObject({ address: "protocollo@pec.comune-a.test", hasSmtpPassword: true, hasImapPassword: true });
    expect(JSON.stringify(view)).not.toContain("segreto");
    const [audit] = await tdb.db.select().from(auditLog).where(and(eq(auditLog.enteId, ente.id), eq(auditLog.action, "pec_provider.update")));
    expect(JSON.stringify(audit?.data)).not.toContain("segreto");
    const operator = await createStaff(tdb.db, ente, "operator", [service.id]);
    await expect(getPecSettings(operatorCtx(tdb.db, ente, operator))).rejects.toMatchObject({ code: "admin.only" });
    await expect(savePecSettings(adminCtx(tdb.db, ente, otherAdmin), settingsInput("x", "y", "a@pec.test"))).rejects.toMatchObject({ code: "admin.only" });
  });

  it("refuse bad input with codes, and clear-text connections to another machine", async () => {
    const ctx = adminCtx(tdb.db, ente, admin);
    const bad = { ...settingsInput("comune-a", "", "non-un-indirizzo"), smtpHost: "smtp.pec.fornitore.it", smtpPort: "70000" };
    const err = (await savePecSettings(ctx, bad).catch((e: unknown) => e)) as { fieldErrors: { path: string; code: string }[] };
    const codes = Object.fromEntries(err.fieldErrors.map((f) => [f.path, f.code]));
    expect(codes).toMatchObject({ address: "pec.address_invalid", smtpPort: "pec.port_invalid", smtpSecurity: "pec.insecure_remote" });
    // An empty password keeps the stored one.
    const kept = await savePecSettings(ctx, settingsInput("comune-a", "", "protocollo@pec.comune-a.test"));
    expect(kept.hasSmtpPassword).toBe(true);
    expect(decryptPecSecret((await settingsOf(ente)).imapPasswordEnc)).toBe("segreto-a-1234");
  });

  it("refuse servers of the internal network unless allowed, and names that do not resolve", async () => {
    for (const internal of ["127.0.0.1", "10.1.2.3", "172.20.0.5", "192.168.1.10", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "[::1]", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "localhost"])
      expect(await checkPecHost(internal, { allowInternal: false }), internal).toBe("internal");
    expect(await checkPecHost("93.184.216.34", { allowInternal: false })).toBe("ok");
    expect(await checkPecHost("127.0.0.1", { allowInternal: true })).toBe("ok");
    expect(await checkPecHost("nessun-server.invalid", { allowInternal: true })).toBe("unresolvable");
    const ctx = adminCtx(tdb.db, ente, admin);
    const err = (await savePecSettings(ctx, { ...settingsInput("comune-a", "segreto-a-1234", "protocollo@pec.comune-a.test"), imapHost: "nessun-server.invalid", imapSecurity: "tls" }).catch((e: unknown) => e)) as { fieldErrors?: { path: string; code: string }[] };
    expect(err.fieldErrors?.map((f) => [f.path, f.code])).toEqual([["imapHost", "pec.host_unresolvable"]]);
  });

  it("keep a stored password only for the same server and user: a changed one must be given its password again", async () => {
    const ctx = adminCtx(tdb.db, ente, admin);
    const stored = await settingsOf(ente);
    // Otherwise an admin could point the stored (write-only) password at a server of their own and read it there.
    for (const change of [{ smtpHost: "localhost" }, { smtpPort: "2525" }, { smtpUser: "altro" }, { imapHost: "localhost" }, { imapPort: "1143" }, { imapUser: "altro" }]) {
      const err = (await savePecSettings(ctx, { ...settingsInput("comune-a", "", "protocollo@pec.comune-a.test"), ...change }).catch((e: unknown) => e)) as { fieldErrors?: { path: string; code: string }[] };
      const field = Object.keys(change)[0]!.startsWith("smtp") ? "smtpPassword" : "imapPassword";
      expect(err.fieldErrors?.map((f) => [f.path, f.code]), JSON.stringify(change)).toEqual([[field, "pec.password_reenter"]]);
    }
    const after = await settingsOf(ente);
    expect({ smtpHost: after.smtpHost, imapHost: after.imapHost, smtpUser: after.smtpUser, updatedAt: after.updatedAt }).toEqual({ smtpHost: stored.smtpHost, imapHost: stored.imapHost, smtpUser: stored.smtpUser, updatedAt: stored.updatedAt });
  });

  it("test connection: both sides fine, or a clear failure with wrong credentials", async () => {
    expect(await testPecConnection(adminCtx(tdb.db, ente, admin))).toEqual({ smtp: { ok: true }, imap: { ok: true } });
    const lonely = await createEnte(tdb.db, ALWAYS_OPEN);
    const lonelyAdmin = await createStaff(tdb.db, lonely, "admin");
    await savePecSettings(adminCtx(tdb.db, lonely, lonelyAdmin), settingsInput("comune-a", "sbagliata", "pec@pec.lonely.test"));
    const result = await testPecConnection(adminCtx(tdb.db, lonely, lonelyAdmin));
    expect(result.smtp.ok).toBe(false);
    expect(result.smtp.error).toMatch(/535|auth/i);
    expect(result.imap.ok).toBe(false);
    expect(result.imap.error).toMatch(/autenticazione|auth/i);
  });
});

describe("sending a PEC", () => {
  it("goes through the ente's PEC SMTP with its own login, from its PEC address, and waits for receipts", async () => {
    const { id } = await pecRow(ente, service, citizen);
    const before = fake.submissions.length;
    const stats = await worker().drain();
    expect(stats.sent).toBe(1);
    const sub = fake.submissions.at(-1)!;
    expect(fake.submissions.length).toBe(before + 1);
    expect(sub.user).toBe("comune-a");
    expect(sub.from).toBe("protocollo@pec.comune-a.test");
    expect(sub.to).toEqual(["mario.rossi@pec.cittadino.test"]);
    expect(sub.messageId).toBe(pecMessageIdFor(id, "protocollo@pec.comune-a.test"));
    // Not through the ordinary SMTP.
    expect(sink.messages.filter((m) => m.to.includes("mario.rossi@pec.cittadino.test"))).toHaveLength(0);
    const parsed = await simpleParser(sub.raw);
    expect(parsed.text).toContain("Contributo PEC");
    const msg = await pecOf(id);
    expect(msg).toMatchObject({ state: "sent", toAddress: "mario.rossi@pec.cittadino.test", enteId: ente.id });
    const [row] = await tdb.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row?.status).toBe("sent");
    expect((await attemptsOf(id)).at(-1)?.detail).toContain("in attesa delle ricevute");
  });

  it("the same row sent again (crash before the outcome was recorded) carries the same Message-ID and one pec_messages row", async () => {
    const { id } = await pecRow(ente, service, citizen);
    await worker().drain();
    const [row] = await tdb.db.select().from(outbox).where(eq(outbox.id, id));
    const handler = createPecHandler({ db: tdb.db, prepareNotice });
    await handler(row!, new Date());
    handler.close();
    const ids = fake.submissions.filter((s) => s.messageId === pecMessageIdFor(id, "protocollo@pec.comune-a.test"));
    expect(ids).toHaveLength(2);
    expect(await tdb.db.select().from(pecMessages).where(eq(pecMessages.outboxId, id))).toHaveLength(1);
  });

  it("no digital domicile → handed over to the fallback; no PEC settings → the same", async () => {
    const { id } = await pecRow(ente, service, noDomicile);
    await worker().drain();
    const [row] = await tdb.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row?.status).toBe("routed");
    const [child] = await tdb.db.select().from(outbox).where(eq(outbox.parentId, id));
    expect(child).toMatchObject({ topic: "email", kind: "receipt" });
    expect(child?.payload).toMatchObject({ via: "email", fallbacks: [] });

    const bare = await createEnte(tdb.db, ALWAYS_OPEN);
    const bareService = await createService(tdb.db, bare);
    const second = await pecRow(bare, bareService, citizen);
    await worker().drain();
    const [row2] = await tdb.db.select().from(outbox).where(eq(outbox.id, second.id));
    expect(row2?.status).toBe("routed");
    expect((await attemptsOf(second.id)).at(-1)?.detail).toContain("non ha configurato");
  });

  it("a 5xx from the provider hands over", async () => {
    fake.refused.add("rifiutato@pec.cittadino.test");
    const refusedCitizen = await createCitizen(tdb.db, { pecAddress: "rifiutato@pec.cittadino.test" });
    const { id } = await pecRow(ente, service, refusedCitizen);
    await worker().drain();
    const [row] = await tdb.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row?.status).toBe("routed");
    expect(await pecOf(id)).toMatchObject({ state: "undelivered" });
  });
});

describe("a PEC provider that does not answer", () => {
  it("is retried, and its last failure hands the notice over to the fallback rather than leaving it dead", async () => {
    const down = await createEnte(tdb.db, ALWAYS_OPEN);
    const downService = await createService(tdb.db, down);
    // A port nobody listens on.
    const closed = await new Promise<number>((resolve) => {
      const srv = net.createServer().listen(0, "127.0.0.1", () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    await tdb.db.insert(entePecSettings).values({
      enteId: down.id,
      address: "protocollo@pec.giu.test",
      smtpHost: "127.0.0.1",
      smtpPort: closed,
      smtpSecurity: "none",
      smtpUser: "u",
      smtpPasswordEnc: encryptPecSecret("x"),
      imapHost: "127.0.0.1",
      imapPort: closed,
      imapSecurity: "none",
      imapUser: "u",
      imapPasswordEnc: encryptPecSecret("x"),
    });
    const { id } = await pecRow(down, downService, citizen);
    await worker().drain();
    const [first] = await tdb.db.select().from(outbox).where(eq(outbox.id, id));
    expect(first).toMatchObject({ status: "pending", attempts: 1 });
    // The last try.
    await tdb.db.update(outbox).set({ attempts: MAX_FAILURES - 1, availableAt: new Date(0) }).where(eq(outbox.id, id));
    await worker().drain();
    const [last] = await tdb.db.select().from(outbox).where(eq(outbox.id, id));
    expect(last?.status).toBe("routed");
    const [child] = await tdb.db.select().from(outbox).where(eq(outbox.parentId, id));
    expect(child).toMatchObject({ topic: "email", status: "sent" });
    // Not counted as a PEC waiting for its receipts.
    expect(await pecOf(id)).toMatchObject({ state: "undelivered" });
  });
});

describe("receipts", () => {
  it("acceptance and delivery are recorded on the message and its delivery record; re-polling adds nothing", async () => {
    const { id } = await pecRow(ente, service, citizen);
    await worker().drain();
    const first = await pollPecMailbox(tdb.db, await settingsOf(ente), new Date());
    expect(first.error).toBeNull();
    const msg = await pecOf(id);
    expect(msg?.state).toBe("delivered");
    expect(msg?.acceptedAt).toBeInstanceOf(Date);
    expect(msg?.deliveredAt).toBeInstanceOf(Date);
    const statuses = (await attemptsOf(id)).map((a) => a.status);
    expect(statuses.filter((s) => s === "accepted")).toHaveLength(1);
    expect(statuses.filter((s) => s === "delivered")).toHaveLength(1);
    const delivered = (await attemptsOf(id)).find((a) => a.status === "delivered");
    expect(delivered?.detail).toContain("avvenuta-consegna");
    expect(delivered?.detail).toContain("mario.rossi@pec.cittadino.test");

    const count = (await attemptsOf(id)).length;
    const again = await pollPecMailbox(tdb.db, await settingsOf(ente), new Date());
    expect(again.read).toBe(0);
    // Read from the start again (a new UIDVALIDITY): applying each receipt a second time writes nothing.
    await tdb.db.update(entePecSettings).set({ imapUidValidity: "altro", imapLastUid: null }).where(eq(entePecSettings.enteId, ente.id));
    const reread = await pollPecMailbox(tdb.db, await settingsOf(ente), new Date());
    expect(reread.read).toBeGreaterThan(0);
    expect(reread.applied).toBe(0);
    expect(await attemptsOf(id)).toHaveLength(count);
  });

  it("non-delivery → the fallback row (parent: the PEC row) and an alert email to each admin", async () => {
    const { id } = await pecRow(ente, service, failingCitizen);
    await worker().drain();
    await pollPecMailbox(tdb.db, await settingsOf(ente), new Date());
    const msg = await pecOf(id);
    expect(msg?.state).toBe("undelivered");
    expect(msg?.error).toContain("errore-consegna");
    const attempts = await attemptsOf(id);
    expect(attempts.find((a) => a.status === "undelivered")?.detail).toContain("inesistente@pec.cittadino.test");
    expect(attempts.some((a) => a.status === "routed")).toBe(true);
    const [child] = await tdb.db.select().from(outbox).where(eq(outbox.parentId, id));
    expect(child).toMatchObject({ topic: "email", kind: "receipt", enteId: ente.id });
    const alerts = await tdb.db.select().from(outbox).where(and(eq(outbox.kind, "pec_alert"), eq(outbox.enteId, ente.id)));
    expect(alerts.map((a) => a.payload.userId)).toEqual([admin.id]);
    // The alert goes out as an ordinary email to the admin, with the link to the PEC page.
    await worker().drain();
    const mail = sink.messages.find((m) => m.to.includes(admin.email));
    expect(mail).toBeDefined();
    const parsed = await simpleParser(mail!.raw);
    expect(parsed.subject).toContain("PEC non è stata consegnata");
    expect(parsed.text).toContain("/admin/canali/pec");
    // Read again: no second fallback, no second alert.
    await tdb.db.update(entePecSettings).set({ imapUidValidity: null, imapLastUid: null }).where(eq(entePecSettings.enteId, ente.id));
    await pollPecMailbox(tdb.db, await settingsOf(ente), new Date());
    expect(await tdb.db.select().from(outbox).where(eq(outbox.parentId, id))).toHaveLength(1);
    expect(await tdb.db.select().from(outbox).where(and(eq(outbox.kind, "pec_alert"), eq(outbox.enteId, ente.id)))).toHaveLength(1);
  });

  it("a non-acceptance is a non-delivery too", async () => {
    const who = await createCitizen(tdb.db, { pecAddress: "non-accettato@pec.cittadino.test" });
    fake.notAccepted.add("non-accettato@pec.cittadino.test");
    const { id } = await pecRow(ente, service, who);
    await worker().drain();
    await pollPecMailbox(tdb.db, await settingsOf(ente), new Date());
    expect(await pecOf(id)).toMatchObject({ state: "undelivered" });
    expect(await tdb.db.select().from(outbox).where(eq(outbox.parentId, id))).toHaveLength(1);
  });

  it("garbage and foreign messages in the mailbox do not stop the poll", async () => {
    const { id } = await pecRow(ente, service, citizen);
    fake.issueReceipts = false;
    await worker().drain();
    fake.issueReceipts = true;
    const sub = fake.submissions.at(-1)!;
    fake.append("questo non è un messaggio\r\n\r\n\u0000\u0001 rotto");
    fake.append("From: qualcuno@pec.altro.test\r\nSubject: una PEC qualsiasi\r\nMessage-ID: <x@y>\r\n\r\nCiao");
    fake.append(
      'From: a@b\r\nX-Ricevuta: accettazione\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: application/xml; name="daticert.xml"\r\nContent-Disposition: attachment; filename="daticert.xml"\r\n\r\n<postacert tipo="accettazione"><dati><msgid>&lt;rotto\r\n--b--\r\n',
    );
    fake.receipt("avvenuta-consegna", sub, "mario.rossi@pec.cittadino.test");
    const result = await pollPecMailbox(tdb.db, await settingsOf(ente), new Date());
    expect(result.error).toBeNull();
    expect(result.ignored).toBeGreaterThanOrEqual(3);
    expect(await pecOf(id)).toMatchObject({ state: "delivered" });
  });

  it("a message too large to be a receipt (a citizen's PEC with its attachments) is passed over without being downloaded", async () => {
    const { id } = await pecRow(ente, service, citizen);
    fake.issueReceipts = false;
    await worker().drain();
    fake.issueReceipts = true;
    const sub = fake.submissions.at(-1)!;
    const big = "A".repeat(76) + "\r\n";
    fake.append(`From: cittadino@pec.altro.test\r\nSubject: istanza con allegati\r\nMessage-ID: <grande@pec.altro.test>\r\n\r\n${big.repeat(Math.ceil(MAX_RECEIPT_BYTES / big.length) + 10)}`);
    fake.receipt("avvenuta-consegna", sub, "mario.rossi@pec.cittadino.test");
    const logged: string[] = [];
    const result = await pollPecMailbox(tdb.db, await settingsOf(ente), new Date(), (msg) => void logged.push(msg));
    expect(result.error).toBeNull();
    expect(result.ignored).toBeGreaterThanOrEqual(1);
    expect(logged.some((m) => /too large/.test(m))).toBe(true);
    expect(await pecOf(id)).toMatchObject({ state: "delivered" });
  });

  it("a database failure while applying a receipt is not a broken message: the receipt is read again on the next poll", async () => {
    const { id } = await pecRow(ente, service, citizen);
    await worker().drain();
    const before = await settingsOf(ente);
    // The database refuses the receipt's transaction once (a dropped connection, a deadlock).
    let failures = 1;
    const flaky = Object.create(tdb.db) as typeof tdb.db;
    flaky.transaction = ((...args: Parameters<typeof tdb.db.transaction>) => {
      if (failures-- > 0) return Promise.reject(new Error("connessione al database interrotta"));
      return tdb.db.transaction(...args);
    }) as typeof tdb.db.transaction;
    const failed = await pollPecMailbox(flaky, before, new Date());
    expect(failed.error).toContain("connessione al database interrotta");
    expect(await pecOf(id)).toMatchObject({ state: "sent" });
    const next = await pollPecMailbox(tdb.db, await settingsOf(ente), new Date());
    expect(next.error).toBeNull();
    expect(await pecOf(id)).toMatchObject({ state: "delivered" });
  });

  it("bad credentials → lastPollError, no crash, and the next good poll clears it", async () => {
    const good = await settingsOf(ente);
    const result = await pollPecMailbox(tdb.db, { ...good, imapPasswordEnc: (await settingsOf(other)).imapPasswordEnc }, new Date());
    expect(result.error).toMatch(/autenticazione|auth/i);
    const after = await settingsOf(ente);
    expect(after.lastPollError).toMatch(/autenticazione|auth/i);
    expect(after.lastPolledAt).toBeInstanceOf(Date);
    await pollPecMailbox(tdb.db, after, new Date());
    expect((await settingsOf(ente)).lastPollError).toBeNull();
  });

  it("another ente's receipts never touch this ente's rows (both mailboxes see them)", async () => {
    const mine = await pecRow(ente, service, citizen);
    fake.issueReceipts = false;
    await worker().drain();
    const theirs = await pecRow(other, otherService, citizen);
    await worker().drain();
    fake.issueReceipts = true;
    const subA = fake.submissions.find((s) => s.messageId === pecMessageIdFor(mine.id, "protocollo@pec.comune-a.test"))!;
    fake.receipt("accettazione", subA, null);
    fake.receipt("errore-consegna", subA, "mario.rossi@pec.cittadino.test");
    // The other ente's mailbox is the same store: it reads A's receipts and must leave them alone.
    const polledB = await pollPecMailbox(tdb.db, await settingsOf(other), new Date());
    expect(polledB.error).toBeNull();
    expect(polledB.applied).toBe(0);
    expect(await pecOf(mine.id)).toMatchObject({ state: "sent" });
    expect(await pecOf(theirs.id)).toMatchObject({ state: "sent" });
    expect(await tdb.db.select().from(outbox).where(and(eq(outbox.kind, "pec_alert"), eq(outbox.enteId, other.id)))).toHaveLength(0);
    // And applying A's receipt as B's does nothing even directly.
    const parsed = parseDaticert(
      `<postacert tipo="errore-consegna" errore="no-dest"><dati><msgid>${pecMessageIdFor(mine.id, "protocollo@pec.comune-a.test").replace("<", "&lt;").replace(">", "&gt;")}</msgid></dati></postacert>`,
    )!;
    expect(await applyReceipt(tdb.db, other.id, parsed, new Date())).toBe(false);
    await pollPecMailbox(tdb.db, await settingsOf(ente), new Date());
    expect(await pecOf(mine.id)).toMatchObject({ state: "undelivered" });
  });

  it("the worker's poll claims each mailbox once per interval; the admin counts PECs without receipts after 24 h", async () => {
    const now = new Date(Date.now() + 10 * 60_000);
    const first = await pollAllPecMailboxes(tdb.db, now, { everyMs: 60_000 });
    expect(first.map((r) => r.enteId)).toEqual(expect.arrayContaining([ente.id, other.id]));
    const second = await pollAllPecMailboxes(tdb.db, new Date(now.getTime() + 1_000), { everyMs: 60_000 });
    expect(second).toHaveLength(0);

    const { id } = await pecRow(ente, service, citizen);
    fake.issueReceipts = false;
    await worker().drain();
    fake.issueReceipts = true;
    await tdb.db.update(pecMessages).set({ sentAt: new Date(Date.now() - 25 * 3_600_000) }).where(eq(pecMessages.outboxId, id));
    const counts = await getPecCounts(adminCtx(tdb.db, ente, admin));
    expect(counts.overdue).toBe(1);
    expect(counts.delivered).toBeGreaterThan(0);
    expect(counts.undelivered).toBeGreaterThan(0);
  });
});

describe("daticert.xml", () => {
  it("reads a receipt built as a provider builds it, and refuses one whose headers disagree", async () => {
    const sub = { user: "x", from: "a@pec.test", to: ["b@pec.test"], messageId: "<m1@pec.test>", subject: "Prova", raw: "Subject: Prova\r\n\r\nciao" };
    const raw = fake.receipt("errore-consegna", sub, "b@pec.test", new Date("2026-07-01T10:00:00Z"));
    const r = await parseReceipt(Buffer.from(raw));
    expect(r).toMatchObject({ tipo: "errore-consegna", errore: "no-dest", msgid: "<m1@pec.test>", consegna: "b@pec.test" });
    expect(r?.erroreEsteso).toContain("5.1.1");
    expect(r?.at?.toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(await parseReceipt(Buffer.from(raw.replace("X-Ricevuta: errore-consegna", "X-Ricevuta: avvenuta-consegna")))).toBeNull();
    // A receipt is known by its headers: without X-Ricevuta and X-Riferimento-Message-ID it is not one.
    expect(await parseReceipt(Buffer.from(raw.replace(/^X-Ricevuta: .*\r\n/m, "")))).toBeNull();
    expect(await parseReceipt(Buffer.from(raw.replace(/^X-Riferimento-Message-ID: .*\r\n/m, "")))).toBeNull();
    // Anyone's PEC to the ente arrives in a transport envelope (X-Trasporto, its own daticert.xml, the sender's message
    // as postacert.eml): a "receipt" the sender put inside their message is not the provider's.
    const envelope = [
      "From: \"Per conto di: chiunque@pec.altro.test\" <posta-certificata@pec.fake.test>",
      "X-Trasporto: posta-certificata",
      "Message-ID: <busta-1@pec.fake.test>",
      "MIME-Version: 1.0",
      'Content-Type: multipart/mixed; boundary="busta"',
      "",
      "--busta",
      "Content-Type: text/plain; charset=UTF-8",
      "",
      "Messaggio di posta certificata",
      "--busta",
      'Content-Type: message/rfc822; name="postacert.eml"',
      'Content-Disposition: inline; filename="postacert.eml"',
      "",
      raw,
      "--busta",
      'Content-Type: application/xml; name="daticert.xml"',
      'Content-Disposition: inline; filename="daticert.xml"',
      "",
      '<postacert tipo="posta-certificata" errore="nessuno"><dati><msgid>&lt;busta-0@pec.altro.test&gt;</msgid></dati></postacert>',
      "--busta--",
      "",
    ].join("\r\n");
    expect(await parseReceipt(Buffer.from(envelope))).toBeNull();
    expect(parseDaticert("<postacert tipo='inventato'><dati><msgid>x</msgid></dati></postacert>")).toBeNull();
    expect(parseDaticert("<altro/>")).toBeNull();
  });
});
