import type { Ente, Pratica, Service, User } from "@/db/schema";
import { renderPdf } from "@/lib/pdf/render";
import { summarizeFormData, type FormDefinition } from "@/lib/services/form-schema";
import { summarizeOperatorData } from "@/lib/services/operator-steps";

function formatDateTime(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("it-IT", { dateStyle: "long", timeStyle: "short", timeZone }).format(d);
}

/** The filled-in form (modulo compilato) as sent to the municipality: the citizen's receipt and the registry's document. */
export function renderModulo(ente: Ente, service: Service, pratica: Pratica, applicant: User, definition: FormDefinition, at: Date): Promise<Buffer> {
  return renderPdf({
    ente: ente.name,
    title: service.name,
    subtitle: `Pratica ${pratica.id} — inviata il ${formatDateTime(at, ente.timezone)}`,
    sections: [
      {
        title: "Richiedente",
        rows: [
          { label: "Nome e cognome", value: applicant.name },
          { label: "Codice fiscale", value: applicant.codiceFiscale ?? "—" },
          { label: "Email", value: applicant.email },
        ],
      },
      ...definition.pages.map((page) => ({
        title: page.title,
        rows: summarizeFormData({ pages: [page] }, pratica.formData),
      })),
    ],
    footer: `Documento generato da Stanza per ${ente.name}. Modulo versione ${pratica.formVersion}.`,
  });
}

/** The response document generated when an operator concludes a pratica. */
export function renderEsito(ente: Ente, service: Service, pratica: Pratica, applicant: User, at: Date): Promise<Buffer> {
  const accepted = pratica.outcome === "accepted";
  return renderPdf({
    ente: ente.name,
    title: `Esito della pratica: ${accepted ? "accettata" : "rifiutata"}`,
    subtitle: `${service.name} — pratica ${pratica.id}`,
    sections: [
      { title: "Destinatario", rows: [{ label: "Nome e cognome", value: applicant.name }, { label: "Codice fiscale", value: applicant.codiceFiscale ?? "—" }] },
      { title: "Esito", text: accepted ? "La richiesta è stata accolta." : "La richiesta non è stata accolta." },
      { title: "Motivazione", text: pratica.motivation ?? "—" },
      // The answers to the service's own Elabora steps (none for decisions taken without them, e.g. by a partner).
      ...(Object.keys(pratica.operatorData ?? {}).length > 0 ? summarizeOperatorData(service.operatorSteps, pratica.operatorData) : []),
    ],
    footer: `${ente.name} — documento generato il ${formatDateTime(at, ente.timezone)}.`,
  });
}
