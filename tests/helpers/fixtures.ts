import { randomBytes } from "node:crypto";
import type { Db } from "@/db/client";
import { enti, memberships, operatorServices, partnerServices, partners, serviceFormVersions, services, users, type Ente, type NewService, type Service, type User } from "@/db/schema";
import { hashPassword } from "@/lib/auth/password";
import type { Ctx } from "@/lib/context";
import { concludePratica } from "@/lib/pratiche/conclude";
import { createDraft } from "@/lib/pratiche/drafts";
import { submitPratica } from "@/lib/pratiche/submit";
import { checkCharacter } from "@/lib/services/codice-fiscale";
import type { FormDefinition } from "@/lib/services/form-schema";
import { transition } from "@/lib/workflow/transition";

const uid = () => randomBytes(4).toString("hex");

export const SIMPLE_FORM: FormDefinition = {
  pages: [{ id: "dati", title: "Dati", items: [{ type: "text", name: "oggetto", label: "Oggetto", required: true }] }],
};

/** The smallest file the upload checks take for a PDF (its bytes say so). */
export const MINIMAL_PDF = Buffer.from("%PDF-1.4\n% prova\n%%EOF\n");

export async function createEnte(db: Db, overrides: Partial<typeof enti.$inferInsert> = {}): Promise<Ente> {
  const slug = overrides.slug ?? `comune-${uid()}`;
  const [row] = await db.insert(enti).values({ name: `Comune ${slug}`, ...overrides, slug }).returning();
  if (!row) throw new Error("ente");
  return row;
}

export async function createService(db: Db, ente: Ente, overrides: Partial<NewService> = {}): Promise<Service> {
  const [row] = await db
    .insert(services)
    .values({
      slug: `servizio-${uid()}`,
      name: "Servizio di prova",
      infoSheet: { description: "", whoCanApply: "", howToApply: "", whatYouNeed: "", whatYouGet: "", costs: "", timesAndDeadlines: "", conditions: "", contacts: "" },
      formDefinition: SIMPLE_FORM,
      ...overrides,
      enteId: ente.id,
    })
    .returning();
  if (!row) throw new Error("service");
  await db.insert(serviceFormVersions).values({ serviceId: row.id, version: row.formVersion, definition: row.formDefinition });
  return row;
}

let cfCounter = 0;
export function makeCodiceFiscale(): string {
  cfCounter++;
  const n = String(cfCounter % 100).padStart(2, "0");
  const first15 = `TSTCTZ${n}A01H50${String(cfCounter % 10)}`.slice(0, 15);
  return first15 + checkCharacter(first15);
}

export async function createCitizen(db: Db, overrides: Partial<typeof users.$inferInsert> = {}): Promise<User> {
  const [row] = await db
    .insert(users)
    .values({ email: `cittadino-${uid()}@example.com`, name: "Cittadino Prova", givenName: "Cittadino", familyName: "Prova", codiceFiscale: `X${uid()}`.toUpperCase(), ...overrides })
    .returning();
  if (!row) throw new Error("citizen");
  return row;
}

export async function createStaff(db: Db, ente: Ente, role: "operator" | "admin", serviceIds: string[] = [], password?: string): Promise<User> {
  const [row] = await db
    .insert(users)
    .values({ email: `${role}-${uid()}@comune.example`, name: `${role} ${uid()}`, passwordHash: password ? await hashPassword(password) : null })
    .returning();
  if (!row) throw new Error("staff");
  await db.insert(memberships).values({ userId: row.id, enteId: ente.id, role });
  if (serviceIds.length) await db.insert(operatorServices).values(serviceIds.map((serviceId) => ({ userId: row.id, serviceId })));
  return row;
}

export async function createPartner(db: Db, ente: Ente, serviceIds: string[], overrides: Partial<typeof partners.$inferInsert> = {}) {
  const [row] = await db
    .insert(partners)
    .values({ slug: `partner-${uid()}`, name: "Partner di prova", secretHash: await hashPassword("segreto-di-prova"), ...overrides, enteId: ente.id })
    .returning();
  if (!row) throw new Error("partner");
  if (serviceIds.length) await db.insert(partnerServices).values(serviceIds.map((serviceId) => ({ partnerId: row.id, serviceId })));
  return row;
}

/**
 * The world of the administration tests: an ente with its admin, a service, an operator enabled on it and a
 * citizen; another ente with its own admin and service, to show that nothing crosses between them.
 */
export async function createAdminWorld(db: Db) {
  const ente = await createEnte(db);
  const other = await createEnte(db);
  const admin = await createStaff(db, ente, "admin");
  const otherAdmin = await createStaff(db, other, "admin");
  const service = await createService(db, ente);
  const otherService = await createService(db, other);
  const operator = await createStaff(db, ente, "operator", [service.id]);
  const citizen = await createCitizen(db);
  return { ente, other, admin, otherAdmin, service, otherService, operator, citizen };
}
export type AdminWorld = Awaited<ReturnType<typeof createAdminWorld>>;

export const citizenCtx = (db: Db, ente: Ente, user: User): Ctx => ({ db, ente, actor: { kind: "citizen", userId: user.id } });
export const operatorCtx = (db: Db, ente: Ente, user: User): Ctx => ({ db, ente, actor: { kind: "operator", userId: user.id } });
export const adminCtx = (db: Db, ente: Ente, user: User): Ctx => ({ db, ente, actor: { kind: "admin", userId: user.id } });
export const systemCtx = (db: Db, ente: Ente): Ctx => ({ db, ente, actor: { kind: "system" } });

/** A submitted pratica of the simple form. */
export async function submittedPratica(db: Db, ente: Ente, service: Service, citizen: User, data: Record<string, unknown> = { oggetto: "Richiesta di prova" }) {
  const ctx = citizenCtx(db, ente, citizen);
  const draft = await createDraft(ctx, service.id, data);
  const { pratica } = await submitPratica(ctx, draft.id);
  return pratica;
}

/** Drives a pratica to a state through the workflow, the way people would. */
export async function praticaInStatus(
  db: Db,
  ente: Ente,
  service: Service,
  citizen: User,
  operator: User,
  admin: User,
  status: number,
) {
  const cctx = citizenCtx(db, ente, citizen);
  const octx = operatorCtx(db, ente, operator);
  if (status === 1000) return createDraft(cctx, service.id, { oggetto: "Bozza" });
  let p = await submittedPratica(db, ente, service, citizen);
  const id = p.id;
  if (status === 2000) return p;
  p = (await transition(systemCtx(db, ente), id, "register", { message: "Protocollo di prova" })).pratica;
  if (status === 3000) return p;
  if (status === 50000) return (await transition(adminCtx(db, ente, admin), id, "revoke", { message: "Annullata" })).pratica;
  if (status === 20000) return (await transition(cctx, id, "withdraw")).pratica;
  p = (await transition(octx, id, "assign")).pratica;
  if (status === 4000) return p;
  if (status === 1500 || status === 1510 || status === 1520 || status === 1530) {
    // A deferred payment asked during processing (the workflow only: no position at a provider).
    p = (await transition(octx, id, "request_payment", { message: "Diritti di segreteria" })).pratica;
    if (status === 1500) return p;
    if (status === 1530) return (await transition(systemCtx(db, ente), id, "fail_payment")).pratica;
    if (status === 1510) return (await transition(cctx, id, "start_payment")).pratica;
    return (await transition(systemCtx(db, ente), id, "confirm_payment")).pratica;
  }
  if (status === 7000 || status === 9000)
    return (await concludePratica(octx, id, { outcome: status === 7000 ? "accepted" : "rejected", motivation: "Motivazione" })).pratica;
  p = (await transition(octx, id, "request_integration", { message: "Serve un documento" })).pratica;
  if (status === 4100) return p;
  p = (await transition(cctx, id, "submit_integration", { message: "Ecco" })).pratica;
  if (status === 4300) return p;
  throw new Error(`unsupported status ${status}`);
}
