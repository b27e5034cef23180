import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { requireEnte } from "@/lib/auth/session";
import { getLang } from "@/lib/i18n/server";

const PAGES = {
  privacy: {
    it: { title: "Informativa sul trattamento dei dati personali", body: (e: string) => [`Titolare del trattamento è il ${e}. I dati inseriti nelle pratiche sono trattati solo per istruire e concludere il procedimento richiesto, ai sensi del Regolamento (UE) 2016/679 e del D.Lgs. 196/2003.`, "Le email che ricevi non contengono i dati del modulo: per leggerli accedi all'area personale. Puoi scegliere di ricevere gli avvisi solo nell'area personale dal tuo profilo.", "Puoi esercitare i diritti di accesso, rettifica e cancellazione scrivendo all'indirizzo di posta del Comune indicato in fondo alla pagina."] },
    en: { title: "Privacy notice", body: (e: string) => [`The data controller is ${e}. The data you enter is processed only to handle the procedure you request, under Regulation (EU) 2016/679.`, "Emails you receive never contain your form data: sign in to your personal area to read it. You can choose to receive notices only in your personal area from your profile.", "You may exercise your rights of access, rectification and erasure by writing to the municipality's address at the bottom of the page."] },
  },
  "note-legali": {
    it: { title: "Note legali", body: (e: string) => [`I contenuti di questo sito sono del ${e} e sono pubblicati con licenza CC BY 4.0, salvo diversa indicazione.`, "Il software Stanza è distribuito con licenza EUPL 1.2."] },
    en: { title: "Legal notes", body: (e: string) => [`The contents of this site belong to ${e} and are published under CC BY 4.0 unless stated otherwise.`, "The Stanza software is distributed under the EUPL 1.2 licence."] },
  },
  accessibilita: {
    it: { title: "Dichiarazione di accessibilità", body: (e: string) => [`Il ${e} si impegna a rendere accessibile questo sito conformemente alla Legge 4/2004 e alle linee guida AgID (WCAG 2.1 livello AA).`, "Le pagine sono verificate automaticamente con axe-core a ogni modifica del software e sono utilizzabili da tastiera e su smartphone.", "Per segnalare un problema di accessibilità scrivi all'indirizzo email del Comune indicato in fondo alla pagina."] },
    en: { title: "Accessibility statement", body: (e: string) => [`${e} is committed to making this site accessible under Italian Law 4/2004 and AgID's guidelines (WCAG 2.1 level AA).`, "Pages are checked automatically with axe-core on every change of the software and work with a keyboard and on phones.", "To report an accessibility problem, write to the municipality's email address at the bottom of the page."] },
  },
} as const;

export default async function InfoPage({ params }: { params: Promise<{ ente: string; page: string }> }) {
  const { ente: slug, page } = await params;
  const { ente } = await requireEnte(slug);
  if (!(page in PAGES)) notFound();
  const lang = await getLang();
  const content = PAGES[page as keyof typeof PAGES][lang];
  return (
    <article className="max-w-3xl">
      <Breadcrumbs label={lang === "it" ? "Percorso di navigazione" : "Breadcrumb"} items={[{ href: `/${ente.slug}`, label: "Home" }, { label: content.title }]} />
      <h1 className="mb-4 text-3xl font-bold">{content.title}</h1>
      {content.body(ente.name).map((p) => (
        <p key={p} className="mb-3">{p}</p>
      ))}
    </article>
  );
}
