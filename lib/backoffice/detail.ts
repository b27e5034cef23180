import { and, asc, eq, inArray } from "drizzle-orm";
import { protocolEntries, statusHistory, users, type Attachment, type Pratica, type ProtocolEntry, type Service, type StatusHistoryRow } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { listMessages, type ThreadMessage } from "@/lib/messages/list";
import { listAttachments } from "@/lib/pratiche/attachments";
import { listPraticaPayments, type PaymentView } from "@/lib/payments/workflow";
import { getPratica } from "@/lib/pratiche/get";
import { allFields, type FormField } from "@/lib/services/form-schema";
import { formDefinitionFor } from "@/lib/services/form-version";
import { OPEN_ASSIGNED_STATUSES, STATUS, TO_ASSIGN_STATUSES } from "@/lib/workflow/states";
import { paymentActions } from "./payments";
import { requireOperator } from "./scope";

export type ProtocolInfo =
  | { state: "registered"; number: string; registeredAt: Date | null }
  | { state: "pending" }
  | { state: "failed"; error: string | null }
  | { state: "none" };

export type PraticaDetail = {
  pratica: Pratica;
  service: Service;
  applicant: { name: string; codiceFiscale: string | null; email: string };
  assignedOperator: { id: string; name: string } | null;
  fields: { field: FormField; value: unknown }[];
  iter: StatusHistoryRow[];
  attachments: Attachment[];
  messages: ThreadMessage[];
  /** The filled-in form sent to the municipality, and its protocol registration. */
  modulo: Attachment | null;
  protocol: ProtocolInfo;
  /** The pratica's pagoPA payments, oldest first, each with its history. */
  payments: PaymentView[];
  /** What the acting operator may do now (the workflow still checks each on its own). */
  can: { take: boolean; elabora: boolean; requestIntegration: boolean; write: boolean; requestPayment: boolean; cancelPayment: boolean };
  /** Why the pratica cannot be taken in charge yet, if that is the reason. */
  awaitingProtocol: boolean;
};

/** The protocol registration of a pratica's submission: the answer to its request, if any. */
export function submissionProtocol(entries: ProtocolEntry[]): ProtocolInfo {
  const requests = entries.filter((e) => e.documentKind === "submission" && e.status === "requested" && !e.requestId);
  const answers = entries.filter((e) => e.documentKind === "submission" && e.requestId);
  const registered = answers.find((a) => a.status === "registered" && a.number);
  if (registered?.number) return { state: "registered", number: registered.number, registeredAt: registered.registeredAt };
  const unanswered = requests.some((r) => !answers.some((a) => a.requestId === r.id));
  if (unanswered) return { state: "pending" };
  const failed = answers.find((a) => a.status === "failed");
  if (failed) return { state: "failed", error: failed.error };
  return { state: "none" };
}

/** Everything the operator's detail page shows, for a pratica of a service the operator is enabled on. */
export async function getPraticaDetail(ctx: Ctx, praticaId: string): Promise<PraticaDetail> {
  const userId = requireOperator(ctx);
  const { pratica, service } = await getPratica(ctx, praticaId);
  const [attachmentRows, messageRows, iter, entries, paymentRows] = await Promise.all([
    listAttachments(ctx, praticaId),
    listMessages(ctx, praticaId),
    ctx.db.select().from(statusHistory).where(and(eq(statusHistory.praticaId, praticaId), eq(statusHistory.enteId, ctx.ente.id))).orderBy(asc(statusHistory.id)),
    ctx.db.select().from(protocolEntries).where(and(eq(protocolEntries.praticaId, praticaId), eq(protocolEntries.enteId, ctx.ente.id))).orderBy(asc(protocolEntries.createdAt)),
    listPraticaPayments(ctx, praticaId),
  ]);
  const people = await ctx.db
    .select({ id: users.id, name: users.name, email: users.email, codiceFiscale: users.codiceFiscale })
    .from(users)
    .where(inArray(users.id, [pratica.applicantId, ...(pratica.assignedOperatorId ? [pratica.assignedOperatorId] : [])]));
  const applicant = people.find((p) => p.id === pratica.applicantId);
  const operator = pratica.assignedOperatorId ? people.find((p) => p.id === pratica.assignedOperatorId) : undefined;
  const definition = await formDefinitionFor(ctx.db, service, pratica.formVersion);
  const fields = allFields(definition)
    .filter((f) => f.type !== "file")
    .map((field) => ({ field, value: pratica.formData[field.name] }))
    .filter((f) => f.value !== undefined && f.value !== null && f.value !== "");

  const mine = pratica.assignedOperatorId === userId;
  const awaitingProtocol = service.protocolRequired && pratica.status === STATUS.submitted;
  const pay = paymentActions(pratica, paymentRows, userId);
  return {
    pratica,
    service,
    applicant: { name: applicant?.name ?? "—", codiceFiscale: applicant?.codiceFiscale ?? null, email: applicant?.email ?? "" },
    assignedOperator: operator ? { id: operator.id, name: operator.name } : null,
    fields,
    iter,
    attachments: attachmentRows,
    messages: messageRows,
    modulo: attachmentRows.find((a) => a.purpose === "modulo") ?? null,
    protocol: submissionProtocol(entries),
    payments: paymentRows,
    awaitingProtocol,
    can: {
      take: (TO_ASSIGN_STATUSES as readonly number[]).includes(pratica.status) && !awaitingProtocol,
      elabora: mine && (pratica.status === STATUS.pending || pratica.status === STATUS.integration_submitted),
      requestIntegration: mine && pratica.status === STATUS.pending && service.allowIntegrationRequests,
      write: (OPEN_ASSIGNED_STATUSES as readonly number[]).includes(pratica.status) || (TO_ASSIGN_STATUSES as readonly number[]).includes(pratica.status),
      requestPayment: pay.request,
      cancelPayment: pay.cancel,
    },
  };
}
