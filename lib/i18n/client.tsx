"use client";
import { createContext, useContext, useMemo } from "react";
import { DEFAULT_LANG, formatterFor, pick, type Lang, type Messages, type MessageTree } from "./index";

const LangContext = createContext<Lang>(DEFAULT_LANG);

/** Set once by the root layout: every client part below reads the visitor's language from here. */
export function LangProvider({ lang, children }: { lang: Lang; children: React.ReactNode }) {
  return <LangContext.Provider value={lang}>{children}</LangContext.Provider>;
}

export function useLang(): Lang {
  return useContext(LangContext);
}

/** A namespace's texts in the visitor's language, for client components: `const t = useT(portalForm)`. */
export function useT<T extends MessageTree>(namespace: Messages<T>): T {
  return pick(namespace, useLang());
}

/** Dates and numbers in the visitor's language. */
export function useFormat(timeZone?: string) {
  const lang = useLang();
  return useMemo(() => formatterFor(lang, timeZone), [lang, timeZone]);
}
