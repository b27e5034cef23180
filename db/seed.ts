import { and, eq, inArray, isNull, ne, notInArray, sql } from "drizzle-orm";
import type { Db } from "./client";
import { enti, memberships, messages, operatorServices, outbox, partnerServices, partners, pratiche, protocolEntries, serviceFees, serviceFormVersions, services, users, type Ente, type Service, type User } from "./schema";
import { DEMO_ACT_FIELDS, DEMO_APPEAL_TEXT } from "./seed-acts";
import { demoSeedNeeded } from "./seed-needed";
import { DEMO_FEES } from "./seed-fees";
import { seedAmountDue, seedDeferredPayment, seedUpfrontPayment, type SeedPaymentOutcome } from "./seed-payments";
import { seedChannels } from "./seed-channels";
import { seedFeedback } from "./seed-feedback";
import { BUGLIANO_CREST_SVG } from "./seed-crest";
import { seedAppointments } from "./seed-appointments";
import { seedIoKeys } from "./seed-io";
import { seedPec } from "./seed-pec";
import { DEMO_CITIZENS, DEMO_PARTNER_SECRET, DEMO_PASSWORD, DEMO_SERVICES, PRATICHE_SERVICES } from "./seed-data";
import { uploadEnteLogo } from "@/lib/admin/settings";
import { generateSelfSignedSeal, installSeal } from "@/lib/acts/certificate";
import { sealKeyAvailable } from "@/lib/acts/secret";
import { hashPassword } from "@/lib/auth/password";
import type { Ctx } from "@/lib/context";
import { concludePratica } from "@/lib/pratiche/conclude";
import { createDraft, saveDraft } from "@/lib/pratiche/drafts";
import { uploadDraftFile } from "@/lib/pratiche/uploads";
import { renderPdf } from "@/lib/pdf/render";
import { allFields, type FileRef } from "@/lib/services/form-schema";
import { submitPratica } from "@/lib/pratiche/submit";
import { registerBuiltin } from "@/lib/protocol/builtin";
import { checkCharacter } from "@/lib/services/codice-fiscale";
import { transition } from "@/lib/workflow/transition";
import { seededRandom } from "@/lib/random";

export const DEMO_ENTE_SLUG = "comune-di-bugliano";
/** The demo seal's passphrase: stored encrypted like any other, and only guarding a self-signed demo key. */
const DEMO_SEAL_PASSPHRASE = "sigillo-demo-bugliano";

/** Seeds the demo municipality once: only when no ente exists yet. */
export async function seedDemoIfEmpty(db: Db): Promise<boolean> {
  if (!(await demoSeedNeeded(db))) return false;
  await seedDemo(db);
  return true;
}

type Path = "draft" | "submitted" | "registered" | "pending" | "integration_requested" | "integration_submitted" | "accepted" | "rejected" | "withdrawn" | "revoked";

const PATHS: Path[] = [
  "draft", "draft", "submitted", "submitted", "submitted", "registered", "registered", "registered",
  "pending", "pending", "pending", "pending", "pending", "integration_requested", "integration_requested",
  "integration_submitted", "integration_submitted", "accepted", "accepted", "accepted", "accepted", "accepted",
  "rejected", "rejected", "rejected", "withdrawn", "withdrawn", "revoked",
];

export async function seedDemo(db: Db, opts: { praticheCount?: number } = {}): Promise<Ente> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const [ente] = await db
    .insert(enti)
    .values({
      slug: DEMO_ENTE_SLUG,
      name: "Comune di Bugliano",
      codiceIstat: "050041",
      // Eleven digits with a valid check digit (050: a Pisa tax office), as pagoPA requires of a creditor.
      codiceFiscale: "00123450504",
      codiceIpa: "c_b999",
      email: "urp@bugliano.example",
      pec: "comune.bugliano@pec.example",
      phone: "+39 0587 000000",
      address: "Piazza del Municipio 1, 56000 Bugliano (PI)",
      website: "https://www.comune.bugliano.example",
      primaryColor: "#0066cc",
      holidays: ["2026-12-08", "2026-12-25", "2026-12-26", "2027-01-01", "2027-01-06"],
      // The demo shows sign-in by email link too; a real ente starts with it off (admin settings).
      emailLoginEnabled: true,
      appealText: DEMO_APPEAL_TEXT,
      // pagoPA: notice codes 3 07 <13 digits> <check>, as with an intermediary given segregation code 07.
      pagopaAuxDigit: 3,
      pagopaSegregationCode: "07",
      pagopaCbillCode: "A7Q3K",
    })
    .returning();
  if (!ente) throw new Error("ente insert failed");

  const svc: Service[] = [];
  for (const s of DEMO_SERVICES) {
    const [row] = await db.insert(services).values({ ...s, ...DEMO_ACT_FIELDS[s.slug], enteId: ente.id }).returning();
    if (!row) throw new Error("service insert failed");
    await db.insert(serviceFormVersions).values({ serviceId: row.id, version: row.formVersion, definition: row.formDefinition });
    const fees = DEMO_FEES[s.slug] ?? [];
    if (fees.length > 0) await db.insert(serviceFees).values(fees.map((f, i) => ({ ...f, enteId: ente.id, serviceId: row.id, position: i + 1 })));
    svc.push(row);
  }
  const bySlug = (slug: string) => {
    const found = svc.find((s) => s.slug === slug);
    if (!found) throw new Error(`no service ${slug}`);
    return found;
  };

  const staff = async (email: string, name: string, role: "operator" | "admin") => {
    const [u] = await db.insert(users).values({ email, name, passwordHash, emailVerifiedAt: new Date() }).returning();
    if (!u) throw new Error("user insert failed");
    await db.insert(memberships).values({ userId: u.id, enteId: ente.id, role });
    return u;
  };
  const admin = await staff("admin@bugliano.example", "Amministratore Bugliano", "admin");
  // The demo's crest goes through the same upload the settings page uses (stored, sniffed, audited).
  const withCrest = await uploadEnteLogo({ db, ente, actor: { kind: "admin", userId: admin.id } }, new TextEncoder().encode(BUGLIANO_CREST_SVG));
  const op1 = await staff("operatore@bugliano.example", "Paola Operatrice", "operator");
  const op2 = await staff("operatore2@bugliano.example", "Carlo Operatore", "operator");
  await db.insert(operatorServices).values(svc.map((s) => ({ userId: op1.id, serviceId: s.id })));
  await db.insert(operatorServices).values({ userId: op2.id, serviceId: bySlug("accesso-agli-atti").id });

  const citizens: User[] = [];
  for (const c of DEMO_CITIZENS) {
    const cf = c.codiceFiscale.length === 15 ? c.codiceFiscale + checkCharacter(c.codiceFiscale) : c.codiceFiscale;
    const [u] = await db
      .insert(users)
      .values({ email: c.email, name: `${c.givenName} ${c.familyName}`, givenName: c.givenName, familyName: c.familyName, codiceFiscale: cf, phone: c.phone, passwordHash, emailVerifiedAt: new Date() })
      .returning();
    if (!u) throw new Error("citizen insert failed");
    citizens.push(u);
  }

  const [partner] = await db
    .insert(partners)
    .values({ enteId: ente.id, slug: "bugliano-protocollo", name: "Protocollo informatico di Bugliano", secretHash: await hashPassword(DEMO_PARTNER_SECRET), isProtocolRegistry: true })
    .returning();
  if (!partner) throw new Error("partner insert failed");
  await db.insert(partnerServices).values(svc.map((s) => ({ partnerId: partner.id, serviceId: s.id })));

  // The demo ente seals its acts with a self-signed certificate made now (a real one comes from a trust service
  // provider). A tool without the encryption key (`npm run db:seed` without AUTH_SECRET) leaves the acts unsealed.
  if (sealKeyAvailable()) await installSeal(db, ente, generateSelfSignedSeal({ commonName: "Comune di Bugliano — sigillo (demo)", organization: "Comune di Bugliano", organizationId: "VATIT-00123450504" }, DEMO_SEAL_PASSPHRASE), DEMO_SEAL_PASSPHRASE);

  // Demo pratiche only on the first services, so the story told by the seeded pratiche stays the same as services are added.
  const withPratiche = new Set(DEMO_SERVICES.slice(0, PRATICHE_SERVICES).map((s) => s.slug));
  await seedPratiche(db, withCrest, svc.filter((s) => s.status === "available" && withPratiche.has(s.slug)), citizens, [op1, op2], opts.praticheCount ?? PATHS.length + 8);
  await seedFeedback(db, withCrest, svc.filter((s) => s.status !== "private"));
  await seedMessages(db, withCrest, op1);
  await seedAppointments(db, withCrest, { admin, operators: [op1, op2], citizens });
  await seedIoKeys(db, svc);
  await seedPec(db, withCrest, citizens);

  // The seed's history is for show: its notices and webhooks are not sent. Protocol requests still waiting
  // are left for the worker, so the demo shows pratiche "in attesa di protocollazione" being registered.
  await db
    .update(outbox)
    .set({ status: "cancelled", lastError: "dati dimostrativi: non inviato", doneAt: new Date() })
    .where(and(eq(outbox.enteId, ente.id), notInArray(outbox.topic, ["protocol", "payment"])));
  const answered = db.select({ id: protocolEntries.requestId }).from(protocolEntries).where(sql`${protocolEntries.requestId} is not null`);
  await db
    .update(outbox)
    .set({ status: "sent", doneAt: new Date() })
    .where(and(eq(outbox.topic, "protocol"), eq(outbox.enteId, ente.id), inArray(sql`(${outbox.payload}->>'requestId')::uuid`, answered)));
  await seedChannels(db, withCrest);
  return withCrest;
}

async function seedPratiche(db: Db, ente: Ente, svc: Service[], citizens: User[], operators: User[], count: number) {
  const random = seededRandom(20261121);
  const pick = <T,>(arr: T[]): T => arr[Math.floor(random() * arr.length)] as T;
  const now = Date.now();
  const registerPending = async (praticaId: string, at: Date) => {
    const reqs = await db
      .select({ id: protocolEntries.id })
      .from(protocolEntries)
      .where(and(eq(protocolEntries.praticaId, praticaId), eq(protocolEntries.status, "requested"), isNull(protocolEntries.requestId)));
    for (const r of reqs) await registerBuiltin(db, r.id, at);
  };

  // When each pratica is started and submitted, drawn first: they are then played in order of submission, so that
  // the numbers the workflow gives (2026-000001, …) follow the submission dates as they would in real life.
  const timing = seededRandom(20261201);
  const plan = Array.from({ length: count }, (_, i) => {
    const created = now - Math.floor((5 + timing() * 85) * 86_400_000);
    return { i, created, submitted: created + Math.floor((0.2 + timing() * 4) * 86_400_000) };
  }).sort((a, b) => a.submitted - b.submitted);

  let deferredAsked = false;
  for (const { i, created, submitted } of plan) {
    const path = PATHS[i % PATHS.length] as Path;
    // The pratiche in charge go round the services and the first two citizens, and the operator holds them: every
    // service has one to open in Elabora and Mario Rossi follows one, however the random draws fall.
    const inCharge = path === "pending";
    const citizen = i < 6 || inCharge ? (citizens[i % 2] as User) : pick(citizens);
    // Only paths the service's options allow.
    let service = inCharge ? (svc[i % svc.length] as Service) : pick(svc);
    if (path === "withdrawn") service = svc.find((s) => s.allowWithdraw) ?? service;
    if (path.startsWith("integration")) service = svc.find((s) => s.allowIntegrationRequests && !s.protocolRequired) ?? service;
    const operator = service.slug === "accesso-agli-atti" && !inCharge && random() < 0.4 ? (operators[1] as User) : (operators[0] as User);
    let t = created;
    const step = () => new Date((t += Math.floor((0.2 + random() * 4) * 86_400_000)));
    const citizenCtx: Ctx = { db, ente, actor: { kind: "citizen", userId: citizen.id } };
    const opCtx: Ctx = { db, ente, actor: { kind: "operator", userId: operator.id } };
    const formData = demoFormData(service, citizen, i);
    const draft = await createDraft(citizenCtx, service.id, formData, new Date(t));
    await attachDemoFiles(citizenCtx, service, draft.id);
    if (path === "draft") continue;
    t = submitted;
    if (await seedAmountDue(db, service, formData)) {
      // A service with fees: paid through pagoPA before submission (the demo provider's positions).
      await seedUpfrontPayment(db, ente, service, citizen, draft.id, "paid", new Date(t));
    } else {
      await submitPratica(citizenCtx, draft.id, { at: new Date(t) });
    }
    const stillWaiting = path === "submitted" && (service.protocolRequired || i % 2 === 0);
    if (!stillWaiting) await registerPending(draft.id, step());
    if (path === "submitted" || path === "registered") continue;
    if (path === "withdrawn") {
      await transition(citizenCtx, draft.id, "withdraw", { at: step(), message: "Non ho più bisogno del servizio" });
      continue;
    }
    await transition(opCtx, draft.id, "assign", { at: step() });
    if (path === "revoked") {
      const [admin] = await db.select().from(users).where(eq(users.email, "admin@bugliano.example"));
      if (admin) await transition({ db, ente, actor: { kind: "admin", userId: admin.id } }, draft.id, "revoke", { at: step(), message: "Richiesta duplicata" });
      continue;
    }
    if (path === "pending") {
      // One pratica in charge waits for a payment the operator asked for during processing.
      if (!deferredAsked && !service.protocolRequired) {
        deferredAsked = true;
        await seedDeferredPayment(db, ente, citizen, operator, draft.id, step());
      }
      continue;
    }
    if (path.startsWith("integration")) {
      await transition(opCtx, draft.id, "request_integration", { at: step(), message: "Per favore allega una copia del documento di identità in corso di validità." });
      await registerPending(draft.id, step());
      if (path === "integration_submitted") await transition(citizenCtx, draft.id, "submit_integration", { at: step(), message: "Ecco il documento richiesto." });
      continue;
    }
    const accepted = path === "accepted";
    await concludePratica(opCtx, draft.id, {
      outcome: accepted ? "accepted" : "rejected",
      motivation: accepted ? "La richiesta è completa e conforme ai requisiti." : "Mancano i requisiti previsti dal regolamento comunale.",
      operatorData: demoOperatorData(service),
      at: step(),
    });
    await registerPending(draft.id, step());
  }

  // Applications waiting on their payment, one in each payment state: to pay (1500), at the checkout (1510), refused
  // (1530), and confirmed a moment ago (1520: the worker submits it as the demo starts).
  const paying = svc.find((s) => DEMO_FEES[s.slug]);
  if (paying) {
    const outcomes: SeedPaymentOutcome[] = ["pending", "checkout", "failed", "confirmed"];
    for (const [k, outcome] of outcomes.entries()) {
      const citizen = citizens[k % 2] as User;
      const ctx: Ctx = { db, ente, actor: { kind: "citizen", userId: citizen.id } };
      const at = new Date(now - (4 - k) * 86_400_000 - 3 * 3_600_000);
      const draft = await createDraft(ctx, paying.id, demoFormData(paying, citizen, 100 + k), at);
      await seedUpfrontPayment(db, ente, paying, citizen, draft.id, outcome, new Date(at.getTime() + 30 * 60_000));
    }
  }
}

const QUESTIONS = [
  "Buongiorno, vorrei sapere entro quando posso aspettarmi una risposta. Grazie.",
  "Ho allegato il documento sbagliato per errore: posso inviarne uno corretto qui?",
  "Salve, il numero di telefono indicato nella domanda è cambiato: potete usare questo indirizzo email per contattarmi?",
];
const ANSWERS = [
  "Buongiorno, la pratica è in lavorazione: riceverà una risposta entro i termini indicati nella scheda del servizio.",
  "Certo, può allegare qui il documento corretto: lo aggiungeremo alla pratica.",
  "Grazie, abbiamo preso nota. La contatteremo a questo indirizzo.",
];

/**
 * Conversations on the demo pratiche, so that the personal area's Messaggi and Attività show believable threads:
 * on two pratiche out of three the citizen asks something, and on most of those the office answers (unread).
 * Written in one insert, as history: like the seed's other notices, none of them is sent.
 */
async function seedMessages(db: Db, ente: Ente, operator: User) {
  const rows = await db
    .select({ id: pratiche.id, applicantId: pratiche.applicantId, submittedAt: pratiche.submittedAt })
    .from(pratiche)
    .where(and(eq(pratiche.enteId, ente.id), ne(pratiche.status, 1000)))
    .orderBy(pratiche.submittedAt, pratiche.id);
  const now = Date.now();
  const when = (from: Date | null, days: number) => new Date(Math.min(now - 3_600_000, (from?.getTime() ?? now) + days * 86_400_000));
  const values: (typeof messages.$inferInsert)[] = [];
  for (const [i, p] of rows.entries()) {
    if (i % 3 === 2) continue;
    values.push({ enteId: ente.id, praticaId: p.id, authorId: p.applicantId, authorKind: "citizen", body: QUESTIONS[i % QUESTIONS.length] as string, createdAt: when(p.submittedAt, 0.5) });
    if (i % 4 === 3) continue;
    values.push({ enteId: ente.id, praticaId: p.id, authorId: operator.id, authorKind: "operator", body: ANSWERS[i % ANSWERS.length] as string, createdAt: when(p.submittedAt, 1.5) });
  }
  if (values.length > 0) await db.insert(messages).values(values);
}

/** Answers to the service's own Elabora steps: the first option of each choice, a short note in text fields. */
function demoOperatorData(service: Service): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const field of allFields({ pages: service.operatorSteps })) {
    if (field.type === "select" || field.type === "radio") data[field.name] = field.options[0]?.value;
    else if ((field.type === "text" || field.type === "textarea") && field.required) data[field.name] = "Verificato in sede di istruttoria.";
    else if (field.type === "checkbox" && field.required) data[field.name] = field.options ? [field.options[0]?.value] : true;
  }
  return data;
}

/** Required uploads get a small generated PDF, through the same upload path the portal uses. */
async function attachDemoFiles(ctx: Ctx, service: Service, praticaId: string) {
  const refs: Record<string, FileRef[]> = {};
  for (const field of allFields(service.formDefinition)) {
    if (field.type !== "file" || !field.required) continue;
    const body = await renderPdf({ ente: ctx.ente.name, title: field.label, sections: [{ title: "Documento dimostrativo", text: "File generato dal seed dimostrativo di Stanza." }] });
    refs[field.name] = [await uploadDraftFile(ctx, praticaId, field.name, { filename: `${field.name}.pdf`, body })];
  }
  if (Object.keys(refs).length > 0) await saveDraft(ctx, praticaId, refs);
}

function demoFormData(service: Service, citizen: User, i: number): Record<string, unknown> {
  const base: Record<string, unknown> = {
    nome: citizen.givenName,
    cognome: citizen.familyName,
    codiceFiscale: citizen.codiceFiscale,
    email: citizen.email,
    telefono: citizen.phone ?? "",
  };
  switch (service.slug) {
    case "accesso-agli-atti":
      return { ...base, tipoAccesso: i % 3 === 0 ? "generalizzato" : "documentale", documenti: `Copia della delibera di giunta n. ${100 + i} del 2026 e relativi allegati.`, modalita: "email" };
    case "contributo-affitto":
      return { ...base, componenti: 2 + (i % 4), isee: 6000 + i * 150, dataContratto: "2025-03-01", iban: "IT60X0542811101000000123456",  };
    case "occupazione-suolo-pubblico":
      return { ...base, indirizzo: `Via Roma ${i + 1}`, dal: "2026-12-01", al: "2026-12-03", superficie: 10 + i, giorni: 3, motivo: i % 2 ? "trasloco" : "ponteggio" };
    case "iscrizione-mensa-scolastica":
      return { ...base, nomeAlunno: `Sofia ${citizen.familyName}`, cfAlunno: "RSSSFO18E45H501" + checkCharacter("RSSSFO18E45H501"), scuola: "primaria-collodi", dieta: i % 2 ? ["vegetariana"] : [] };
    default:
      return base;
  }
}
