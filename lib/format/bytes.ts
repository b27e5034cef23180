import { LOCALE, type Lang } from "@/lib/i18n";

const UNITS = ["B", "kB", "MB", "GB"] as const;

/**
 * The one way a size is shown: bytes, kB and GB in steps of 1024, whole kB, one decimal from MB on, with the
 * language's decimal sign ("1,5 MB", "1.5 MB"). A value that would round up to the next unit is shown in it
 * (1,048,575 bytes is "1 MB", not "1024 kB").
 */
export function formatBytes(bytes: number, lang: Lang = "it"): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  const digits = (u: number) => (u >= 2 ? 1 : 0);
  const rounded = (v: number, u: number) => Math.round(v * 10 ** digits(u)) / 10 ** digits(u);
  while (unit < UNITS.length - 1 && rounded(value, unit) >= 1024) {
    value /= 1024;
    unit += 1;
  }
  const text = new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: digits(unit), useGrouping: false }).format(value);
  return `${text} ${UNITS[unit]}`;
}
