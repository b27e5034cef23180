import { count } from "drizzle-orm";
import type { Db } from "@/db/client";
import * as schema from "@/db/schema";
import { setApiDeps } from "@/lib/api/deps";
import { rateLimiter } from "@/lib/api/rate-limit";
import { hashPassword } from "@/lib/auth/password";
import type { FormDefinition } from "@/lib/services/form-schema";
import { createTestDatabase, type TestDatabase } from "./db";
import { createCitizen, createEnte, createPartner, createService, createStaff } from "./fixtures";
import * as createRoute from "@/app/api/v1.0/[partner]/pratica/offline/create/route";
import * as praticaRoute from "@/app/api/v1.0/[partner]/pratica/[pratica]/route";
import * as allegatoRoute from "@/app/api/v1.0/[partner]/pratica/[pratica]/allegati/[allegato]/route";
import * as protocolliRoute from "@/app/api/v1.0/[partner]/pratica/[pratica]/protocolli/route";
import * as statusRoute from "@/app/api/v1.0/[partner]/pratica/[pratica]/status/route";
import * as praticheRoute from "@/app/api/v1.0/[partner]/pratiche/route";
import * as deliveriesRoute from "@/app/api/v1.0/[partner]/webhooks/deliveries/route";
import * as schedaRoute from "@/app/api/v1.0/schedaInformativa/[servizio]/[ente]/route";
import * as servicesRoute from "@/app/api/v1.0/services/route";
import * as stepTextRoute from "@/app/api/v1.0/servizioTexts/[servizio]/[ente]/[step]/route";
import * as restRoute from "@/app/api/v1.0/[[...rest]]/route";
import * as appuntamentiRoute from "@/app/api/v1.0/[partner]/appuntamenti/route";
import * as appuntamentoRoute from "@/app/api/v1.0/[partner]/appuntamenti/[appuntamento]/route";
import * as appuntamentoCancelRoute from "@/app/api/v1.0/[partner]/appuntamenti/[appuntamento]/cancel/route";
import * as appuntamentoMoveRoute from "@/app/api/v1.0/[partner]/appuntamenti/[appuntamento]/move/route";
import * as ufficiRoute from "@/app/api/v1.0/[partner]/uffici/route";
import * as ufficioRoute from "@/app/api/v1.0/[partner]/uffici/[ufficio]/route";
import * as disponibilitaRoute from "@/app/api/v1.0/[partner]/uffici/[ufficio]/disponibilita/route";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;
type AnyMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";

/** The API's routes with their path patterns, called directly as the framework would call them. */
const ROUTES: { pattern: string; module: Partial<Record<AnyMethod, Handler>> }[] = [
  { pattern: "/api/v1.0/:partner/pratica/offline/create", module: createRoute },
  { pattern: "/api/v1.0/:partner/pratica/:pratica/status", module: statusRoute },
  { pattern: "/api/v1.0/:partner/pratica/:pratica/protocolli", module: protocolliRoute },
  { pattern: "/api/v1.0/:partner/pratica/:pratica/allegati/:allegato", module: allegatoRoute },
  { pattern: "/api/v1.0/:partner/pratica/:pratica", module: praticaRoute },
  { pattern: "/api/v1.0/:partner/pratiche", module: praticheRoute },
  { pattern: "/api/v1.0/:partner/webhooks/deliveries", module: deliveriesRoute },
  { pattern: "/api/v1.0/:partner/appuntamenti/:appuntamento/cancel", module: appuntamentoCancelRoute },
  { pattern: "/api/v1.0/:partner/appuntamenti/:appuntamento/move", module: appuntamentoMoveRoute },
  { pattern: "/api/v1.0/:partner/appuntamenti/:appuntamento", module: appuntamentoRoute },
  { pattern: "/api/v1.0/:partner/appuntamenti", module: appuntamentiRoute },
  { pattern: "/api/v1.0/:partner/uffici/:ufficio/disponibilita", module: disponibilitaRoute },
  { pattern: "/api/v1.0/:partner/uffici/:ufficio", module: ufficioRoute },
  { pattern: "/api/v1.0/:partner/uffici", module: ufficiRoute },
  { pattern: "/api/v1.0/schedaInformativa/:servizio/:ente", module: schedaRoute },
  { pattern: "/api/v1.0/servizioTexts/:servizio/:ente/:step", module: stepTextRoute },
  { pattern: "/api/v1.0/services", module: servicesRoute },
];

function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split("/");
  const s = path.split("/");
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i] ?? "";
    const val = s[i] ?? "";
    if (seg.startsWith(":")) {
      if (!val) return null;
      params[seg.slice(1)] = decodeURIComponent(val);
    } else if (seg !== val) return null;
  }
  return params;
}

export function basic(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;
}

export type CallOptions = {
  method?: AnyMethod;
  auth?: string | null;
  json?: unknown;
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  base?: string;
};

/** Routes a request like Next's router (static segments before dynamic ones) and calls the handler. */
export async function call(path: string, opts: CallOptions = {}): Promise<Response> {
  const method = opts.method ?? (opts.json !== undefined || opts.rawBody !== undefined ? "POST" : "GET");
  const pathname = path.split("?")[0] ?? path;
  const build = () => {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.auth !== null && opts.auth !== undefined) headers.authorization = opts.auth;
    let body: BodyInit | undefined;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers["content-type"] ??= "application/json";
    } else if (opts.rawBody !== undefined) body = typeof opts.rawBody === "string" ? opts.rawBody : new Uint8Array(opts.rawBody);
    return new Request(`${opts.base ?? "http://127.0.0.1:3000"}${path}`, { method, headers, body });
  };
  for (const route of ROUTES) {
    const params = match(route.pattern, pathname);
    if (!params) continue;
    // Every route exports every method (the ones it does not serve answer 405).
    const handler = route.module[method];
    if (!handler) throw new Error(`${method} not exported by the route of ${route.pattern}`);
    return handler(build(), { params: Promise.resolve(params) });
  }
  // Next sends any other path under /api/v1.0 to the catch-all route.
  const fallback = restRoute[method];
  return fallback(build());
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}


export const PARTNER_SECRET = "segreto-partner-di-prova";

/** A form with a codice fiscale, a choice and a PDF upload, to exercise offline/create's validation. */
export const API_FORM: FormDefinition = {
  pages: [
    {
      id: "dati",
      title: "Dati",
      items: [
        { type: "text", name: "oggetto", label: "Oggetto", required: true },
        { type: "select", name: "modalita", label: "Modalità", required: false, options: [{ value: "email", label: "Email" }, { value: "ritiro", label: "Ritiro" }] },
        { type: "number", name: "quantita", label: "Quantità", required: false, min: 1, max: 10, integer: true },
      ],
    },
    {
      id: "allegati",
      title: "Allegati",
      items: [{ type: "file", name: "documento", label: "Documento", required: false, accept: ["application/pdf"], maxSizeMb: 1, multiple: false }],
    },
  ],
};

export async function createApiWorld(db: Db) {
  const ente = await createEnte(db);
  const otherEnte = await createEnte(db);
  const service = await createService(db, ente, { allowIntegrationRequests: true, allowReopen: true, formDefinition: API_FORM });
  const protoService = await createService(db, ente, { protocolRequired: true, protocolMode: "external" });
  const closedService = await createService(db, ente, { status: "suspended" });
  const notEnabled = await createService(db, ente);
  const otherService = await createService(db, otherEnte);
  const secretHash = await hashPassword(PARTNER_SECRET);
  const partner = await createPartner(db, ente, [service.id, protoService.id, closedService.id], { secretHash, rateLimitPerMinute: 100_000 });
  const otherPartner = await createPartner(db, otherEnte, [otherService.id], { secretHash, rateLimitPerMinute: 100_000 });
  const citizen = await createCitizen(db);
  const operator = await createStaff(db, ente, "operator", [service.id, protoService.id, notEnabled.id]);
  const admin = await createStaff(db, ente, "admin");
  const otherOperator = await createStaff(db, otherEnte, "operator", [otherService.id]);
  return {
    ente,
    otherEnte,
    service,
    protoService,
    closedService,
    notEnabled,
    otherService,
    partner,
    otherPartner,
    citizen,
    operator,
    admin,
    otherOperator,
    auth: basic(partner.slug, PARTNER_SECRET),
    otherAuth: basic(otherPartner.slug, PARTNER_SECRET),
  };
}

export type ApiWorld = Awaited<ReturnType<typeof createApiWorld>>;

/** The start of a partner-API test file: a fresh database with the API world in it. */
export async function openApiTest(): Promise<{ tdb: TestDatabase; w: ApiWorld }> {
  const tdb = await createTestDatabase();
  return { tdb, w: await createApiWorld(tdb.db) };
}

/** The routes' dependencies in tests: this database, no demo mode, no trusted proxy. */
export function setTestApiDeps(db: Db): void {
  setApiDeps({ db, config: { demoMode: false, trustProxy: false } });
}

/** The end of a partner-API test file: the rate-limit counters written out, the routes' dependencies unset, the database closed. */
export async function closeApiTest(tdb: TestDatabase): Promise<void> {
  await rateLimiter.flush(tdb.db);
  setApiDeps(undefined);
  await tdb.close();
}

/** Row counts of every table the API could write to (rate-limit counters aside). */
export async function domainRowCounts(db: Db): Promise<Record<string, number>> {
  const tables = {
    pratiche: schema.pratiche,
    statusHistory: schema.statusHistory,
    auditLog: schema.auditLog,
    outbox: schema.outbox,
    deliveryAttempts: schema.deliveryAttempts,
    protocolEntries: schema.protocolEntries,
    attachments: schema.attachments,
    users: schema.users,
    messages: schema.messages,
    idempotencyKeys: schema.idempotencyKeys,
    appointments: schema.appointments,
    appointmentEvents: schema.appointmentEvents,
  };
  const out: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await db.select({ n: count() }).from(table);
    out[name] = row?.n ?? 0;
  }
  return out;
}
