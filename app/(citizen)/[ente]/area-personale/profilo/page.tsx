import type { Metadata } from "next";
import { ProfileForm } from "@/components/portal/profile-form";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { requireCitizen } from "@/lib/auth/session";
import { common } from "@/lib/i18n/common";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";
import { saveProfileAction } from "./actions";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(portal)).profileTitle };
}
export const dynamic = "force-dynamic";

export default async function Profile({ params }: { params: Promise<{ ente: string }> }) {
  const { ente: slug } = await params;
  const { ente, user } = await requireCitizen(slug, `/${slug}/area-personale/profilo`);
  const [t, c] = await Promise.all([getT(portal), getT(common)]);
  return (
    <div className="max-w-2xl">
      <Breadcrumbs items={[{ href: `/${ente.slug}`, label: c.home }, { href: `/${ente.slug}/area-personale`, label: t.personalArea }, { label: t.profileTitle }]} />
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
            ioEnabled: user.ioEnabled,
            pecAddress: user.pecAddress ?? "",
          }}
        />
      </div>
    </div>
  );
}
