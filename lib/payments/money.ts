import { LOCALE, type Lang } from "@/lib/i18n";

/** The digital stamp duty (marca da bollo digitale), in cents. */
export const STAMP_DUTY_CENTS = 1600;

const PLAIN = /^(\d{1,9})(?:[.,](\d{1,2}))?$/;
const GROUPED = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?$/;

/**
 * An amount an admin typed in euros ("16", "16,00", "16.5", "€ 1.250,00") as integer cents, or null when it is not
 * one. Never through a float: the digits are read as they are. At most two decimals; dots between groups of
 * three digits are thousands separators, as Italians write them.
 */
export function parseEurosToCents(text: string): number | null {
  const s = text.replace(/€|eur(?:o)?/gi, "").replace(/[\s\u00a0]/g, "");
  const m = PLAIN.exec(s) ?? GROUPED.exec(s);
  if (!m) return null;
  const euros = (m[1] ?? "").replaceAll(".", "");
  if (euros.length > 9) return null;
  const cents = (m[2] ?? "").padEnd(2, "0");
  return Number(euros) * 100 + Number(cents);
}

/** Cents as the admin types them back: "16,00". */
export function centsToEuroInput(cents: number): string {
  const whole = Math.trunc(cents / 100);
  return `${whole},${String(cents % 100).padStart(2, "0")}`;
}

/** Cents as people read an amount in the language: "16,00 €", "€16.00". Integer arithmetic up to the display. */
export function formatCents(cents: number, lang: Lang): string {
  return new Intl.NumberFormat(LOCALE[lang], { style: "currency", currency: "EUR", minimumFractionDigits: 2 }).format(cents / 100);
}
