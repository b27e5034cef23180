import type { Metadata } from "next";
import Link from "next/link";
import { DashboardTable, type TableRow } from "@/components/backoffice/dashboard-table";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/session";
import { countDashboardTabs, DASHBOARD_TABS, listDashboard, MAX_PAGE, PAGE_SIZES, PAYMENT_FILTERS, type DashboardQuery, type SortKey } from "@/lib/backoffice/dashboard";
import { backoffice } from "@/lib/i18n/backoffice";
import { isCleanText } from "@/lib/edge/text";
import { errorText } from "@/lib/i18n/errors";
import { paymentsStaffTexts } from "@/lib/i18n/payments-staff";
import { getFormat, getT } from "@/lib/i18n/server";
import { takeInChargeAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(backoffice)).dashboard.title };
}
export const dynamic = "force-dynamic";

/** Text columns sort A→Z first, dates newest first. */
const FIRST_DIR: Record<SortKey, "asc" | "desc"> = { servizio: "asc", richiedente: "asc", stato: "asc", inviata: "desc", aggiornata: "desc" };

export default async function DashboardPage({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ente: slug } = await params;
  const { ctx, ente } = await requireStaff(slug, "operator");
  const [t, f, { dashboard: tp }] = await Promise.all([getT(backoffice), getFormat(ente.timezone), getT(paymentsStaffTexts)]);
  const sp = await searchParams;
  const one = (k: string) => (Array.isArray(sp[k]) ? sp[k][0] : sp[k]);
  // A search with text that is not text (NUL, a lone surrogate) is refused on the search field, not sent to the database.
  const searchRefused = !isCleanText(one("q") ?? "");
  const search = searchRefused ? "" : one("q");
  const [page, counts] = await Promise.all([
    listDashboard(ctx, { tab: one("tab"), q: search, sort: one("sort"), dir: one("dir"), page: one("page"), pageSize: one("pageSize"), pay: one("pay") }),
    countDashboardTabs(ctx, search ?? "", one("pay")),
  ]);
  const q = page.query;
  const base = `/${ente.slug}/operatori`;
  const href = (over: Partial<DashboardQuery>) => {
    const v = { ...q, ...over };
    const p = new URLSearchParams({ tab: v.tab });
    if (v.q) p.set("q", v.q);
    if (v.pay) p.set("pay", v.pay);
    p.set("sort", v.sort);
    p.set("dir", v.dir);
    if (v.page > 1) p.set("page", String(v.page));
    if (v.pageSize !== 25) p.set("pageSize", String(v.pageSize));
    return `${base}?${p}`;
  };
  const countText = (c: { count: number; capped: boolean }) => (c.capped ? `${f.number(c.count)}+` : f.number(c.count));
  const current = counts[q.tab];
  const pages = Math.max(1, Math.min(MAX_PAGE, Math.ceil(current.count / q.pageSize)));
  const hasNext = q.page < pages || (current.capped && page.rows.length === q.pageSize && q.page < MAX_PAGE);

  const rows: TableRow[] = page.rows.map((r) => ({
    id: r.id,
    ref: r.numero,
    subject: r.subject,
    applicantName: r.applicantName,
    status: r.status,
    submitted: f.dateTime(r.submittedAt),
    updated: f.dateTime(r.updatedAt),
    action: r.status === 2000 || r.status === 3000 ? (r.awaitingProtocol ? "awaiting" : "take") : "detail",
  }));
  const sortKeys = ["servizio", "richiedente", "stato", "inviata", "aggiornata"] as const;
  const sortHrefs = Object.fromEntries(
    sortKeys.map((k) => [k, href({ sort: k, dir: q.sort === k ? (q.dir === "asc" ? "desc" : "asc") : FIRST_DIR[k], page: 1 })]),
  ) as Record<SortKey, string>;
  const exportParams = new URLSearchParams({ tab: q.tab, sort: q.sort, dir: q.dir, ...(q.q ? { q: q.q } : {}), ...(q.pay ? { pay: q.pay } : {}) });

  return (
    <div className="space-y-5">
      <PageHeader title={t.dashboard.title} intro={t.dashboard.intro} gap={false} />

      <nav aria-label={t.dashboard.tabsLabel}>
        <ul className="flex flex-wrap gap-2 border-b border-line">
          {DASHBOARD_TABS.map((tab) => {
            const active = tab === q.tab;
            return (
              <li key={tab}>
                <Link
                  href={href({ tab, page: 1 })}
                  aria-current={active ? "page" : undefined}
                  className={`-mb-px inline-flex items-center gap-2 border-b-4 px-3 py-2 font-semibold no-underline ${active ? "border-primary text-primary-darker" : "border-transparent text-ink hover:border-line"}`}
                >
                  {t.dashboard.tabs[tab]}
                  <span className={`rounded-full px-2 text-sm ${active ? "bg-primary text-white" : "bg-surface text-ink"}`} data-testid={`count-${tab}`}>{countText(counts[tab])}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      <div className="flex flex-wrap items-end justify-between gap-3">
        <form method="get" action={base} role="search" className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="tab" value={q.tab} />
          <input type="hidden" name="sort" value={q.sort} />
          <input type="hidden" name="dir" value={q.dir} />
          <div>
            <label htmlFor="q" className="field-label">{t.dashboard.searchLabel}</label>
            <input id="q" name="q" type="search" key={q.q} defaultValue={q.q} maxLength={100} className="field-input w-72 max-w-full" aria-describedby={searchRefused ? "q-error q-hint" : "q-hint"} aria-invalid={searchRefused || undefined} />
            {searchRefused && <p id="q-error" role="alert" className="field-error">{errorText("field.control_chars", {}, f.lang)}</p>}
            <p id="q-hint" className="mt-1 text-sm text-muted">{t.dashboard.searchHint}</p>
          </div>
          <div className="mb-6">
            <label htmlFor="pay" className="field-label">{tp.filter}</label>
            <select id="pay" name="pay" key={q.pay ?? ""} defaultValue={q.pay ?? ""} className="field-input">
              <option value="">{tp.any}</option>
              {PAYMENT_FILTERS.map((p) => <option key={p} value={p}>{tp.options[p]}</option>)}
            </select>
          </div>
          <div className="mb-6 flex gap-2">
            <button type="submit" className="btn-primary">{t.dashboard.search}</button>
            {(q.q || q.pay) && <Link href={href({ q: "", pay: undefined, page: 1 })} className="btn-secondary">{t.dashboard.clear}</Link>}
          </div>
        </form>
        <a href={`${base}/export?${exportParams}`} className="btn-secondary mb-6" download>
          {t.dashboard.export}<span className="sr-only"> ({t.dashboard.exportHint})</span>
        </a>
      </div>

      {/* Phones: the table becomes a list of cards without column headers, so sorting gets its own control. */}
      <form method="get" action={base} className="flex flex-wrap items-end gap-2 md:hidden">
        <input type="hidden" name="tab" value={q.tab} />
        {q.q && <input type="hidden" name="q" value={q.q} />}
        {q.pay && <input type="hidden" name="pay" value={q.pay} />}
        <div>
          <label htmlFor="sort-phone" className="field-label">{t.dashboard.sortLabel}</label>
          <select id="sort-phone" name="sort" defaultValue={q.sort} className="field-input">
            {sortKeys.map((k) => <option key={k} value={k}>{t.dashboard.columns[k]}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor="dir-phone" className="field-label">{t.dashboard.dirLabel}</label>
          <select id="dir-phone" name="dir" defaultValue={q.dir} className="field-input">
            <option value="asc">{t.dashboard.sortedAsc}</option>
            <option value="desc">{t.dashboard.sortedDesc}</option>
          </select>
        </div>
        <button type="submit" className="btn-secondary">{t.dashboard.apply}</button>
      </form>

      <DashboardTable
        rows={rows}
        tab={q.tab}
        count={countText(current)}
        empty={q.q || q.pay ? "search" : page.services.length === 0 ? "noServices" : "tab"}
        sort={q.sort}
        dir={q.dir}
        sortHrefs={sortHrefs}
        detailBase={`${base}/pratiche`}
        takeAction={takeInChargeAction.bind(null, ente.slug)}
      />

      <nav aria-label={t.dashboard.pagination} className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm">{t.dashboard.page({ page: f.number(q.page), pages: current.capped ? `${f.number(pages)}+` : f.number(pages) })}</p>
        <div className="flex flex-wrap items-center gap-2">
          {q.page > 1 ? <Link className="btn-secondary px-3 py-1" href={href({ page: q.page - 1 })}>{t.dashboard.previous}</Link> : <span className="btn-secondary px-3 py-1 opacity-50" aria-disabled="true">{t.dashboard.previous}</span>}
          {hasNext ? <Link className="btn-secondary px-3 py-1" href={href({ page: q.page + 1 })}>{t.dashboard.next}</Link> : <span className="btn-secondary px-3 py-1 opacity-50" aria-disabled="true">{t.dashboard.next}</span>}
          <span className="text-sm">{t.dashboard.pageSize}:</span>
          {PAGE_SIZES.map((n) => (
            <Link key={n} href={href({ pageSize: n, page: 1 })} aria-current={n === q.pageSize ? "true" : undefined} className={`px-2 text-sm ${n === q.pageSize ? "font-bold text-ink no-underline" : ""}`}>{n}</Link>
          ))}
        </div>
      </nav>
    </div>
  );
}
