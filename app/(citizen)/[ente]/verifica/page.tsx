import type { Metadata } from "next";
import { z } from "zod";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { getSealInfo } from "@/lib/acts/certificate";
import { readVerdict } from "@/lib/acts/verdict";
import { VERIFY_MAX_BYTES } from "@/lib/acts/verify";
import { requireEnte } from "@/lib/auth/session";
import { actTexts } from "@/lib/i18n/acts";
import { common } from "@/lib/i18n/common";
import { errorTextFromUrl } from "@/lib/i18n/errors";
import { getFormat, getLang, getT } from "@/lib/i18n/server";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(actTexts)).verify.title };
}
export const dynamic = "force-dynamic";

const querySchema = z.object({
  esito: z.string().max(4000).optional().catch(undefined),
  errore: z.string().max(100).optional().catch(undefined),
});

/**
 * Anyone holding one of the ente's acts checks it here: a plain form (no script) posts the PDF to
 * ./verifica/documento, which answers with this page and the signed verdict.
 */
export default async function VerifyPage({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { db, ente } = await requireEnte((await params).ente);
  const [T, c, f, lang] = await Promise.all([getT(actTexts), getT(common), getFormat(ente.timezone), getLang()]);
  const t = T.verify;
  const query = querySchema.parse(await searchParams);
  const [verdict, seal] = await Promise.all([query.esito ? readVerdict(db, ente, query.esito) : null, getSealInfo(db, ente.id)]);
  const error = query.errore ? errorTextFromUrl(query.errore, lang) : null;
  return (
    <>
      <Breadcrumbs items={[{ href: `/${ente.slug}`, label: c.home }, { label: t.title }]} />
      <h1 className="mb-2 text-3xl font-bold">{t.title}</h1>
      <p className="mb-6 max-w-3xl text-lg">{t.intro}</p>

      {verdict && (
        <section id="esito" aria-labelledby="esito-titolo" tabIndex={-1} className={`mb-6 max-w-3xl rounded-md border-l-4 p-4 ${verdict.valid ? "border-success bg-success-light" : "border-danger-dark bg-danger-light"}`}>
          <h2 id="esito-titolo" className={`mb-2 text-2xl font-bold ${verdict.valid ? "text-success" : "text-danger-dark"}`}>{verdict.valid ? t.valid : t.invalid}</h2>
          <p className="mb-3">{verdict.valid ? t.validText : t.reasons[verdict.reason ?? "unreadable"]}</p>
          {(verdict.seal || verdict.act) && (
            <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
              {verdict.seal && (
                <>
                  <dt className="font-semibold">{t.sealedBy}</dt>
                  <dd>{verdict.seal.subject}</dd>
                  {verdict.seal.signedAt && (
                    <>
                      <dt className="font-semibold">{t.sealedAt}</dt>
                      <dd>{f.dateTime(verdict.seal.signedAt)}</dd>
                    </>
                  )}
                </>
              )}
              {verdict.act && (
                <>
                  <dt className="font-semibold">{t.pratica}</dt>
                  <dd>{verdict.act.praticaNumero}</dd>
                  {verdict.act.protocolNumber && (
                    <>
                      <dt className="font-semibold">{t.protocol}</dt>
                      <dd>
                        {verdict.act.protocolNumber}
                        {verdict.act.protocolDate ? ` — ${f.date(verdict.act.protocolDate)}` : ""}
                      </dd>
                    </>
                  )}
                  <dt className="font-semibold">{t.issuedAt}</dt>
                  <dd>{f.dateTime(verdict.act.issuedAt)}</dd>
                </>
              )}
            </dl>
          )}
          {verdict.valid && verdict.act && !verdict.act.sealed && <p className="mt-3">{t.notSealed}</p>}
        </section>
      )}

      <form action={`/${ente.slug}/verifica/documento`} method="post" encType="multipart/form-data" className="card mb-6 max-w-3xl space-y-4">
        {error && (
          <p id="documento-error" role="alert" className="rounded-md border-l-4 border-danger-dark bg-danger-light p-3 font-semibold text-danger-dark">
            {error}
          </p>
        )}
        <div>
          <label htmlFor="documento" className="field-label">{t.file}</label>
          <p id="documento-hint" className="mb-1 text-sm text-muted">{t.fileHint({ mb: VERIFY_MAX_BYTES / 1024 / 1024 })}</p>
          <input
            id="documento"
            name="documento"
            type="file"
            required
            accept="application/pdf,.pdf"
            aria-describedby={error ? "documento-hint documento-error" : "documento-hint"}
            aria-invalid={error ? true : undefined}
            className="field-input"
          />
        </div>
        <button type="submit" className="btn-primary">{t.submit}</button>
      </form>

      <section aria-labelledby="certificato" className="max-w-3xl">
        <h2 id="certificato" className="mb-2 text-xl font-bold">{t.certificate}</h2>
        {seal ? (
          <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
            <dt className="font-semibold">{t.sealedBy}</dt>
            <dd>{seal.subject}</dd>
            <dt className="font-semibold">{t.validUntil}</dt>
            <dd>{f.date(seal.notAfter)}</dd>
            <dt className="font-semibold">{t.fingerprint}</dt>
            <dd className="break-all font-mono text-sm">{seal.fingerprint}</dd>
          </dl>
        ) : (
          <p>{t.noSeal}</p>
        )}
      </section>
    </>
  );
}
