import { pick, type Lang } from "@/lib/i18n";
import { euroFormat } from "@/lib/i18n/payment-notice";

/**
 * An amount in integer cents as euros: "€ 1.234,56" in Italian (thousands always grouped, as pagoPA's notice wants:
 * Intl's it-IT leaves four-digit amounts ungrouped), "€1,234.56" in English. Integer arithmetic only: a cent is
 * never rounded through a float.
 */
export function formatEuroCents(cents: number, lang: Lang = "it"): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount in cents must be an integer: ${cents}`);
  const f = pick(euroFormat, lang);
  const abs = Math.abs(cents);
  const euros = String(Math.trunc(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, f.thousands);
  const rest = String(abs % 100).padStart(2, "0");
  return `${cents < 0 ? "-" : ""}${f.prefix}${euros}${f.decimal}${rest}`;
}
