import { compile } from "html-to-text";
import { plainTextSelectors, render } from "@react-email/render";
import { createElement } from "react";
import { TEMPLATES, type EmailModel } from "@/emails";
import type { EmailKind } from "./texts";

/**
 * The HTML → text converter `render(…, { plainText: true })` uses, with the same options, compiled once: called
 * per message, html-to-text rebuilds its selector tree every time, which cost more than rendering the email.
 */
const htmlToText = compile({ wordwrap: false, selectors: plainTextSelectors });

/** HTML and plain text of one email, from the kind's React Email template. React renders once. */
export async function renderEmail(kind: EmailKind, model: EmailModel): Promise<{ html: string; text: string }> {
  const html = await render(createElement(TEMPLATES[kind], { model }));
  return { html, text: htmlToText(html) };
}
