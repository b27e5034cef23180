import { createHmac, timingSafeEqual } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { appointments, enti, offices, partnerServices, partners, pratiche, services, type OutboxRow } from "@/db/schema";
import { signWebhook as signWithOutboxSigner } from "@/lib/outbox/sign";
import { statusRef } from "./present";

export type WebhookResult = {
  ok: boolean;
  /** The receiver's HTTP status; 0 when no answer came (network error, timeout, not attempted). */
  status: number;
  detail: string;
  /** Retrying cannot help (no secret, malformed payload…): the worker may dead-letter at once. */
  permanent?: boolean;
  /** There is nobody to deliver to any more (partner gone or disabled, no URL, unbound from the service): cancel. */
  gone?: boolean;
};

export const SIGNATURE_HEADER = "x-stanza-signature";
const DEFAULT_TIMEOUT_MS = 10_000;

/** `t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with the partner's webhook secret. */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  return signWithOutboxSigner(secret, body, new Date(timestamp * 1000));
}

/**
 * What a receiver runs: the signature must match the body exactly as received, and the timestamp be recent
 * (replays of an old delivery are refused). Several v1 values are allowed, for secret rotation.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  body: string,
  opts: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  if (!header) return false;
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const [k, v] = part.trim().split("=", 2);
    if (k === "t" && v && /^\d{1,12}$/.test(v)) t = Number(v);
    if (k === "v1" && v && /^[0-9a-f]{64}$/.test(v)) candidates.push(v);
  }
  if (t === undefined || candidates.length === 0) return false;
  const now = Math.floor((opts.now ?? Date.now()) / 1000);
  if (Math.abs(now - t) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"), "hex");
  return candidates.some((c) => {
    const got = Buffer.from(c, "hex");
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}

const payloadSchema = z.looseObject({
  partnerId: z.uuid(),
  event: z.string().optional(),
  status: z.number().int().optional(),
  fromStatus: z.number().int().optional(),
  historyId: z.number().int().optional(),
  /** Appointment events (appointment.booked|changed|cancelled). */
  appointmentId: z.uuid().optional(),
});

/**
 * The JSON a partner receives. No personal data of the citizen: the partner reads the pratica through the API
 * (`links.pratica`) with its credentials, so a leaked webhook log leaks nothing.
 */
export async function buildWebhookBody(db: DbOrTx, row: OutboxRow, partnerSlug: string, enteSlug: string, appUrl = "") {
  const payload = payloadSchema.parse(row.payload);
  const { partnerId: _p, urgent: _u, ...rest } = payload;
  let pratica: Record<string, unknown> | null = null;
  if (row.praticaId) {
    const [p] = await db
      .select({ id: pratiche.id, numero: pratiche.numero, subject: pratiche.subject, status: pratiche.status, serviceSlug: services.slug, serviceName: services.name })
      .from(pratiche)
      .innerJoin(services, eq(services.id, pratiche.serviceId))
      .where(and(eq(pratiche.id, row.praticaId), eq(pratiche.enteId, row.enteId)));
    if (p)
      pratica = {
        id: p.id,
        number: p.numero,
        subject: p.subject,
        service: { slug: p.serviceSlug, name: p.serviceName },
        status: statusRef(p.status),
        url: `${appUrl}/api/v1.0/${partnerSlug}/pratica/${p.id}`,
      };
  }
  let appointment: Record<string, unknown> | null = null;
  if (payload.appointmentId) {
    const [a] = await db
      .select({
        id: appointments.id,
        code: appointments.code,
        status: appointments.status,
        officeId: offices.id,
        officeName: offices.name,
        serviceSlug: services.slug,
        serviceName: services.name,
        startsAt: appointments.startsAt,
        endsAt: appointments.endsAt,
      })
      .from(appointments)
      .innerJoin(offices, eq(offices.id, appointments.officeId))
      .innerJoin(services, eq(services.id, appointments.serviceId))
      .where(and(eq(appointments.id, payload.appointmentId), eq(appointments.enteId, row.enteId)));
    // Who booked and their contacts stay out: the partner reads them at `url` with its credentials.
    if (a)
      appointment = {
        id: a.id,
        code: a.code,
        status: a.status,
        office: { id: a.officeId, name: a.officeName },
        service: { slug: a.serviceSlug, name: a.serviceName },
        starts_at: a.startsAt.toISOString(),
        ends_at: a.endsAt.toISOString(),
        url: `${appUrl}/api/v1.0/${partnerSlug}/appuntamenti/${a.id}`,
      };
  }
  const data: Record<string, unknown> = { ...rest };
  if (payload.status !== undefined) data.status = statusRef(payload.status);
  if (payload.fromStatus !== undefined) data.fromStatus = statusRef(payload.fromStatus);
  return {
    id: row.id,
    type: row.kind,
    /** Same as `type`: the name the first worker used, kept so receivers written against it keep working. */
    event: row.kind,
    created_at: row.createdAt.toISOString(),
    ente: enteSlug,
    /** The pratica as it is now (the event's own from/to states are in `data`). */
    pratica,
    /** Only for appointment.* events: the appointment as it is now. */
    ...(payload.appointmentId ? { appointment } : {}),
    data,
  };
}

/**
 * Delivers one webhook outbox row (called by the outbox worker for topic "webhook"): builds the body, signs it
 * with the partner's secret, POSTs it with a timeout and no redirects, and says how it went. It never throws
 * for delivery problems; the worker records the attempt and decides about retries.
 */
export async function deliverWebhook(
  db: DbOrTx,
  row: OutboxRow,
  opts: { timeoutMs?: number; now?: Date; appUrl?: string } = {},
): Promise<WebhookResult> {
  const parsed = payloadSchema.safeParse(row.payload);
  if (!parsed.success) return { ok: false, status: 0, detail: "payload del webhook non valido (manca partnerId)", permanent: true };
  const [target] = await db
    .select({ partner: partners, enteSlug: enti.slug })
    .from(partners)
    .innerJoin(enti, eq(enti.id, partners.enteId))
    .where(and(eq(partners.id, parsed.data.partnerId), eq(partners.enteId, row.enteId)));
  if (!target) return { ok: false, status: 0, detail: "partner inesistente", permanent: true, gone: true };
  const { partner } = target;
  if (partner.disabledAt) return { ok: false, status: 0, detail: "partner disattivato", permanent: true, gone: true };
  if (!partner.webhookUrl) return { ok: false, status: 0, detail: "il partner non ha più un indirizzo webhook", permanent: true, gone: true };
  if (!/^https?:\/\//i.test(partner.webhookUrl)) return { ok: false, status: 0, detail: "URL webhook non valido", permanent: true };
  if (!partner.webhookSecret) return { ok: false, status: 0, detail: "nessun segreto webhook: consegna non firmabile", permanent: true };
  if (parsed.data.appointmentId) {
    // An appointment's webhook follows the partner's binding to the appointment's service (not the linked pratica's).
    const [binding] = await db
      .select({ disabledAt: partnerServices.disabledAt })
      .from(partnerServices)
      .innerJoin(appointments, eq(appointments.serviceId, partnerServices.serviceId))
      .where(and(eq(partnerServices.partnerId, partner.id), eq(appointments.id, parsed.data.appointmentId)));
    if (!binding || binding.disabledAt) return { ok: false, status: 0, detail: "partner non più abilitato sul servizio", permanent: true, gone: true };
  } else if (row.praticaId) {
    const [binding] = await db
      .select({ disabledAt: partnerServices.disabledAt })
      .from(partnerServices)
      .innerJoin(pratiche, eq(pratiche.serviceId, partnerServices.serviceId))
      .where(and(eq(partnerServices.partnerId, partner.id), eq(pratiche.id, row.praticaId)));
    if (!binding || binding.disabledAt) return { ok: false, status: 0, detail: "partner non più abilitato sul servizio", permanent: true, gone: true };
  }

  const body = JSON.stringify(await buildWebhookBody(db, row, partner.slug, target.enteSlug, opts.appUrl));
  const t = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  try {
    const res = await fetch(partner.webhookUrl, {
      method: "POST",
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        "content-type": "application/json",
        "user-agent": "Stanza-Webhooks/1.0",
        [SIGNATURE_HEADER]: signWebhook(partner.webhookSecret, body, t),
        "x-stanza-event": row.kind,
        "x-stanza-delivery": row.id,
      },
      body,
    });
    const text = (await res.text().catch(() => "")).slice(0, 200).replace(/\s+/g, " ").trim();
    const detail = `HTTP ${res.status}${text ? `: ${text}` : ""}`;
    return { ok: res.status >= 200 && res.status < 300, status: res.status, detail };
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    if (name === "TimeoutError" || name === "AbortError") return { ok: false, status: 0, detail: `nessuna risposta entro ${Math.round(timeoutMs / 1000)} s` };
    const cause = err instanceof Error && err.cause instanceof Error ? err.cause.message : err instanceof Error ? err.message : String(err);
    return { ok: false, status: 0, detail: `errore di rete: ${cause}`.slice(0, 300) };
  }
}
