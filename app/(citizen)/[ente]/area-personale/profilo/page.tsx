import type { Metadata } from "next";
import { ProfileForm } from "@/components/portal/profile-form";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { requireCitizen } from "@/lib/auth/session";
import { pick } from "@/lib/i18n";
import { common } from "@/lib/i18n/common";
import { portal } from "@/lib/i18n/portal";
import { getLang } from "@/lib/i18n/server";
import { saveProfileAction } from "./actions";

export const metadata: Metadata = { title: "Il mio profilo" };
export const dynamic = "force-dynamic";

export default async function Profile({ params }: { params: Promise<{ ente: string }> }) {
  const { ente: slug } = await params;
  const { ente, user } = await requireCitizen(slug, `/${slug}/area-personale/profilo`);
  const lang = await getLang();
  const t = pick(portal, lang);
  const c = pick(common, lang);
  return (
    <div className="max-w-2xl">
      <Breadcrumbs label={t.breadcrumb} items={[{ href: `/${ente.slug}`, label: c.home }, { href: `/${ente.slug}/area-personale`, label: t.personalArea }, { label: t.profileTitle }]} />
      <h1 className="mb-2 text-3xl font-bold">{t.profileTitle}</h1>
      <p className="mb-6">{t.profileIntro}</p>
      <div className="card">
        <ProfileForm
          action={saveProfileAction}
          ente={ente.slug}
          user={{
            name: user.name,
            email: user.email.endsWith(".invalid") ? "" : user.email,
            phone: user.phone ?? "",
            codiceFiscale: user.codiceFiscale,
            language: user.language,
            emailNotifications: user.emailNotifications,
          }}
          t={{
            cf: t.cf, cfMissing: t.cfMissing, name: t.name, nameFromIdentity: t.nameFromIdentity, email: t.email, phone: t.phone, language: t.language,
            notifications: t.notifications, notifyEmail: t.notifyEmail, notifyPortal: t.notifyPortal, save: t.save, saved: t.saved, profileErrors: t.profileErrors,
          }}
        />
      </div>
    </div>
  );
}
