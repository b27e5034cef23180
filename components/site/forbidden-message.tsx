import Link from "next/link";
import type { Lang } from "@/lib/i18n";

/** What a signed-in user sees (with HTTP 403) on a page their role does not allow. */
export function ForbiddenMessage({ lang, home }: { lang: Lang; home: string }) {
  const it = lang === "it";
  return (
    <div className="max-w-2xl">
      <h1 className="mb-2 text-3xl font-bold">{it ? "Accesso non consentito" : "Access not allowed"}</h1>
      <p className="mb-6">
        {it
          ? "Il tuo utente non ha i permessi per questa pagina. Se pensi sia un errore, contatta l'amministrazione del Comune."
          : "Your account is not allowed to see this page. If you think this is a mistake, contact the municipality."}
      </p>
      <Link href={home} className="btn-primary">{it ? "Torna alla home" : "Back to home"}</Link>
    </div>
  );
}
