import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { getOffice } from "@/lib/appointments/offices";
import { requireStaff } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";
import { appointmentsStaffTexts } from "@/lib/i18n/appointments-staff";
import { getT } from "@/lib/i18n/server";
import { updateOfficeAction } from "../actions";
import { officeFormOptions } from "../load";
import { OfficeForm } from "../office-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(appointmentsStaffTexts)).offices.pageTitle };
}

export default async function OfficePage({ params, searchParams }: { params: Promise<{ ente: string; id: string }>; searchParams: Promise<{ creato?: string }> }) {
  const p = await params;
  const { ctx, ente } = await requireStaff(p.ente, "admin");
  const id = z.uuid().safeParse(p.id);
  if (!id.success) notFound();
  const t = await getT(appointmentsStaffTexts);
  const office = await getOffice(ctx, id.data).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const options = await officeFormOptions(ctx);
  const created = (await searchParams).creato === "1";
  return (
    <div className="space-y-4">
      <p><Link href={`/${ente.slug}/admin/uffici`}>← {t.offices.back}</Link></p>
      <h1 className="text-3xl font-bold">{office.name}</h1>
      {created ? <p role="status" className="rounded-md border-2 border-success bg-success-light p-3 font-semibold text-success">{t.offices.created}</p> : null}
      <OfficeForm
        action={updateOfficeAction.bind(null, ente.slug, office.id)}
        office={office}
        {...options}
        t={t}
        settingsHref={`/${ente.slug}/admin/impostazioni`}
        submitLabel={t.offices.save}
      />
    </div>
  );
}
