import { ROME } from "@/lib/time/wall-clock";

export const LANGS = ["it", "en"] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = "it";
export const LANG_COOKIE = "stanza_lang";

export function isLang(v: unknown): v is Lang {
  return typeof v === "string" && (LANGS as readonly string[]).includes(v);
}

type Leaf = string | ((vars: Record<string, string | number>) => string);
export type MessageTree = { [key: string]: Leaf | MessageTree };

/** A namespace's messages: Italian is the source, English must have exactly the same keys. */
export type Messages<T extends MessageTree> = { it: T; en: Widen<T> };
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : T[K] extends (v: infer V) => string ? (v: V) => string : T[K] extends MessageTree ? Widen<T[K]> : never };

export function defineMessages<T extends MessageTree>(m: Messages<T>): Messages<T> {
  return m;
}

/** Picks a namespace's messages for a language. Pages use `getT` (lib/i18n/server) and client parts `useT` (lib/i18n/client). */
export function pick<T extends MessageTree>(m: Messages<T>, lang: Lang): T {
  return m[lang] as T;
}

/**
 * The one placeholder function: `%name%` in a template becomes `values.name`. The same syntax serves the error
 * catalogue, the default email texts and the texts an admin writes per service (Stanza del Cittadino's
 * `%pratica_id%` convention). A placeholder without a value becomes `missing(name)`: empty by default, so a
 * citizen never reads a raw `%x%`.
 */
export function fill(template: string, values: Readonly<Record<string, string | number | undefined>>, missing: (name: string) => string = () => ""): string {
  return template.replace(PLACEHOLDER, (_whole, name: string) => {
    const v = Object.hasOwn(values, name) ? values[name] : undefined;
    return v === undefined ? missing(name) : String(v);
  });
}

const PLACEHOLDER = /%([a-z][a-z0-9_]*)%/gi;

/** The placeholder names a template uses, in order of first appearance. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ""))];
}

/** The BCP 47 locale that formats numbers and dates in a language. */
export const LOCALE: Record<Lang, string> = { it: "it-IT", en: "en-GB" };

/** The other language, for the language switch. */
export function otherLang(lang: Lang): Lang {
  return LANGS.find((l) => l !== lang) ?? DEFAULT_LANG;
}

/** Formatting bound to a language: what pages get from `getFormat()` and client parts from `useFormat()`. */
export function formatterFor(lang: Lang, timeZone = ROME) {
  const number = new Intl.NumberFormat(LOCALE[lang]);
  return {
    lang,
    date: (d: Date | string | null | undefined) => formatDate(d, lang, timeZone),
    dateTime: (d: Date | string | null | undefined) => formatDateTime(d, lang, timeZone),
    number: (n: number) => number.format(n),
  };
}
export type Formatter = ReturnType<typeof formatterFor>;

/**
 * Day, month, four-digit year and time ("01/12/2026, 18:38"): records and official documents never show a two-digit
 * year, which `dateStyle: "short"` gives in Italian ("01/12/26").
 */
export function formatDateTime(d: Date | string | null | undefined, lang: Lang, timeZone = ROME): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat(LOCALE[lang], { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(new Date(d));
}

export function formatDate(d: Date | string | null | undefined, lang: Lang, timeZone = ROME): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: "long", timeZone }).format(new Date(d));
}
