import type { Metadata } from "next";
import { PaymentList } from "@/components/payments/payment-list";
import { PaymentNotices } from "@/components/payments/payment-notices";
import { PersonalAreaHeader } from "@/components/portal/personal-area-header";
import { requireCitizen } from "@/lib/auth/session";
import { paymentsCitizen } from "@/lib/i18n/payments-citizen";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";
import { countMyUnreadThreads } from "@/lib/portal/personal-area";
import { listMyPayments } from "@/lib/payments/workflow";

export async function generateMetadata(): Promise<Metadata> {
  const [t, P] = await Promise.all([getT(portal), getT(paymentsCitizen)]);
  return { title: `${P.pageTitle} - ${t.personalArea}` };
}
export const dynamic = "force-dynamic";

/** "Pagamenti": every payment of the citizen's pratiche, newest first, to pay, print the notice or get the receipt. */
export default async function Payments({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ente: slug } = await params;
  const { ente, user, ctx } = await requireCitizen(slug, `/${slug}/area-personale/pagamenti`);
  const [P, payments, unread] = await Promise.all([getT(paymentsCitizen), listMyPayments(ctx), countMyUnreadThreads(ctx)]);
  const q = await searchParams;
  return (
    <>
      <PersonalAreaHeader ente={ente.slug} name={user.name} current="payments" unreadThreads={unread} />
      <PaymentNotices esito={q.esito} errore={q["pagamento-errore"]} />
      <section aria-labelledby="pagamenti" className="max-w-4xl">
        <h2 id="pagamenti" className="mb-1 text-2xl font-bold">{P.pageTitle}</h2>
        <p className="mb-4">{P.pageIntro}</p>
        {payments.length === 0 ? <p>{P.none}</p> : <PaymentList payments={payments} ente={ente.slug} timeZone={ente.timezone} back="pagamenti" showPratica />}
      </section>
    </>
  );
}
