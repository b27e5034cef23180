import { otherLang, type Lang } from "@/lib/i18n";

/** A plain form: works without JavaScript and keeps the visitor on the same page. */
export function LanguageSwitch({ lang, label, switchTo, returnTo }: { lang: Lang; label: string; switchTo: string; returnTo: string }) {
  const target = otherLang(lang);
  return (
    <form action="/lingua" method="post">
      <input type="hidden" name="lang" value={target} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <button type="submit" className="rounded px-2 py-1 text-sm font-semibold text-white underline-offset-2 hover:underline" aria-label={label} lang={target}>
        {switchTo}
      </button>
    </form>
  );
}
