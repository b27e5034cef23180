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

/** Picks a namespace's messages for a language. */
export function pick<T extends MessageTree>(m: Messages<T>, lang: Lang): T {
  return (lang === "en" ? m.en : m.it) as T;
}

const DATE_LOCALE: Record<Lang, string> = { it: "it-IT", en: "en-GB" };

export function formatDateTime(d: Date | string | null | undefined, lang: Lang, timeZone = ROME): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat(DATE_LOCALE[lang], { dateStyle: "short", timeStyle: "short", timeZone }).format(new Date(d));
}

export function formatDate(d: Date | string | null | undefined, lang: Lang, timeZone = ROME): string {
  if (!d) return "—";
  return new Intl.DateTimeFormat(DATE_LOCALE[lang], { dateStyle: "long", timeZone }).format(new Date(d));
}
