import { fill, pick, type Lang } from "@/lib/i18n";
import { emailTexts } from "@/lib/i18n/emails";
import { paymentEmailTexts } from "@/lib/i18n/payment-emails";

/**
 * The notices' kinds and placeholders; their default wording is in lib/i18n/emails.ts. Placeholders (also usable in the per-service texts an
 * admin sets for a status): %ente% %servizio% %pratica_id% %protocollo% %data_protocollo% %stato%
 * %tempo_massimo% %messaggio_personale%. The defaults never use %messaggio_personale%: what an operator
 * writes may be personal, so it is read in the personal area unless an admin chooses to include it.
 */
export const PLACEHOLDERS = ["ente", "servizio", "pratica_id", "protocollo", "data_protocollo", "stato", "tempo_massimo", "messaggio_personale"] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string>>;

export type KindText = { subject: string; heading: string; body: string; action?: string };

export const EMAIL_KINDS = [
  "receipt",
  "taken_in_charge",
  "integration_requested",
  "integration_reminder",
  "outcome_ready",
  "withdrawn",
  "reopened",
  "revoked",
  "message_from_ente",
  "message_from_citizen",
  "operator_new_pratica",
  "operator_digest",
  "sign_in_link",
  "staff_invite",
  "protocol_alert",
  "pec_alert",
  "payment_due",
  "payment_confirmed",
  "payment_failed",
  "payment_expired",
  "payment_cancelled",
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

/**
 * The payment notices: about a pratica and one of its payments (payload `paymentId`; a transition's notice without it
 * is about the pratica's latest payment); wording in lib/i18n/payment-emails.ts.
 */
export const PAYMENT_EMAIL_KINDS = ["payment_due", "payment_confirmed", "payment_failed", "payment_expired", "payment_cancelled"] as const satisfies readonly EmailKind[];
export type PaymentEmailKind = (typeof PAYMENT_EMAIL_KINDS)[number];
export function isPaymentEmailKind(k: string): k is PaymentEmailKind {
  return (PAYMENT_EMAIL_KINDS as readonly string[]).includes(k);
}

export function isEmailKind(k: string): k is EmailKind {
  return (EMAIL_KINDS as readonly string[]).includes(k);
}

/** The default wording of a notice kind in a language (texts in lib/i18n/emails.ts and lib/i18n/payment-emails.ts). */
export function kindText(kind: EmailKind, lang: Lang): KindText {
  if (isPaymentEmailKind(kind)) return pick(paymentEmailTexts, lang).kinds[kind];
  return pick(emailTexts, lang).kinds[kind];
}

/** The words around a notice in a language. */
export function emailLabels(lang: Lang) {
  return pick(emailTexts, lang).labels;
}

/** Fills a notice's %name% placeholders with the one placeholder function; a missing one reads as empty. */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return fill(text, values);
}
