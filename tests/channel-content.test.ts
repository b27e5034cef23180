import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { payments, statusHistory, users, type Ente, type OutboxRow, type Pratica, type Service, type User } from "@/db/schema";
import { IO_MARKDOWN_MAX, IO_MARKDOWN_MIN, IO_SUBJECT_MAX, IO_SUBJECT_MIN, ioMessage, isSensitiveService, noticeServiceName } from "@/lib/channels/content";
import { CITIZEN_NOTICE_KINDS, createPrepareNotice } from "@/lib/channels/prepare";
import type { NoticeContent } from "@/lib/channels/types";
import { renderEmail } from "@/lib/notifications/render";
import { buildNoticeCode } from "@/lib/payments/iuv";
import { addDays, fromWallClock, ROME, wallClock } from "@/lib/time/wall-clock";
import { transition } from "@/lib/workflow/transition";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createCitizen, createEnte, createService, createStaff, operatorCtx, submittedPratica } from "./helpers/fixtures";

const APP = "http://stanza.test";
const FORM_VALUE = "Zefirino Quattrocchi Valdarno";
const FORM_NUMBER = "IBAN-IT60X0542811101000000123456";
const OPERATOR_GIVEN = "Ermenegilda";
const OPERATOR_FAMILY = "Sgargabonzi";
const SENSITIVE_NAME = "Contrassegno di parcheggio per persone con disabilità";
const CHANNELS = ["email", "pec", "io"] as const;

let tdb: TestDatabase;
let ente: Ente;
let service: Service;
let sensitive: Service;
let citizen: User;
let operator: User;
let pratica: Pratica;
let sensitivePratica: Pratica;
/** The request for documents of each pratica (its message carries a form value and the operator's signature). */
const requestOf = new Map<string, number>();
const at = () => {
  const d = wallClock(addDays(new Date(), 2, ROME), ROME);
  return fromWallClock({ ...d, hour: 10, minute: 0, second: 0 }, ROME);
};

async function withPayment(p: Pratica, seq: number, causale: string) {
  const { noticeCode, iuv } = buildNoticeCode({ auxDigit: 3, segregationCode: "07" }, seq);
  const [row] = await tdb.db
    .insert(payments)
    .values({ enteId: p.enteId, praticaId: p.id, phase: "deferred", status: "pending", amountCents: 4630, causale, lines: [{ feeId: null, kind: "fixed", causale, amountCents: 4630, budgetLine: null, taxonomyCode: null }], dueDate: "2026-12-31", noticeCode, iuv, provider: "demo" })
    .returning();
  if (!row) throw new Error("payment");
  return row;
}

/** A pratica with distinctive form values, in "integration requested" from an operator who signed the request and wrote form values in it. */
async function praticaOf(s: Service, seq: number): Promise<Pratica> {
  const p = await submittedPratica(tdb.db, ente, s, citizen, { oggetto: `${FORM_VALUE} ${FORM_NUMBER}` });
  const octx = operatorCtx(tdb.db, ente, operator);
  await transition(octx, p.id, "assign");
  const { pratica: after } = await transition(octx, p.id, "request_integration", { message: `Manca il documento di ${FORM_VALUE}. Cordiali saluti, ${OPERATOR_GIVEN} ${OPERATOR_FAMILY}` });
  await withPayment(after, seq, `Diritti per ${s.name}`);
  const [h] = await tdb.db.select({ id: statusHistory.id }).from(statusHistory).where(eq(statusHistory.praticaId, p.id)).orderBy(desc(statusHistory.id)).limit(1);
  if (h) requestOf.set(p.id, h.id);
  return after;
}

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db, { name: "Comune di Vallelunga", codiceFiscale: "80012345678" });
  // An admin's own wording that asks for the operator's message: the channels leave it out all the same.
  const custom = { enabled: true, subject: "%ente% – %servizio%: servono documenti", body: "Ti scriviamo per la pratica %pratica_id%.\n\nNota dell'ufficio: %messaggio_personale%" };
  service = await createService(tdb.db, ente, { name: "Iscrizione al servizio mensa", category: "Scuola e istruzione", emailTexts: { "4100": custom } });
  sensitive = await createService(tdb.db, ente, { name: SENSITIVE_NAME, category: "Mobilità e territorio" });
  citizen = await createCitizen(tdb.db);
  operator = await createStaff(tdb.db, ente, "operator", [service.id, sensitive.id]);
  await tdb.db.update(users).set({ name: `${OPERATOR_GIVEN} ${OPERATOR_FAMILY}`, givenName: OPERATOR_GIVEN, familyName: OPERATOR_FAMILY }).where(eq(users.id, operator.id));
  pratica = await praticaOf(service, 1);
  sensitivePratica = await praticaOf(sensitive, 2);
});
afterAll(async () => {
  await tdb?.close();
});

function rowFor(p: Pratica, kind: string, topic: "email" | "io" | "pec"): OutboxRow {
  const now = new Date();
  return {
    id: crypto.randomUUID(),
    enteId: p.enteId,
    praticaId: p.id,
    topic,
    kind,
    // As the workflow writes them: the status change's history id, whose message is the operator's.
    payload: { urgent: true, historyId: requestOf.get(p.id), message: `Firmato ${OPERATOR_GIVEN} ${OPERATOR_FAMILY} per ${FORM_VALUE}`, ...(topic === "email" ? {} : { via: topic, fallbacks: ["email"] }) },
    status: "processing",
    attempts: 0,
    availableAt: now,
    lockedAt: null,
    lockedBy: null,
    lastError: null,
    idempotencyKey: `test:${crypto.randomUUID()}`,
    createdAt: now,
    doneAt: null,
    requestId: null,
    parentId: null,
  } as OutboxRow;
}

/** What a channel shows the citizen of a notice: the email's subject, HTML and text (PEC sends the same), IO's subject and markdown. */
async function shown(content: NoticeContent, channel: (typeof CHANNELS)[number]): Promise<string> {
  if (channel === "io") {
    const m = ioMessage(content);
    expect(m.subject.length).toBeGreaterThanOrEqual(IO_SUBJECT_MIN);
    expect(m.subject.length).toBeLessThanOrEqual(IO_SUBJECT_MAX);
    expect(m.markdown.length).toBeGreaterThanOrEqual(IO_MARKDOWN_MIN);
    expect(m.markdown.length).toBeLessThanOrEqual(IO_MARKDOWN_MAX);
    // Markdown escapes read as the characters they stand for.
    return `${m.subject}\n${m.markdown.replace(/\\([\\`*_{}[\]()#+\-.!|>~<])/g, "$1")}`;
  }
  expect(content.email.attachments).toEqual([]);
  const { html, text } = await renderEmail(content.kind, content.email.model);
  return `${content.email.subject}\n${text}\n${html}`;
}

describe("every citizen notice on every channel", () => {
  for (const lang of ["it", "en"] as const) {
    it(`(${lang}) names ente and service, links to the pratica in the personal area, says where else to read it; no form data, no operator`, async () => {
      await tdb.db.update(users).set({ language: lang }).where(eq(users.id, citizen.id));
      const prepare = createPrepareNotice({ db: tdb.db, appUrl: APP });
      let checked = 0;
      for (const kind of CITIZEN_NOTICE_KINDS) {
        for (const channel of CHANNELS) {
          const content = await prepare(rowFor(pratica, kind, channel === "email" ? "email" : channel), at());
          if ("status" in content) throw new Error(`${kind}/${channel}: ${content.detail}`);
          const visible = await shown(content, channel);
          const where = `${kind} on ${channel} (${lang})`;
          expect(visible, where).not.toContain(FORM_VALUE);
          expect(visible, where).not.toContain(FORM_NUMBER);
          expect(visible, where).not.toContain(OPERATOR_GIVEN);
          expect(visible, where).not.toContain(OPERATOR_FAMILY);
          expect(visible, where).toContain("Comune di Vallelunga");
          expect(visible, where).toContain("Iscrizione al servizio mensa");
          expect(visible, where).toContain(content.praticaNumber);
          const link = kind === "payment_due" ? `${APP}/${ente.slug}/area-personale/pagamenti` : `${APP}/${ente.slug}/area-personale/pratiche/${pratica.id}`;
          expect(content.link, where).toBe(link);
          expect(visible, where).toContain(link);
          expect(visible, where).toMatch(lang === "it" ? /area personale[\s\S]*pagina «Profilo»/ : /personal area[\s\S]*“Profile” page/);
          checked++;
        }
      }
      expect(checked).toBe(CITIZEN_NOTICE_KINDS.length * CHANNELS.length);
    });
  }

  it("a service whose name reveals health or social data is named neutrally on every channel, payment reason included", async () => {
    await tdb.db.update(users).set({ language: "it" }).where(eq(users.id, citizen.id));
    const prepare = createPrepareNotice({ db: tdb.db, appUrl: APP });
    for (const kind of CITIZEN_NOTICE_KINDS) {
      for (const channel of CHANNELS) {
        const content = await prepare(rowFor(sensitivePratica, kind, channel === "email" ? "email" : channel), at());
        if ("status" in content) throw new Error(`${kind}/${channel}: ${content.detail}`);
        const visible = await shown(content, channel);
        expect(visible, `${kind} on ${channel}`).not.toMatch(/disabilit|Contrassegno/i);
        expect(visible, `${kind} on ${channel}`).toContain("Servizi alla persona");
        expect(content.serviceName).toBe("Servizi alla persona");
      }
    }
  });

  it("classes services as sensitive by category or by words in the name", () => {
    expect(isSensitiveService({ name: "Bonus idrico comunale", category: "Sociale e famiglia" })).toBe(true);
    expect(isSensitiveService({ name: "Assistenza domiciliare anziani", category: "Altro" })).toBe(true);
    expect(isSensitiveService({ name: SENSITIVE_NAME, category: "Mobilità e territorio" })).toBe(true);
    expect(isSensitiveService({ name: "Occupazione temporanea di suolo pubblico", category: "Mobilità e territorio" })).toBe(false);
    expect(isSensitiveService({ name: "Carta d'identità elettronica", category: "Anagrafe e documenti" })).toBe(false);
    expect(noticeServiceName({ name: "Home care", category: "Health" }, "en")).toBe("Personal services");
  });

  it("a payment notice carries what IO needs to offer payment: amount in cents, the 18-digit notice number, the payee and the due day", async () => {
    const prepare = createPrepareNotice({ db: tdb.db, appUrl: APP });
    const due = await prepare(rowFor(pratica, "payment_due", "io"), at());
    if ("status" in due) throw new Error(due.detail);
    expect(due.payment?.amountCents).toBe(4630);
    expect(due.payment?.noticeNumber).toMatch(/^\d{18}$/);
    expect(due.payment?.payeeFiscalCode).toBe("80012345678");
    // 31 December in Rome, the last minute of the day.
    expect(due.dueDate?.toISOString()).toBe("2026-12-31T22:59:00.000Z");
    expect(due.payment?.dueDate?.getTime()).toBe(due.dueDate?.getTime());
    const other = await prepare(rowFor(pratica, "integration_requested", "io"), at());
    if ("status" in other) throw new Error(other.detail);
    expect(other.payment).toBeNull();
    expect(other.dueDate).toBeNull();
  });
});
