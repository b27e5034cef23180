import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/admin/audit-table";
import { PageHeader } from "@/components/ui/page-header";
import { cleanAuditFilter, listAudit } from "@/lib/admin/audit";
import { requireStaff } from "@/lib/auth/session";
import { ValidationError } from "@/lib/errors";
import { adminTexts } from "@/lib/i18n/admin";
import { errorText } from "@/lib/i18n/errors";
import { getLang, getT } from "@/lib/i18n/server";
import { filterQuery } from "@/lib/format/query";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(adminTexts)).nav.audit };
}

const FILTER_KEYS = ["action", "actorKind", "actorId", "targetType", "targetId", "from", "to"] as const;

export default async function AuditPage({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  // The language of the error texts below (the catalogue takes it as an argument).
  const [lang, { audit: t }] = await Promise.all([getLang(), getT(adminTexts)]);
  const sp = await searchParams;
  const raw = Object.fromEntries(Object.entries(sp).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const filter = cleanAuditFilter(Object.fromEntries([...FILTER_KEYS, "before"].map((k) => [k, raw[k]])));
  let error: string | null = null;
  let result: Awaited<ReturnType<typeof listAudit>> = { rows: [], nextBefore: null };
  try {
    result = await listAudit(ctx, { ...filter, limit: 100 });
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    error = `${errorText(e.code, e.params, lang)}: ${e.fieldErrors.map((f) => `${f.path} (${errorText(f.code, f.params ?? {}, lang)})`).join(", ")}`;
  }
  const base = `/${ente.slug}/admin/registro`;
  const qs = filterQuery(filter, FILTER_KEYS);
  const input = (k: (typeof FILTER_KEYS)[number], label: string, type = "text", help?: string) => (
    <div>
      <label htmlFor={`a-${k}`} className="field-label text-sm">{label}</label>
      <input id={`a-${k}`} name={k} type={type} defaultValue={String(filter[k] ?? "")} aria-describedby={help ? `a-${k}-help` : undefined} className="field-input" />
      {help && <p id={`a-${k}-help`} className="mt-1 text-xs text-muted">{help}</p>}
    </div>
  );
  return (
    <div className="space-y-6">
      <PageHeader title={t.title} intro={t.intro} />
      <form method="get" action={base} className="card grid gap-3 sm:grid-cols-2 lg:grid-cols-4" role="search" aria-label={t.filter}>
        {input("action", t.action, "text", t.actionHelp)}
        <div>
          <label htmlFor="a-actorKind" className="field-label text-sm">{t.actorKind}</label>
          <select id="a-actorKind" name="actorKind" defaultValue={filter.actorKind ?? ""} className="field-input">
            <option value="">{t.any}</option>
            {(["admin", "operator", "citizen", "partner", "system"] as const).map((k) => <option key={k} value={k}>{t.actorKinds[k]}</option>)}
          </select>
        </div>
        {input("targetType", t.targetType)}
        {input("targetId", t.targetId)}
        {input("actorId", t.actorId)}
        {input("from", t.from, "date")}
        {input("to", t.to, "date")}
        <div className="flex flex-wrap items-end gap-2">
          <button type="submit" className="btn-primary">{t.filter}</button>
          <Link href={base} className="btn-secondary">{t.reset}</Link>
        </div>
      </form>
      <p>
        <a href={`${base}/csv${qs({})}`} className="btn-secondary" download>{t.export}</a>
      </p>
      {error && <p role="alert" className="rounded-md border-2 border-danger bg-danger-light p-3 font-semibold text-danger-dark">{error}</p>}
      <AuditTable rows={result.rows} timeZone={ente.timezone} />
      <nav aria-label={t.title} className="flex gap-3">
        {filter.before ? <Link href={`${base}${qs({})}`} className="btn-secondary">{t.first}</Link> : null}
        {result.nextBefore && <Link href={`${base}${qs({ before: result.nextBefore })}`} className="btn-secondary">{t.next}</Link>}
      </nav>
    </div>
  );
}
