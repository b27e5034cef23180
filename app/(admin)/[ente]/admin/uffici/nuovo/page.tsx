import type { Metadata } from "next";
import Link from "next/link";
import { requireStaff } from "@/lib/auth/session";
import { appointmentsStaffTexts } from "@/lib/i18n/appointments-staff";
import { getT } from "@/lib/i18n/server";
import { createOfficeAction } from "../actions";
import { officeFormOptions } from "../load";
import { OfficeForm } from "../office-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(appointmentsStaffTexts)).offices.newTitle };
}

export default async function NewOfficePage({ params }: { params: Promise<{ ente: string }> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  const t = await getT(appointmentsStaffTexts);
  const options = await officeFormOptions(ctx);
  return (
    <div className="space-y-4">
      <p><Link href={`/${ente.slug}/admin/uffici`}>← {t.offices.back}</Link></p>
      <h1 className="text-3xl font-bold">{t.offices.newTitle}</h1>
      <OfficeForm
        action={createOfficeAction.bind(null, ente.slug)}
        office={null}
        {...options}
        t={t}
        settingsHref={`/${ente.slug}/admin/impostazioni`}
        submitLabel={t.offices.create}
      />
    </div>
  );
}
