import "server-only";
import { cache } from "react";
import { cookies } from "next/headers";
import { DEFAULT_LANG, formatterFor, isLang, LANG_COOKIE, pick, type Lang, type Messages, type MessageTree } from "./index";

/** The visitor's language: Italian unless they chose English with the language switch (kept in a cookie). */
export const getLang = cache(async (): Promise<Lang> => {
  const fromCookie = (await cookies()).get(LANG_COOKIE)?.value;
  return isLang(fromCookie) ? fromCookie : DEFAULT_LANG;
});

/**
 * A namespace's texts in the visitor's language, for server components, actions and routes:
 * `const t = await getT(portal)` then `t.title`, `t.resultsCount({ n })`.
 */
export async function getT<T extends MessageTree>(namespace: Messages<T>): Promise<T> {
  return pick(namespace, await getLang());
}

/** Dates and numbers in the visitor's language (Europe/Rome unless the ente says otherwise). */
export async function getFormat(timeZone?: string) {
  return formatterFor(await getLang(), timeZone);
}
