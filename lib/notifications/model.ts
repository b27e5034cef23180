import type { EmailModel, EnteBrand } from "@/emails";
import { previewLine } from "@/emails/preview-line";
import type { Ente, Service } from "@/db/schema";
import { fill, formatDate, formatDateTime, isLang, pick, type Lang } from "@/lib/i18n";
import { praticaNumberTexts } from "@/lib/i18n/pratica-number";
import { statusLabel } from "@/lib/workflow/states";
import { emailLabels, fillPlaceholders, kindText, type EmailKind, type PlaceholderValues } from "./texts";

/** Notices whose wording an admin may override or switch off per service and per status (services.emailTexts). */
export const STATUS_NOTICE_KINDS: readonly EmailKind[] = ["receipt", "taken_in_charge", "integration_requested", "outcome_ready", "withdrawn", "reopened", "revoked"];

export function pickLang(preferred: string | null | undefined, ente: Pick<Ente, "defaultLanguage">): Lang {
  if (isLang(preferred)) return preferred;
  return isLang(ente.defaultLanguage) ? ente.defaultLanguage : "it";
}

export function brandOf(ente: Ente, appUrl: string): EnteBrand {
  const logo = ente.logoUrl ? (/^https?:\/\//.test(ente.logoUrl) ? ente.logoUrl : `${appUrl}${ente.logoUrl.startsWith("/") ? "" : "/"}${ente.logoUrl}`) : null;
  return {
    name: ente.name,
    logoUrl: logo,
    primaryColor: /^#[0-9a-fA-F]{6}$/.test(ente.primaryColor) ? ente.primaryColor : "#0066cc",
    address: ente.address,
    email: ente.email,
    pec: ente.pec,
    phone: ente.phone,
    website: ente.website,
  };
}

export type PraticaFacts = {
  /** The pratica's number as people read it (praticaNumber): what `%pratica_id%` and the details show. */
  id: string;
  status: number;
  service: Pick<Service, "name" | "maxResponseDays" | "emailTexts">;
  protocol: { number: string; registeredAt: Date } | null;
  personalMessage: string | null;
};

export function placeholderValues(ente: Ente, lang: Lang, f: PraticaFacts | null): PlaceholderValues {
  const L = emailLabels(lang);
  if (!f) return { ente: ente.name };
  return {
    ente: ente.name,
    servizio: f.service.name,
    pratica_id: f.id,
    protocollo: f.protocol?.number ?? "",
    data_protocollo: f.protocol ? formatDate(f.protocol.registeredAt, lang, ente.timezone) : "",
    stato: statusLabel(f.status, lang),
    tempo_massimo: L.days({ n: f.service.maxResponseDays }),
    messaggio_personale: f.personalMessage ?? "",
  };
}

/** The wording of a notice: the service's own text for the status when an admin set one, else the default. */
export function wording(kind: EmailKind, lang: Lang, f: PraticaFacts | null, values: PlaceholderValues) {
  const base = kindText(kind, lang);
  const custom = f && STATUS_NOTICE_KINDS.includes(kind) ? f.service.emailTexts[String(f.status)] : undefined;
  const subject = fillPlaceholders(custom?.subject?.trim() || base.subject, values);
  const body = fillPlaceholders(custom?.body?.trim() || base.body, values);
  return {
    subject: subject.replace(/\s+/g, " ").trim(),
    heading: fillPlaceholders(base.heading, values),
    paragraphs: body
      .split(/\n\s*\n/)
      .map((p) => p.trim())
      .filter(Boolean),
    action: base.action,
  };
}

export function buildModel(args: {
  kind: EmailKind;
  lang: Lang;
  ente: Ente;
  appUrl: string;
  facts: PraticaFacts | null;
  link: string | null;
  audience: "citizen" | "staff" | "anyone";
  note?: string;
  items?: EmailModel["items"];
  /** Shown before the pratica's details (a payment notice: reason, amount, due day, notice code). */
  leadDetails?: EmailModel["details"];
  /** Instead of the default words before a citizen's link (a payment notice pointing to the Pagamenti page). */
  whereToRead?: string;
}): { subject: string; model: EmailModel } {
  const { kind, lang, ente, facts } = args;
  const L = emailLabels(lang);
  const values = placeholderValues(ente, lang, facts);
  const w = wording(kind, lang, facts, values);
  const details: EmailModel["details"] = [...(args.leadDetails ?? [])];
  if (facts) {
    details.push({ label: L.service, value: facts.service.name });
    details.push({ label: L.pratica, value: facts.id });
    if (facts.protocol) details.push({ label: L.protocol, value: fill(L.protocolValue, { numero: facts.protocol.number, data: formatDateTime(facts.protocol.registeredAt, lang, ente.timezone) }) });
    if (args.audience === "citizen") details.push({ label: L.status, value: statusLabel(facts.status, lang) });
  }
  const model: EmailModel = {
    lang,
    ente: brandOf(ente, args.appUrl),
    ...previewLine(w.paragraphs[0] ?? w.heading),
    heading: w.heading,
    paragraphs: w.paragraphs,
    details,
    action: args.link && w.action ? { label: w.action, url: args.link } : undefined,
    whereToRead: facts && args.link ? (args.audience === "citizen" ? (args.whereToRead ?? L.whereToRead) : L.whereToReadStaff) : undefined,
    note: args.note,
    items: args.items,
    emptyItems: L.noItems,
    labels: { linkFallback: L.linkFallback, automatic: L.automatic, contacts: L.contacts, pec: L.pec },
  };
  // Every email about a pratica names it in the subject, even when an admin's own wording leaves it out.
  const subject = facts && !w.subject.includes(facts.id) ? pick(praticaNumberTexts, lang).emailSubject({ subject: w.subject, numero: facts.id }) : w.subject;
  return { subject, model };
}

export const citizenLink = (appUrl: string, ente: Pick<Ente, "slug">, praticaId: string) => `${appUrl}/${ente.slug}/area-personale/pratiche/${praticaId}`;
export const operatorLink = (appUrl: string, ente: Pick<Ente, "slug">, praticaId: string) => `${appUrl}/${ente.slug}/operatori/pratiche/${praticaId}`;
