import { and, eq, inArray, isNull, notInArray, sql } from "drizzle-orm";
import type { Db } from "./client";
import { enti, memberships, operatorServices, outbox, partnerServices, partners, protocolEntries, serviceFormVersions, services, users, type Ente, type Service, type User } from "./schema";
import { DEMO_ACT_FIELDS, DEMO_APPEAL_TEXT } from "./seed-acts";
import { DEMO_CITIZENS, DEMO_PARTNER_SECRET, DEMO_PASSWORD, DEMO_SERVICES } from "./seed-data";
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
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(enti);
  if ((row?.n ?? 0) > 0) return false;
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
      codiceFiscale: "00123450506",
      codiceIpa: "c_b999",
      email: "urp@bugliano.example",
      pec: "comune.bugliano@pec.example",
      phone: "+39 0587 000000",
      address: "Piazza del Municipio 1, 56000 Bugliano (PI)",
      website: "https://www.comune.bugliano.example",
      primaryColor: "#0066cc",
      holidays: ["2026-12-08", "2026-12-25", "2026-12-26", "2027-01-01", "2027-01-06"],
      appealText: DEMO_APPEAL_TEXT,
    })
    .returning();
  if (!ente) throw new Error("ente insert failed");

  const svc: Service[] = [];
  for (const s of DEMO_SERVICES) {
    const [row] = await db.insert(services).values({ ...s, ...DEMO_ACT_FIELDS[s.slug], enteId: ente.id }).returning();
    if (!row) throw new Error("service insert failed");
    await db.insert(serviceFormVersions).values({ serviceId: row.id, version: row.formVersion, definition: row.formDefinition });
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
  await staff("admin@bugliano.example", "Amministratore Bugliano", "admin");
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
  if (sealKeyAvailable()) await installSeal(db, ente, generateSelfSignedSeal({ commonName: "Comune di Bugliano — sigillo (demo)", organization: "Comune di Bugliano", organizationId: "VATIT-00123450506" }, DEMO_SEAL_PASSPHRASE), DEMO_SEAL_PASSPHRASE);

  await seedPratiche(db, ente, svc.filter((s) => s.status === "available"), citizens, [op1, op2], opts.praticheCount ?? PATHS.length + 8);

  // The seed's history is for show: its notices and webhooks are not sent. Protocol requests still waiting
  // are left for the worker, so the demo shows pratiche "in attesa di protocollazione" being registered.
  await db
    .update(outbox)
    .set({ status: "cancelled", lastError: "dati dimostrativi: non inviato", doneAt: new Date() })
    .where(and(eq(outbox.enteId, ente.id), notInArray(outbox.topic, ["protocol"])));
  const answered = db.select({ id: protocolEntries.requestId }).from(protocolEntries).where(sql`${protocolEntries.requestId} is not null`);
  await db
    .update(outbox)
    .set({ status: "sent", doneAt: new Date() })
    .where(and(eq(outbox.topic, "protocol"), eq(outbox.enteId, ente.id), inArray(sql`(${outbox.payload}->>'requestId')::uuid`, answered)));
  return ente;
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

  for (let i = 0; i < count; i++) {
    const path = PATHS[i % PATHS.length] as Path;
    const citizen = i < 6 ? (citizens[i % 2] as User) : pick(citizens);
    // Only paths the service's options allow.
    let service = pick(svc);
    if (path === "withdrawn") service = svc.find((s) => s.allowWithdraw) ?? service;
    if (path.startsWith("integration")) service = svc.find((s) => s.allowIntegrationRequests && !s.protocolRequired) ?? service;
    const operator = service.slug === "accesso-agli-atti" && random() < 0.4 ? (operators[1] as User) : (operators[0] as User);
    let t = now - Math.floor((5 + random() * 85) * 86_400_000);
    const step = () => new Date((t += Math.floor((0.2 + random() * 4) * 86_400_000)));
    const citizenCtx: Ctx = { db, ente, actor: { kind: "citizen", userId: citizen.id } };
    const opCtx: Ctx = { db, ente, actor: { kind: "operator", userId: operator.id } };
    const formData = demoFormData(service, citizen, i);
    const draft = await createDraft(citizenCtx, service.id, formData, new Date(t));
    await attachDemoFiles(citizenCtx, service, draft.id);
    if (path === "draft") continue;
    await submitPratica(citizenCtx, draft.id, { at: step() });
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
    if (path === "pending") continue;
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
    privacy: true,
  };
  switch (service.slug) {
    case "accesso-agli-atti":
      return { ...base, tipoAccesso: i % 3 === 0 ? "generalizzato" : "documentale", documenti: `Copia della delibera di giunta n. ${100 + i} del 2026 e relativi allegati.`, modalita: "email" };
    case "contributo-affitto":
      return { ...base, componenti: 2 + (i % 4), isee: 6000 + i * 150, dataContratto: "2025-03-01", iban: "IT60X0542811101000000123456",  };
    case "occupazione-suolo-pubblico":
      return { ...base, indirizzo: `Via Roma ${i + 1}`, dal: "2026-12-01", al: "2026-12-03", superficie: 10 + i, motivo: i % 2 ? "trasloco" : "ponteggio" };
    case "iscrizione-mensa-scolastica":
      return { ...base, nomeAlunno: `Sofia ${citizen.familyName}`, cfAlunno: "RSSSFO18E45H501" + checkCharacter("RSSSFO18E45H501"), scuola: "primaria-collodi", dieta: i % 2 ? ["vegetariana"] : [] };
    default:
      return base;
  }
}
