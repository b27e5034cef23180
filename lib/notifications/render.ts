import { render } from "@react-email/render";
import { createElement } from "react";
import { TEMPLATES, type EmailModel } from "@/emails";
import type { EmailKind } from "./texts";

/** HTML and plain text of one email, from the kind's React Email template. */
export async function renderEmail(kind: EmailKind, model: EmailModel): Promise<{ html: string; text: string }> {
  const element = createElement(TEMPLATES[kind], { model });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}
