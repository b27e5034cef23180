import { compile } from "html-to-text";
import { plainTextSelectors } from "@react-email/render";
import { createElement, type ComponentType } from "react";
import { TEMPLATES, type EmailModel } from "@/emails";
import type { EmailKind } from "./texts";

/**
 * The HTML → text converter `render(…, { plainText: true })` uses, with the same options, compiled once: called
 * per message, html-to-text rebuilds its selector tree every time, which cost more than rendering the email.
 */
const htmlToText = compile({ wordwrap: false, selectors: plainTextSelectors });

// Loaded on first use, as @react-email/render does: Next refuses a static import of react-dom/server in code that
// server components could reach (the worker runs from instrumentation.ts).
let reactDomServer: Promise<typeof import("react-dom/server")> | undefined;

const DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

/** React may hoist `<link rel="preload" as="image">` for images; mail clients have no use for it. */
function stripImagePreloads(html: string): string {
  return html.replace(/<link\b[^>]*>/gi, (tag) => (/\brel=["']?preload\b/i.test(tag) && /\bas=["']?image\b/i.test(tag) ? "" : tag));
}

export type RenderedEmail = { html: string; text: string };

/**
 * HTML and plain text of one email, straight from the kind's React Email template, one message at a time. The
 * templates are synchronous (no Suspense, no Tailwind), so React's static renderer does in a fraction of the time
 * what `@react-email/render`'s streaming render does, and without its `<!-- -->` text separators; the document gets
 * the same XHTML doctype, and the text part is React Email's own plain-text conversion (tests/notifications.test.ts
 * compares both with `render`).
 */
export async function renderEmail(kind: EmailKind, model: EmailModel): Promise<RenderedEmail> {
  return renderTemplate(TEMPLATES[kind], model);
}

/** The same for a template outside the pratica notices' kinds (the appointments' emails). */
export async function renderTemplate(template: ComponentType<{ model: EmailModel }>, model: EmailModel): Promise<RenderedEmail> {
  const { renderToStaticMarkup } = await (reactDomServer ??= import("react-dom/server"));
  const html = DOCTYPE + stripImagePreloads(renderToStaticMarkup(createElement(template, { model })));
  return { html, text: htmlToText(html) };
}
