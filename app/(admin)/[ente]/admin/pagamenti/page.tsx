import type { Metadata } from "next";
import Link from "next/link";
import { DataTable, type DataTableColumn } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";
import { listServiceOptions } from "@/lib/admin/service-options";
import { requireStaff } from "@/lib/auth/session";
import { ValidationError } from "@/lib/errors";
import { errorText } from "@/lib/i18n/errors";
import { paymentsStaffTexts } from "@/lib/i18n/payments-staff";
import { getFormat, getLang, getT } from "@/lib/i18n/server";
import { cleanPaymentFilter, listPaymentsAdmin, listStuckPayments, PAYMENT_STATUS_VALUES, type PaymentListRow } from "@/lib/payments/admin-list";
import { formatEuroCents } from "@/lib/payments/euro";
import { formatNoticeCode } from "@/lib/payments/iuv";
import { filterQuery } from "@/lib/format/query";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(paymentsStaffTexts)).list.pageTitle };
}
export const dynamic = "force-dynamic";

const FILTER_KEYS = ["status", "serviceId", "from", "to"] as const;

/** The ente's payments: filters, one page of the list, the CSV for the accounts office, the stuck positions. */
export default async function PaymentsAdminPage({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  const [T, f, lang, sp] = await Promise.all([getT(paymentsStaffTexts), getFormat(ente.timezone), getLang(), searchParams]);
  const t = T.list;
  const filter = cleanPaymentFilter(Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])));
  let error: string | null = null;
  let result: Awaited<ReturnType<typeof listPaymentsAdmin>> = { rows: [], total: 0, page: 1, pageSize: 50 };
  try {
    result = await listPaymentsAdmin(ctx, filter);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    error = `${errorText(e.code, e.params, lang)}: ${e.fieldErrors.map((fe) => errorText(fe.code, fe.params ?? {}, lang)).join(", ")}`;
  }
  const [serviceOptions, stuck] = await Promise.all([listServiceOptions(ctx), listStuckPayments(ctx)]);
  const base = `/${ente.slug}/admin/pagamenti`;
  const qs = filterQuery(filter, FILTER_KEYS);
  // Drafts waiting for an upfront payment have no detail page yet: their short reference is plain text.
  const praticaRef = (r: PaymentListRow) =>
    r.praticaSubmitted ? <Link href={`/${ente.slug}/operatori/pratiche/${r.praticaId}`} className="font-semibold">{r.praticaNumero}</Link> : <span className="font-semibold">{r.praticaNumero}</span>;
  const columns: DataTableColumn<PaymentListRow>[] = [
    { header: t.pratica, cell: praticaRef, className: "whitespace-nowrap" },
    { header: t.citizen, cell: (r) => <>{r.citizenName}{r.citizenFiscalCode ? <div className="font-mono text-xs text-muted">{r.citizenFiscalCode}</div> : null}</> },
    { header: t.causale, cell: (r) => <>{r.causale}<div className="text-xs text-muted">{r.serviceName}</div></> },
    { header: t.amount, cell: (r) => formatEuroCents(r.amountCents, lang), numeric: true, className: "whitespace-nowrap" },
    { header: t.state, cell: (r) => T.status[r.status], className: "font-semibold" },
    { header: t.noticeCode, cell: (r) => formatNoticeCode(r.noticeCode), className: "whitespace-nowrap font-mono text-xs" },
    { header: t.iuv, cell: (r) => r.iuv, className: "font-mono text-xs" },
    { header: t.created, cell: (r) => f.dateTime(r.createdAt), className: "whitespace-nowrap" },
    { header: t.paidAt, cell: (r) => (r.paidAt ? f.dateTime(r.paidAt) : "—"), className: "whitespace-nowrap" },
  ];
  const first = result.total === 0 ? 0 : (result.page - 1) * result.pageSize + 1;
  const last = Math.min(result.page * result.pageSize, result.total);
  return (
    <div className="space-y-6">
      <PageHeader title={t.title} intro={t.intro} narrowIntro />
      <p><Link href={`${base}/impostazioni`}>{t.settingsLink}</Link></p>
      <form method="get" action={base} className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-5" role="search" aria-label={t.filter}>
        <div>
          <label htmlFor="p-status" className="field-label text-sm">{t.statusFilter}</label>
          <select id="p-status" name="status" defaultValue={filter.status ?? ""} className="field-input">
            <option value="">{t.any}</option>
            {PAYMENT_STATUS_VALUES.map((s) => <option key={s} value={s}>{T.status[s]}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="p-serviceId" className="field-label text-sm">{t.service}</label>
          <select id="p-serviceId" name="serviceId" defaultValue={filter.serviceId ?? ""} className="field-input">
            <option value="">{t.any}</option>
            {serviceOptions.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="p-from" className="field-label text-sm">{t.from}</label>
          <input id="p-from" name="from" type="date" defaultValue={filter.from ?? ""} className="field-input" />
        </div>
        <div>
          <label htmlFor="p-to" className="field-label text-sm">{t.to}</label>
          <input id="p-to" name="to" type="date" defaultValue={filter.to ?? ""} className="field-input" />
        </div>
        <div className="flex flex-wrap items-end gap-2">
          <button type="submit" className="btn-primary">{t.apply}</button>
          <Link href={base} className="btn-secondary">{t.reset}</Link>
        </div>
      </form>
      <p><a href={`${base}/csv${qs({})}`} className="btn-secondary" download>{t.csv}</a></p>
      {error && <p role="alert" className="rounded-md border-2 border-danger bg-danger-light p-3 font-semibold text-danger-dark">{error}</p>}
      {result.rows.length === 0 ? (
        <p className="card">{t.empty}</p>
      ) : (
        <>
          <p role="status" className="text-muted">{t.count({ from: first, to: last, total: result.total })}</p>
          <DataTable caption={t.caption} rows={result.rows} rowKey={(r) => r.id} columns={columns} minWidth="44rem" />
        </>
      )}
      {(result.page > 1 || last < result.total) && (
        <nav aria-label={t.pagination} className="flex flex-wrap gap-3">
          {result.page > 1 && <Link href={`${base}${qs({ page: result.page - 1 })}`} className="btn-secondary">{t.prev}</Link>}
          {last < result.total && <Link href={`${base}${qs({ page: result.page + 1 })}`} className="btn-secondary">{t.next}</Link>}
        </nav>
      )}
      <section aria-labelledby="bloccate" className="space-y-3">
        <h2 id="bloccate" className="text-xl font-bold">{t.stuck}</h2>
        <p className="text-muted">{t.stuckIntro}</p>
        {stuck.length === 0 ? (
          <p className="card">{t.stuckNone}</p>
        ) : (
          <ul className="space-y-3">
            {stuck.map((s) => (
              <li key={s.id} className="card border-warning" data-testid="stuck-payment">
                <p className="font-semibold text-ink">{t.stuckKinds[s.stuck]}</p>
                <p>
                  {praticaRef(s)} · {s.causale} · {formatEuroCents(s.amountCents, lang)} · {T.status[s.status]}
                </p>
                <p className="text-sm text-muted">
                  {t.created}: {f.dateTime(s.createdAt)} · {t.dueDate}: {f.date(new Date(`${s.dueDate}T12:00:00Z`))}
                  {s.paidAt ? ` · ${t.paidAt}: ${f.dateTime(s.paidAt)}` : ""} · <span className="font-mono">{formatNoticeCode(s.noticeCode)}</span>
                </p>
                {s.lastError && <p className="text-sm text-danger-dark">{t.lastError}: {s.lastError}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
