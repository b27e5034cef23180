import { expect, type BrowserContext, type Page } from "@playwright/test";
import { adminTexts } from "../../lib/i18n/admin";
import { authTexts } from "../../lib/i18n/auth";
import { backoffice } from "../../lib/i18n/backoffice";
import { common } from "../../lib/i18n/common";
import { emailTexts } from "../../lib/i18n/emails";
import { ERROR_CODES, errorText } from "../../lib/i18n/errors";
import { feedbackTexts } from "../../lib/i18n/feedback";
import { formFieldTexts } from "../../lib/i18n/form-fields";
import { LANG_COOKIE, otherLang, type Lang, type Messages, type MessageTree } from "../../lib/i18n/index";
import { notificationsText } from "../../lib/i18n/notifications";
import { actTexts } from "../../lib/i18n/acts";
import { documentTexts } from "../../lib/i18n/documents";
import { portal } from "../../lib/i18n/portal";
import { personalArea } from "../../lib/i18n/personal-area";
import { portalForm } from "../../lib/i18n/portal-form";
import { profileTexts } from "../../lib/i18n/profile";
import { requestFlow } from "../../lib/i18n/request-flow";
import { workflowTexts } from "../../lib/i18n/workflow";
import { APP_ORIGIN } from "./origin";

/**
 * Guards that a page speaks one language: every text of the message files that exists in one language and
 * differs in the other is collected, and a page shown in English must contain none of the Italian ones (and the
 * reverse). Short texts (a word or two, often the same in both: "Email", "Home") are left out, and so are texts
 * with placeholders, whose filled-in form cannot be matched.
 */
const NAMESPACES: Messages<MessageTree>[] = [adminTexts, authTexts, backoffice, common, emailTexts, feedbackTexts, formFieldTexts, notificationsText, personalArea, portal, portalForm, profileTexts, requestFlow, documentTexts, actTexts, workflowTexts] as unknown as Messages<MessageTree>[];
const MIN_LENGTH = 14;

function leaves(tree: unknown, prefix: string, out: Map<string, string>) {
  if (typeof tree === "string") out.set(prefix, tree);
  else if (tree && typeof tree === "object") for (const [k, v] of Object.entries(tree)) leaves(v, `${prefix}.${k}`, out);
}

function onlyIn(lang: Lang): string[] {
  const other = otherLang(lang);
  const texts = new Set<string>();
  NAMESPACES.forEach((ns, i) => {
    const mine = new Map<string, string>();
    const theirs = new Map<string, string>();
    leaves(ns[lang], String(i), mine);
    leaves(ns[other], String(i), theirs);
    for (const [key, text] of mine) if (text !== theirs.get(key)) texts.add(text);
  });
  for (const code of ERROR_CODES) {
    const text = errorText(code, {}, lang);
    if (text !== errorText(code, {}, other)) texts.add(text);
  }
  // A text that the other language also uses somewhere (another key, another namespace) proves nothing.
  const otherTexts = new Set<string>(ERROR_CODES.map((code) => errorText(code, {}, other)));
  NAMESPACES.forEach((ns, i) => {
    const all = new Map<string, string>();
    leaves(ns[other], String(i), all);
    for (const text of all.values()) otherTexts.add(text);
  });
  return [...texts].filter((t) => t.length >= MIN_LENGTH && !t.includes("%") && !otherTexts.has(t));
}

const CACHE = new Map<Lang, string[]>();
function textsOnlyIn(lang: Lang): string[] {
  let list = CACHE.get(lang);
  if (!list) CACHE.set(lang, (list = onlyIn(lang)));
  return list;
}

/** Shows the site in `lang` to this browser context (the language switch's cookie). */
export async function useLanguage(context: BrowserContext, lang: Lang) {
  await context.addCookies([{ name: LANG_COOKIE, value: lang, url: APP_ORIGIN }]);
}

/**
 * Fails if the page shows any text of the message files that belongs only to the other language. `data` lists
 * strings the page shows that are data, not texts (a person's name, a form's own labels): "Amministratore
 * Bugliano" is a name even though "Amministratore" is a text.
 */
export async function expectOneLanguage(page: Page, lang: Lang, { data = [] }: { data?: readonly string[] } = {}) {
  await expect(page.locator("html")).toHaveAttribute("lang", lang);
  const shown = data.reduce((text, d) => text.replaceAll(d, " "), await page.locator("body").innerText());
  const foreign = textsOnlyIn(otherLang(lang)).filter((t) => shown.includes(t));
  expect(foreign, `texts of the other language on ${page.url()}`).toEqual([]);
}
