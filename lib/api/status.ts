import { and, desc, eq } from "drizzle-orm";
import { partners, statusHistory, type Payment, type Pratica } from "@/db/schema";
import { InvalidTransitionError, NotFoundError, ValidationError, fieldError } from "@/lib/errors";
import { cancelDeferredPayment, requestDeferredPayment } from "@/lib/payments/workflow";
import { concludePratica } from "@/lib/pratiche/conclude";
import { STATUS, isStatusCode, type StatusName } from "@/lib/workflow/states";
import { TRANSITIONS, eventsFrom, isWorkflowEvent, transitionFor } from "@/lib/workflow/table";
import { transition, type TransitionInput, type TransitionResult } from "@/lib/workflow/transition";
import { isUuid } from "@/lib/uuid";
import { loadPartnerPratica, type PartnerCtx } from "./pratiche";
import { presentPayment, statusRef } from "./present";
import type { StatusChangeBody } from "./schemas";

/**
 * The workflow event a partner's `evento` means from the pratica's current state. Event names pass through;
 * a Stanza del Cittadino status code (number or numeric string) or a status name is the target state, turned
 * into the one event that reaches it from here (4000 is `assign` from 2000/3000 and `resume` from 4300).
 * Anything else passes through unchanged, and the workflow answers that it is not a known event.
 */
export function resolveEvent(evento: string | number, currentStatus: number): string {
  const raw = typeof evento === "number" ? String(evento) : evento.trim();
  if (isWorkflowEvent(raw)) return raw;
  let code: number | undefined;
  if (/^\d{1,6}$/.test(raw)) code = Number(raw);
  else if (raw in STATUS) code = STATUS[raw as StatusName];
  if (code === undefined || !isStatusCode(code)) return raw;
  const reaching = TRANSITIONS.filter((t) => t.to === code);
  const fromHere = reaching.filter((t) => (t.from as readonly number[]).includes(currentStatus));
  const forPartner = fromHere.filter((t) => t.actors.includes("partner"));
  if (forPartner.length === 1 && forPartner[0]) return forPartner[0].event;
  if (fromHere.length === 1 && fromHere[0]) return fromHere[0].event;
  const partnerEvents = reaching.filter((t) => t.actors.includes("partner"));
  if (partnerEvents.length === 1 && partnerEvents[0]) return partnerEvents[0].event;
  throw new InvalidTransitionError(
    "status.unreachable",
    { code },
    currentStatus,
    eventsFrom(currentStatus, "partner"),
  );
}

/**
 * Applies a partner's status change through the one door (lib/workflow). accept/reject are the operator's
 * decision (`concludePratica`: the response document, esito, is rendered and attached); operatore,
 * responsabile, struttura and the partner's timestamp go into the audit row.
 */
export async function changeStatusAsPartner(ctx: PartnerCtx, praticaId: string, body: StatusChangeBody) {
  if (!isUuid(praticaId)) throw new NotFoundError("pratica.not_found");
  const actorCtx: PartnerCtx = { ...ctx, actor: { ...ctx.actor, ...(body.operatore ? { operatore: body.operatore } : {}) } };
  const meta: Record<string, unknown> = { channel: "api", evento: body.evento };
  if (body.operatore) meta.operatore = body.operatore;
  if (body.responsabile) meta.responsabile = body.responsabile;
  if (body.struttura) meta.struttura = body.struttura;
  if (body.timestamp !== undefined)
    meta.timestamp = typeof body.timestamp === "number" ? new Date(body.timestamp * 1000).toISOString() : new Date(body.timestamp).toISOString();
  const input: TransitionInput = { meta, expectedVersion: body.versione, message: body.messaggio, motivation: body.motivazione };

  const name = typeof body.evento === "string" ? body.evento.trim() : "";
  if (isWorkflowEvent(name) && !ROUTED_EVENTS.has(name)) {
    refusePaymentFields(body);
    // The common case goes straight to the workflow, which checks ente, service binding, state and guards
    // under the row lock; only its answers are translated to the API's words.
    return presentResult(await asPartner(() => transition(actorCtx, praticaId, name, input)), name);
  }

  const { pratica } = await loadPartnerPratica(ctx, praticaId);
  const event = resolveEvent(body.evento, pratica.status);
  // A payment request records the payment with the transition (lib/payments/workflow.ts), never the bare transition.
  if (event === "request_payment" || event === "cancel_payment") return paymentStep(actorCtx, pratica.id, event, body, meta);
  refusePaymentFields(body);
  if (isWorkflowEvent(event) && (transitionFor(event).from as readonly number[]).includes(pratica.status)) {
    const def = transitionFor(event);
    if (def.requires?.includes("motivation") && !body.motivazione)
      throw new ValidationError("status.motivation_required", [fieldError("motivazione", "field.required")], { event });
    if (def.requires?.includes("message") && !body.messaggio)
      throw new ValidationError("status.message_required", [fieldError("messaggio", "field.required")], { event });
    if ((event === "accept" || event === "reject") && def.actors.includes("partner")) {
      const decision = {
        outcome: event === "accept" ? ("accepted" as const) : ("rejected" as const),
        motivation: body.motivazione ?? "",
        message: input.message,
        meta: input.meta,
        expectedVersion: input.expectedVersion,
      };
      return presentResult(await asPartner(() => concludePratica(actorCtx, pratica.id, decision)), event);
    }
  }
  return presentResult(await asPartner(() => transition(actorCtx, pratica.id, event, input)), event);
}

/** Events that are more than a transition: the decision (esito PDF), the payments (a payment row), submit (drafts). */
const ROUTED_EVENTS: ReadonlySet<string> = new Set(["submit", "accept", "reject", "request_payment", "cancel_payment"]);

function refusePaymentFields(body: StatusChangeBody): void {
  const extra = (["importo_centesimi", "scadenza_giorni"] as const).filter((k) => body[k] !== undefined);
  if (extra.length > 0) throw new ValidationError("request.invalid_input", extra.map((k) => fieldError(k, "status.payment_fields_only")));
}

/**
 * request_payment (amount in cents, `messaggio` as the causale) and cancel_payment (`messaggio` for the citizen)
 * through the payment workflow, which records or cancels the payment in the transition's transaction.
 */
async function paymentStep(ctx: PartnerCtx, praticaId: string, event: "request_payment" | "cancel_payment", body: StatusChangeBody, meta: Record<string, unknown>) {
  if (!body.messaggio) throw new ValidationError("status.message_required", [fieldError("messaggio", "field.required")], { event });
  let pratica: Pratica;
  let payment: Payment | undefined;
  if (event === "request_payment") {
    if (body.importo_centesimi === undefined) throw new ValidationError("status.amount_required", [fieldError("importo_centesimi", "field.required")], { event });
    const input = { amountCents: body.importo_centesimi, causale: body.messaggio, dueDays: body.scadenza_giorni, expectedVersion: body.versione, meta };
    ({ pratica, payment } = await asPartner(() => requestDeferredPayment(ctx, praticaId, input)));
  } else {
    refusePaymentFields(body);
    ({ pratica } = await asPartner(() => cancelDeferredPayment(ctx, praticaId, { message: body.messaggio ?? "", expectedVersion: body.versione, meta })));
  }
  // The step's own row of the iter: the newest of this event on the pratica, written by the call above.
  const [history] = await ctx.db
    .select()
    .from(statusHistory)
    .where(and(eq(statusHistory.praticaId, pratica.id), eq(statusHistory.event, event)))
    .orderBy(desc(statusHistory.id))
    .limit(1);
  if (!history) throw new Error(`no history row after ${event}`);
  const result = presentResult({ pratica, history }, event);
  return payment ? { ...result, payment: presentPayment(payment, await partnerSlugOf(ctx)) } : result;
}

async function partnerSlugOf(ctx: PartnerCtx): Promise<string> {
  const [row] = await ctx.db.select({ slug: partners.slug }).from(partners).where(and(eq(partners.id, ctx.actor.partnerId), eq(partners.enteId, ctx.ente.id)));
  return row?.slug ?? "";
}

/**
 * A workflow step as the partner, with the API's view: a draft does not exist for partners (the workflow lets a
 * partner act on drafts so that offline/create can submit the one it creates; "submit" by name therefore only
 * reaches here after loadPartnerPratica has ruled drafts out), and field errors use the API's names.
 */
async function asPartner<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof InvalidTransitionError && err.currentStatus === STATUS.draft) throw new NotFoundError("pratica.not_found");
    if (err instanceof ValidationError) {
      const names: Record<string, string> = { motivation: "motivazione", message: "messaggio", causale: "messaggio", amount: "importo_centesimi", dueDays: "scadenza_giorni" };
      throw new ValidationError(err.code, err.fieldErrors.map((f) => ({ ...f, path: names[f.path] ?? f.path })), err.params);
    }
    throw err;
  }
}

function presentResult(result: Pick<TransitionResult, "pratica" | "history">, event: string) {
  return {
    id: result.pratica.id,
    event,
    from: statusRef(result.history.fromStatus ?? result.pratica.status),
    status: statusRef(result.pratica.status),
    version: result.pratica.version,
    history_id: result.history.id,
    at: result.history.createdAt.toISOString(),
  };
}
