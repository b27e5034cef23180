import type { Metadata } from "next";
import type { ComponentProps } from "react";
import Link from "next/link";
import { PostOutcome } from "@/components/admin/post-outcome";
import { DeliverySummary } from "@/components/notifications/delivery-summary";
import { StatusBadge } from "@/components/notifications/status-badge";
import { PageHeader } from "@/components/ui/page-header";
import { requireStaff } from "@/lib/auth/session";
import { adminTexts } from "@/lib/i18n/admin";
import { labelOf, notificationsText } from "@/lib/i18n/notifications";
import { getFormat, getT } from "@/lib/i18n/server";
import { countDeliveries, deliveryFiltersSchema, listDeliveries, OUTBOX_STATUSES, OUTBOX_TOPICS } from "@/lib/notifications/deliveries";
import { EMAIL_KINDS } from "@/lib/notifications/texts";
import { APPOINTMENT_EMAIL_KINDS } from "@/lib/i18n/appointments";
import { retryDeliveryAction } from "./actions";
import { praticaNumber } from "@/lib/pratiche/number";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).nav.notifications };
}

type Search = Record<string, string | string[] | undefined>;

/** A filter's list of choices, "any" first; `options` are [value, label] pairs. */
function FilterSelect({ name, label, any, value, options }: { name: string; label: string; any: string; value: string | undefined; options: readonly (readonly [string, string])[] }) {
  return (
    <div>
      <label className="field-label" htmlFor={`f-${name}`}>
        {label}
      </label>
      <select id={`f-${name}`} name={name} defaultValue={value ?? ""} className="field-input">
        <option value="">{any}</option>
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

function FilterInput({ name, label, value, ...input }: { name: string; label: string; value: string | undefined } & Pick<ComponentProps<"input">, "type" | "inputMode" | "autoComplete">) {
  return (
    <div>
      <label className="field-label" htmlFor={`f-${name}`}>
        {label}
      </label>
      <input id={`f-${name}`} name={name} defaultValue={value ?? ""} className="field-input" {...input} />
    </div>
  );
}
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function NotifichePage({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Search> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  const [t, f] = await Promise.all([getT(notificationsText), getFormat(ente.timezone)]);
  const sp = await searchParams;
  const filters = deliveryFiltersSchema.parse(Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, first(v)])));
  const [{ rows, total, pageSize }, counts] = await Promise.all([listDeliveries(ctx, filters), countDeliveries(ctx)]);
  const query = new URLSearchParams(Object.entries(filters).flatMap(([k, v]) => (v !== undefined && k !== "page" ? [[k, String(v)]] : [])));
  const pageHref = (page: number) => `?${new URLSearchParams([...query.entries(), ["page", String(page)]]).toString()}`;
  const back = `?${query.toString()}`;
  const kinds = [...EMAIL_KINDS, "protocol_builtin", "protocol_external", ...APPOINTMENT_EMAIL_KINDS];
  return (
    <div className="space-y-6">
      <PageHeader title={t.admin.title} intro={t.admin.intro} narrowIntro />
      <PostOutcome search={sp} done="riprovato" doneText={t.admin.retried} />

      <section aria-labelledby="summary-title">
        <h2 id="summary-title" className="sr-only">
          {t.admin.summary}
        </h2>
        <ul className="flex flex-wrap gap-2">
          {OUTBOX_STATUSES.map((s) => (
            <li key={s}>
              <Link href={`?status=${s}`} className="flex items-center gap-2 rounded border border-line px-3 py-1 text-sm no-underline">
                <StatusBadge status={s} /> <span className="font-semibold text-ink">{counts[s] ?? 0}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <form method="get" className="card grid gap-3 sm:grid-cols-3 lg:grid-cols-6" aria-labelledby="filters-title">
        <h2 id="filters-title" className="sr-only">
          {t.admin.filters}
        </h2>
        <FilterSelect name="status" label={t.admin.status} any={t.admin.any} value={filters.status} options={OUTBOX_STATUSES.map((s) => [s, labelOf(t, "status", s)])} />
        <FilterSelect name="topic" label={t.admin.topic} any={t.admin.any} value={filters.topic} options={OUTBOX_TOPICS.map((s) => [s, labelOf(t, "topic", s)])} />
        <FilterSelect name="kind" label={t.admin.kind} any={t.admin.any} value={filters.kind} options={kinds.map((k) => [k, labelOf(t, "kind", k)])} />
        <FilterInput name="pratica" label={t.admin.pratica} value={filters.pratica} inputMode="text" autoComplete="off" />
        <FilterInput name="from" label={t.admin.from} value={filters.from} type="date" />
        <FilterInput name="to" label={t.admin.to} value={filters.to} type="date" />
        <div className="flex gap-2 sm:col-span-3 lg:col-span-6">
          <button type="submit" className="btn-primary">
            {t.admin.apply}
          </button>
          <Link href={`/${ente.slug}/admin/notifiche`} className="btn-secondary">
            {t.admin.reset}
          </Link>
        </div>
      </form>

      <p aria-live="polite" className="text-sm text-muted">
        {t.admin.results({ n: total })}
      </p>
      {rows.length === 0 ? (
        <p>{t.admin.none}</p>
      ) : (
        <ul className="space-y-3">
          {rows.map((r) => (
            <li key={r.id} className="card" data-testid="delivery-row" data-status={r.status}>
              <DeliverySummary
                delivery={r}
                timeZone={ente.timezone}
                actions={
                  r.status === "dead" || (r.status === "pending" && r.attempts > 0) ? (
                    <form action={retryDeliveryAction} className="ml-auto">
                      <input type="hidden" name="ente" value={ente.slug} />
                      <input type="hidden" name="id" value={r.id} />
                      <input type="hidden" name="back" value={back} />
                      <button type="submit" className="btn-secondary">
                        {t.admin.retry}
                        <span className="sr-only"> — {labelOf(t, "kind", r.kind)}</span>
                      </button>
                    </form>
                  ) : null
                }
              >
                <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                  <dt className="text-muted">{t.admin.created}</dt>
                  <dd>{f.dateTime(r.createdAt)}</dd>
                  {r.praticaId ? (
                    <>
                      <dt className="text-muted">{t.admin.pratica}</dt>
                      <dd>
                        <Link href={`?pratica=${r.praticaId}`} className="break-all">
                          {praticaNumber({ id: r.praticaId, numero: r.praticaNumero })}
                        </Link>
                      </dd>
                    </>
                  ) : null}
                  {r.parentId ? (
                    <>
                      <dt className="text-muted">{t.admin.handedOverReason}</dt>
                      <dd className="break-words">{r.handOverReason ?? "—"}</dd>
                    </>
                  ) : null}
                  {r.status === "pending" ? (
                    <>
                      <dt className="text-muted">{t.admin.next}</dt>
                      <dd>{f.dateTime(r.availableAt)}</dd>
                    </>
                  ) : null}
                  {r.lastError && r.status !== "sent" ? (
                    <>
                      <dt className="text-muted">{t.admin.lastError}</dt>
                      <dd className="break-all text-danger-dark">{r.lastError}</dd>
                    </>
                  ) : null}
                </dl>
              </DeliverySummary>
            </li>
          ))}
        </ul>
      )}
      <nav aria-label={t.admin.pages} className="flex gap-3">
        {filters.page > 1 ? <Link href={pageHref(filters.page - 1)}>{t.admin.prev}</Link> : null}
        {filters.page * pageSize < total ? <Link href={pageHref(filters.page + 1)}>{t.admin.more}</Link> : null}
      </nav>
    </div>
  );
}
