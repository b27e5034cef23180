import type { Metadata } from "next";
import Link from "next/link";
import { IntegrationRequestForm, MessageForm } from "@/components/backoffice/action-forms";
import { StatusBadge } from "@/components/backoffice/status-badge";
import { DeliveryRecord } from "@/components/notifications/delivery-record";
import { TakeInCharge } from "@/components/backoffice/take-in-charge";
import { formatBytes } from "@/lib/format/bytes";
import { backoffice } from "@/lib/i18n/backoffice";
import { getFormat, getT } from "@/lib/i18n/server";
import { praticaNumber } from "@/lib/pratiche/number";
import { displayFieldValue } from "@/lib/services/form-schema";
import { summarizeOperatorData } from "@/lib/services/operator-steps";
import { STATUS, statusLabel } from "@/lib/workflow/states";
import { requestIntegrationAction, takeInChargeAction } from "../../actions";
import { loadPratica } from "./load";
import { PaymentsPanel } from "./payments-panel";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(backoffice)).pageTitles.detail };
}
export const dynamic = "force-dynamic";

/** The pratica in detail: Elabora, status and protocol, iter, data, attachments, the thread with the citizen. */
export default async function PraticaDetailPage({ params, searchParams }: { params: Promise<{ ente: string; id: string }>; searchParams: Promise<{ messaggio?: string | string[]; pagamento?: string | string[] }> }) {
  const { ente: slug, id } = await params;
  // Set by the messages route when the form was posted without script (the form then reloads the page).
  const sp = await searchParams;
  const messageOutcome = sp.messaggio;
  // Set by the payment actions after a request or a withdrawal.
  const paymentOutcome = sp.pagamento === "richiesto" ? "requested" : sp.pagamento === "annullato" ? "cancelled" : undefined;
  const { ctx, ente, d } = await loadPratica(slug, id);
  const [t, f] = await Promise.all([getT(backoffice), getFormat(ente.timezone)]);
  const td = t.detail;
  const { pratica } = d;
  const base = `/${ente.slug}/operatori`;
  const fileHref = (attachmentId: string) => `/${ente.slug}/allegati/${attachmentId}`;
  const lastIntegration = [...d.iter].reverse().find((h) => h.event === "submit_integration");
  const integrationFiles = d.attachments.filter((a) => a.purpose === "integration");
  const concluded = pratica.status === STATUS.accepted || pratica.status === STATUS.rejected;
  // What the operator filled in the service's own Elabora steps, once saved (also printed on the esito PDF).
  const operatorAnswers = Object.keys(pratica.operatorData).length > 0 ? summarizeOperatorData(d.service.operatorSteps, pratica.operatorData).filter((g) => g.rows.length > 0) : [];

  return (
    <article className="space-y-6">
      <p><Link href={base}>← {td.back}</Link></p>
      <header className="space-y-1">
        <h1 className="text-3xl font-bold">{pratica.subject}</h1>
        <p className="text-lg" data-testid="pratica-number">{t.dashboard.ref} <strong>{praticaNumber(pratica)}</strong></p>
      </header>

      <section aria-label={td.status} className="card flex flex-col gap-4 md:flex-row md:items-start md:justify-between">
        <div className="space-y-3">
          <p className="flex flex-wrap items-center gap-2"><span className="font-semibold">{td.status}:</span> <StatusBadge status={pratica.status} /></p>
          {d.modulo ? (
            <p>
              <a className="btn-secondary" href={fileHref(d.modulo.id)}>{td.modulo}</a>
            </p>
          ) : null}
          {d.protocol.state === "registered" && (
            <p className="font-semibold" data-testid="protocol-number">
              {td.protocolNumber({ number: d.protocol.number })} {d.protocol.registeredAt ? td.protocolOf({ date: f.dateTime(d.protocol.registeredAt) }) : ""}
            </p>
          )}
          {d.protocol.state === "pending" && <p role="status" className="rounded-md border border-warning bg-warning-light p-3 font-semibold text-warning">{td.protocolPending}</p>}
          {d.protocol.state === "failed" && <p role="status" className="rounded-md border border-danger bg-danger-light p-3 font-semibold text-danger-dark">{td.protocolFailed}</p>}
        </div>
        <div className="flex flex-col items-start gap-2 md:items-end">
          {d.can.elabora && <Link href={`${base}/pratiche/${pratica.id}/elabora`} className="btn-primary text-lg">{td.elabora}</Link>}
          {d.can.take && (
            <TakeInCharge
              praticaId={pratica.id}
              action={takeInChargeAction.bind(null, ente.slug)}
              subject={pratica.subject}
              applicant={d.applicant.name}
            />
          )}
          {d.awaitingProtocol && <p className="max-w-xs text-sm font-semibold text-warning">{td.awaitingProtocol}</p>}
          {pratica.status === STATUS.integration_requested && <p className="text-sm font-semibold text-warning">{td.elaboraWaiting}</p>}
        </div>
      </section>

      <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-2">
        <div><dt className="font-semibold">{td.applicant}</dt><dd>{d.applicant.name}{d.applicant.codiceFiscale ? ` — ${d.applicant.codiceFiscale}` : ""}<br /><span data-testid="applicant-email">{d.applicant.email}</span></dd></div>
        <div><dt className="font-semibold">{td.service}</dt><dd>{d.service.name}</dd></div>
        <div><dt className="font-semibold">{td.submittedAt}</dt><dd>{f.dateTime(pratica.submittedAt)}</dd></div>
        <div><dt className="font-semibold">{td.assignedTo}</dt><dd>{d.assignedOperator?.name ?? td.nobody}</dd></div>
      </dl>

      {concluded && (
        <section className="card space-y-2" aria-labelledby="esito">
          <h2 id="esito" className="text-xl font-bold">{td.outcome}: {statusLabel(pratica.status, f.lang)}</h2>
          {pratica.motivation && <p><span className="font-semibold">{td.motivation}:</span> {pratica.motivation}</p>}
        </section>
      )}

      {pratica.status === STATUS.integration_submitted && (
        <section className="card space-y-2 border-success" aria-labelledby="integrazioni-ricevute">
          <h2 id="integrazioni-ricevute" className="text-xl font-bold">{td.integration.received}</h2>
          <p>{td.integration.receivedHint}</p>
          {lastIntegration?.message && <blockquote className="border-l-4 border-line pl-3">{lastIntegration.message}</blockquote>}
          {integrationFiles.length > 0 && (
            <ul className="list-disc pl-5">
              {integrationFiles.map((a) => <li key={a.id}><a className="underline" href={fileHref(a.id)}>{a.filename}</a></li>)}
            </ul>
          )}
        </section>
      )}
      {pratica.status === STATUS.integration_requested && <p role="status" className="rounded-md border border-warning bg-warning-light p-3 font-semibold text-warning">{td.integration.waiting}</p>}

      {d.can.requestIntegration && (
        <section className="card space-y-3" aria-labelledby="richiesta-integrazioni">
          <h2 id="richiesta-integrazioni" className="text-xl font-bold">{td.integration.title}</h2>
          <p className="text-muted">{td.integration.intro}</p>
          <IntegrationRequestForm action={requestIntegrationAction} ente={ente.slug} praticaId={pratica.id} />
        </section>
      )}

      <PaymentsPanel payments={d.payments} can={d.can} ente={ente.slug} praticaId={pratica.id} f={f} outcome={paymentOutcome} />

      <section aria-labelledby="iter">
        <h2 id="iter" className="mb-2 text-xl font-bold">{td.iter}</h2>
        {/* Phones: each step is a block (status and date on one line, the note under them); the headers stay for screen readers. */}
        <table className="w-full border-collapse text-left max-sm:block">
          <thead className="bg-surface max-sm:sr-only">
            <tr><th scope="col" className="px-3 py-2">{td.status}</th><th scope="col" className="px-3 py-2">{td.iterDate}</th><th scope="col" className="px-3 py-2">{td.iterNote}</th></tr>
          </thead>
          <tbody className="max-sm:block">
            {d.iter.map((h) => (
              <tr key={h.id} className="border-b border-line max-sm:flex max-sm:flex-wrap max-sm:items-center max-sm:gap-x-3 max-sm:gap-y-1 max-sm:py-2">
                <td className="px-3 py-2 max-sm:p-0"><StatusBadge status={h.toStatus} /></td>
                <td className="whitespace-nowrap px-3 py-2 max-sm:p-0 max-sm:text-sm">{f.dateTime(h.createdAt)}</td>
                <td className="px-3 py-2 max-sm:basis-full max-sm:p-0 max-sm:empty:hidden">{h.message ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {d.fields.length > 0 && (
        <section aria-labelledby="dati">
          <h2 id="dati" className="mb-2 text-xl font-bold">{td.data}</h2>
          <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-2">
            {d.fields.map(({ field, value }) => (
              <div key={field.name}><dt className="font-semibold">{field.label}</dt><dd className="break-words">{displayFieldValue(field, value, f.lang)}</dd></div>
            ))}
          </dl>
        </section>
      )}

      {operatorAnswers.length > 0 && (
        <section aria-labelledby="risposte-operatore" className="space-y-3">
          <h2 id="risposte-operatore" className="text-xl font-bold">{td.operatorData}</h2>
          {operatorAnswers.map((g) => (
            <div key={g.title}>
              <h3 className="font-semibold">{g.title}</h3>
              <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-2">
                {g.rows.map((r) => (
                  <div key={r.label}><dt className="font-semibold">{r.label}</dt><dd className="break-words">{r.value}</dd></div>
                ))}
              </dl>
            </div>
          ))}
        </section>
      )}

      <section aria-labelledby="allegati">
        <h2 id="allegati" className="mb-2 text-xl font-bold">{td.attachments}</h2>
        {d.attachments.length === 0 ? (
          <p>{td.noAttachments}</p>
        ) : (
          <ul className="space-y-1">
            {d.attachments.map((a) => (
              <li key={a.id}>
                <a className="underline" href={fileHref(a.id)}>{a.filename}</a>{" "}
                <span className="text-sm text-muted">— {td.purposes[a.purpose]}, {formatBytes(a.size, f.lang)}, {a.visibleToCitizen ? td.visibleToCitizen : td.notVisible}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="messaggi" className="space-y-3">
        <h2 id="messaggi" className="text-xl font-bold">{td.messages.title}</h2>
        {d.messages.length === 0 ? (
          <p>{td.messages.empty}</p>
        ) : (
          <ol className="space-y-3">
            {d.messages.map((m) => (
              <li key={m.id} className={`rounded-md border p-3 ${m.internal ? "border-warning bg-warning-light" : m.authorKind === "citizen" ? "border-line bg-white" : "border-primary-light bg-primary-light"}`}>
                <p className="text-sm font-semibold">
                  {td.messages[m.authorKind]} · {f.dateTime(m.createdAt)}
                  {m.internal && <span className="ml-2 rounded bg-white px-2 text-warning">{td.messages.internalBadge}</span>}
                </p>
                <p className="whitespace-pre-wrap">{m.body}</p>
                {m.attachments.length > 0 && (
                  <ul className="mt-1 list-disc pl-5">{m.attachments.map((a) => <li key={a.id}><a className="underline" href={fileHref(a.id)}>{a.filename}</a></li>)}</ul>
                )}
              </li>
            ))}
          </ol>
        )}
        {d.can.write && (
          <MessageForm
            endpoint={`${base}/pratiche/${pratica.id}/messaggi`}
            initialOutcome={messageOutcome === "inviato" ? "sent" : messageOutcome === "non-inviato" ? "failed" : undefined}
          />
        )}
      </section>

      {/* The delivery record (notifications helper's component): every email/protocol/webhook about this pratica. */}
      <DeliveryRecord ctx={ctx} praticaId={pratica.id} />
    </article>
  );
}
