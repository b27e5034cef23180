import { otherLang } from "@/lib/i18n";
import { common } from "@/lib/i18n/common";
import { getLang, getT } from "@/lib/i18n/server";

/** A plain form: works without JavaScript and keeps the visitor on the same page. */
export async function LanguageSwitch({ returnTo }: { returnTo: string }) {
  const [lang, t] = await Promise.all([getLang(), getT(common)]);
  const target = otherLang(lang);
  return (
    <form action="/lingua" method="post">
      <input type="hidden" name="lang" value={target} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <button type="submit" className="rounded px-2 py-1 text-sm font-semibold text-white underline-offset-2 hover:underline" aria-label={t.switchToLabel} lang={target}>
        {t.switchTo}
      </button>
    </form>
  );
}
