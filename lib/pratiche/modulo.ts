import type { Ente, Pratica, Service, User } from "@/db/schema";
import { isLang, LOCALE, pick, type Lang } from "@/lib/i18n";
import { documentTexts } from "@/lib/i18n/documents";
import { renderPdf } from "@/lib/pdf/render";
import { allFields, summarizeFormData, type FormDefinition } from "@/lib/services/form-schema";
import { praticaNumber } from "./number";

/** Documents are written in the municipality's own language, the language of its records. */
function documentLang(ente: Ente): Lang {
  return isLang(ente.defaultLanguage) ? ente.defaultLanguage : "it";
}

function formatDateTime(d: Date, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: "long", timeStyle: "short", timeZone }).format(d);
}

/** The filled-in form (modulo compilato) as sent to the municipality: the citizen's receipt and the registry's document. */
export function renderModulo(ente: Ente, service: Service, pratica: Pratica, applicant: User, definition: FormDefinition, at: Date): Promise<Buffer> {
  const lang = documentLang(ente);
  const t = pick(documentTexts, lang).modulo;
  return renderPdf({
    lang: LOCALE[lang],
    ente: ente.name,
    title: service.name,
    subtitle: t.subtitle({ id: praticaNumber(pratica), at: formatDateTime(at, lang, ente.timezone) }),
    sections: [
      // A form that asks for the applicant itself (prefilled fields, usually a "Richiedente" page) already shows
      // who applied: the account's section would repeat it.
      ...(allFields(definition).some((f) => f.prefill)
        ? []
        : [
            {
              title: t.applicant,
              rows: [
                { label: t.name, value: applicant.name },
                { label: t.codiceFiscale, value: applicant.codiceFiscale ?? "—" },
                { label: t.email, value: applicant.email },
              ],
            },
          ]),
      ...definition.pages.map((page) => ({
        title: page.title,
        rows: summarizeFormData({ pages: [page] }, pratica.formData, lang),
      })),
    ],
    footer: t.footer({ ente: ente.name, version: pratica.formVersion }),
  });
}
