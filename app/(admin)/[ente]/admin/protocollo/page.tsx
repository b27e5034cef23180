import type { Metadata } from "next";
import Link from "next/link";
import { PostOutcome } from "@/components/admin/post-outcome";
import { StatusBadge } from "@/components/notifications/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/session";
import { adminTexts } from "@/lib/i18n/admin";
import { notificationsText } from "@/lib/i18n/notifications";
import { getFormat, getT } from "@/lib/i18n/server";
import { listFailedProtocolEntries, listPendingProtocolRequests } from "@/lib/protocol/requests";
import { retryProtocolAction } from "./actions";
import { praticaNumber } from "@/lib/pratiche/number";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).nav.protocol };
}

export default async function ProtocolloPage({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  const [t, fmt] = await Promise.all([getT(notificationsText), getFormat(ente.timezone)]);
  const sp = await searchParams;
  const [pending, failed] = await Promise.all([listPendingProtocolRequests(ctx), listFailedProtocolEntries(ctx)]);
  const doc = (k: string) => (t.protocol.documentKind as Record<string, string>)[k] ?? k;
  const retryForm = (id: string, what: "request" | "delivery", label: string) => (
    <form action={retryProtocolAction}>
      <input type="hidden" name="ente" value={ente.slug} />
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="what" value={what} />
      <button type="submit" className="btn-secondary">
        {label}
      </button>
    </form>
  );
  return (
    <div className="space-y-8">
      <PageHeader title={t.protocol.title} intro={t.protocol.intro} narrowIntro />
      <PostOutcome search={sp} done="richiesto" doneText={t.protocol.asked} />

      <section aria-labelledby="pending-title">
        <h2 id="pending-title" className="mb-3 text-2xl font-bold">
          {t.protocol.pending} ({pending.length})
        </h2>
        {pending.length === 0 ? (
          <p>{t.protocol.noPending}</p>
        ) : (
          <ul className="space-y-3">
            {pending.map((r) => (
              <li key={r.id} className={`card ${r.overdue ? "border-l-4 border-l-danger" : ""}`} data-testid="protocol-request">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-semibold">{doc(r.documentKind)}</span>
                  <span className="text-sm text-muted">
                    · {t.protocol.direction[r.direction]} · {t.protocol.mode[r.source]}
                  </span>
                  {r.overdue ? <span className="rounded bg-danger px-2 py-0.5 text-xs font-semibold text-white">{t.protocol.overdue}</span> : null}
                  {r.delivery && (r.delivery.status === "dead" || (r.delivery.status === "pending" && r.delivery.attempts > 0)) ? (
                    <div className="ml-auto">{retryForm(r.delivery.outboxId, "delivery", t.admin.retry)}</div>
                  ) : r.overdue ? (
                    <div className="ml-auto">{retryForm(r.id, "request", t.protocol.askAgain)}</div>
                  ) : null}
                </div>
                <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                  <dt className="text-muted">{t.protocol.service}</dt>
                  <dd>{r.serviceName}</dd>
                  <dt className="text-muted">{t.admin.pratica}</dt>
                  <dd>
                    <Link className="break-all" href={`/${ente.slug}/admin/notifiche?pratica=${r.praticaId}`}>
                      {praticaNumber({ id: r.praticaId, numero: r.praticaNumero })}
                    </Link>
                  </dd>
                  <dt className="text-muted">{t.protocol.requested}</dt>
                  <dd>{fmt.dateTime(r.createdAt)}</dd>
                  <dt className="text-muted">{t.protocol.delivery}</dt>
                  <dd className="flex flex-wrap items-center gap-2">
                    {r.delivery ? <StatusBadge status={r.delivery.status} /> : "—"}
                    {r.delivery?.lastError && r.delivery.status !== "sent" ? <span className="break-all text-danger-dark">{r.delivery.lastError}</span> : null}
                  </dd>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="failed-title">
        <h2 id="failed-title" className="mb-3 text-2xl font-bold">
          {t.protocol.failed} ({failed.length})
        </h2>
        {failed.length === 0 ? (
          <p>{t.protocol.noFailed}</p>
        ) : (
          <ul className="space-y-3">
            {failed.map((f) => (
              <li key={f.id} className="card">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-semibold">{doc(f.documentKind)}</span>
                  <span className="text-sm text-muted">· {fmt.dateTime(f.createdAt)}</span>
                  {f.requestId ? <div className="ml-auto">{retryForm(f.requestId, "request", t.protocol.askAgain)}</div> : null}
                </div>
                <p className="mt-1 text-sm">
                  <span className="text-muted">{t.protocol.error}:</span> <span className="text-danger-dark">{f.error ?? "—"}</span>
                </p>
                <p className="text-sm">
                  <span className="text-muted">{t.admin.pratica}:</span> <span className="break-all">{praticaNumber({ id: f.praticaId, numero: f.praticaNumero })}</span>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
