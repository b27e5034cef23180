import { placeholdersOf, type Lang } from "@/lib/i18n";
import { kindText, PLACEHOLDERS, type EmailKind } from "@/lib/notifications/texts";

/**
 * Per-status email texts an admin writes for a service (services.emailTexts, keyed by status code). They use the
 * notification templates' placeholders, %ente% %servizio% …, and are rendered by lib/notifications; this file
 * only says which statuses send a notice and checks the placeholders.
 */
export { PLACEHOLDERS as EMAIL_PLACEHOLDERS };

/** The status a notice is sent in → the notice's kind (the default wording). */
export const EMAIL_STATUS_KINDS = {
  "2000": "receipt",
  "4000": "taken_in_charge",
  "4100": "integration_requested",
  "7000": "outcome_ready",
  "9000": "outcome_ready",
  "20000": "withdrawn",
  "50000": "revoked",
} as const satisfies Record<string, EmailKind>;

export const EMAIL_STATUSES = Object.keys(EMAIL_STATUS_KINDS) as (keyof typeof EMAIL_STATUS_KINDS)[];

export function defaultEmailText(status: keyof typeof EMAIL_STATUS_KINDS, lang: Lang): { subject: string; body: string } {
  const t = kindText(EMAIL_STATUS_KINDS[status], lang);
  return { subject: t.subject, body: t.body };
}

/** Placeholders used in `text` that do not exist (they would render as nothing). */
export function unknownPlaceholders(text: string): string[] {
  return placeholdersOf(text).filter((name) => !(PLACEHOLDERS as readonly string[]).includes(name));
}
