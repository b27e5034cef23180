import { Preview } from "@react-email/components";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import type { EmailModel } from "@/emails";
import { PreviewLine, previewLine } from "@/emails/preview-line";
import { renderEmail } from "@/lib/notifications/render";
import { emailRenderCounts, renderEmailByShape, resetEmailShapes } from "@/lib/notifications/render-shapes";
import { EMAIL_KINDS } from "@/lib/notifications/texts";
import { seededRandom } from "@/lib/random";

// Ordinary strings, and every kind of string the text conversion or React could treat by its content.
const PLAIN = ["Comune di Prova", "Contributo affitti 2026", "00000000-0000-4000-8000-00000000002a", "In lavorazione", "2026/0000123 del 02/03/2026", "Servizio", "Pratica", "Stato", "Contatti"];
const NASTY = [
  "Sant'Anna & \"C.\" <b>grassetto</b>",
  "due  spazi",
  "riga uno\nriga due",
  "\ttab interno\tfine",
  " spazio iniziale",
  "spazio finale ",
  "zero\u200bwidth",
  "maiuscole ß straße àèìòù",
  "&amp; già escapato &lt;",
  "emoji 🏛️ e 中文",
  "x".repeat(180),
  "parola ".repeat(30).trim(),
  "\uE000 delimitatore privato \uE001",
  "5",
  "a",
];
const URLS = [
  "http://stanza.test/comune/area-personale/pratiche/00000000-0000-4000-8000-000000000001",
  "https://www.comune.example.it/?a=1&b=2",
  "http://stanza.test/x",
  "#ancora",
  "mailto:ufficio@comune.example.it",
  "javascript:alert(1)",
  "http://spazio nel/link",
  "/relativo",
];
const COLOURS = ["#0066cc", "#A1B2C3"];

function modelFrom(rand: () => number, shapeSeed: number): EmailModel {
  // The shape (which fields, how many) comes from shapeSeed, so that many models share a shape; the strings vary.
  const shape = seededRandom(shapeSeed);
  const pick = <T,>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  // Mostly ordinary strings, each its own; now and then a nasty one, or one equal to an earlier field's.
  const used: string[] = [];
  const keep = (v: string) => (used.push(v), v);
  const str = () => {
    const r = rand();
    if (r < 0.03) return pick(NASTY);
    if (r < 0.05 && used.length) return pick(used);
    return keep(`${pick(PLAIN)} ${Math.floor(rand() * 1e6)}`);
  };
  const maybe = (p: number) => (shape() < p ? str() : null);
  const url = () => (rand() < 0.05 ? pick(URLS) : keep(`${pick(URLS.slice(0, 3))}/${Math.floor(rand() * 1e6)}`));
  const paragraphs = Array.from({ length: 1 + Math.floor(shape() * 3) }, str);
  const heading = str();
  return {
    lang: shape() < 0.7 ? "it" : "en",
    ente: {
      name: str(),
      logoUrl: shape() < 0.4 ? url() : null,
      primaryColor: pick(COLOURS),
      address: maybe(0.7),
      email: maybe(0.6),
      pec: maybe(0.5),
      phone: maybe(0.5),
      website: shape() < 0.5 ? url() : null,
    },
    ...previewLine(paragraphs[0] ?? heading),
    heading,
    paragraphs,
    details: Array.from({ length: Math.floor(shape() * 5) }, (_, i) => ({ label: `${str()} ${i}`, value: str() })),
    action: shape() < 0.8 ? { label: str(), url: url() } : undefined,
    whereToRead: maybe(0.6) ?? undefined,
    note: maybe(0.3) ?? undefined,
    items: shape() < 0.3 ? Array.from({ length: Math.floor(shape() * 3) }, () => ({ title: str(), subtitle: str(), url: url() })) : undefined,
    emptyItems: str(),
    labels: { linkFallback: str(), automatic: str(), contacts: str(), pec: str() },
  };
}

describe("rendering an email from cached pieces", () => {
  const reports: string[] = [];
  beforeEach(() => {
    reports.length = 0;
    resetEmailShapes((msg) => reports.push(msg));
  });

  it("gives exactly the full rendering, for every kind, whatever the strings", async () => {
    const rand = seededRandom(20261121);
    for (let n = 0; n < 1200; n++) {
      const kind = EMAIL_KINDS[n % EMAIL_KINDS.length] ?? "receipt";
      const model = modelFrom(rand, Math.floor(n / EMAIL_KINDS.length) % 4);
      const ours = await renderEmailByShape(kind, model);
      const full = await renderEmail(kind, model);
      expect(ours.html, `${kind} #${n} html`).toBe(full.html);
      expect(ours.text, `${kind} #${n} text`).toBe(full.text);
    }
    expect(reports).toEqual([]);
    // Most messages did come from the cache (the ones with strings it leaves alone).
    expect(emailRenderCounts.filled).toBeGreaterThan(600);
  });

  it("quotes a string HTML-escaped in the document, plain in the text, upper-cased in the text's heading", async () => {
    const rand = seededRandom(7);
    const base = modelFrom(rand, 1);
    const heading = "Esito: <pronto> & \"firmato\"";
    const model = { ...base, heading, paragraphs: ["Primo paragrafo"], ...previewLine("Primo paragrafo") };
    await renderEmailByShape("outcome_ready", model);
    const again = await renderEmailByShape("outcome_ready", { ...model, heading: "Esito della pratica 42 & C." });
    expect(emailRenderCounts.filled).toBe(1);
    expect(again.html).toContain("Esito della pratica 42 &amp; C.");
    expect(again.text).toContain("ESITO DELLA PRATICA 42 & C.");
    expect(again.text).not.toContain("\uE000");
  });

  it("goes the direct way for a link's words that equal its target but for their spaces", async () => {
    const rand = seededRandom(5);
    const base = { ...modelFrom(rand, 3), items: [{ title: "http://stanza.test/p/1", subtitle: "Primo", url: "http://stanza.test/p/1" }] };
    await renderEmailByShape("operator_digest", base);
    // Same shape (title and url different strings), but html-to-text compares the link's words without spaces.
    const spaced = { ...base, items: [{ title: "http://stanza.test/ p/2", subtitle: "Secondo", url: "http://stanza.test/p/2" }] };
    const other = { ...base, items: [{ title: "Pratica 3", subtitle: "Terzo", url: "http://stanza.test/p/3" }] };
    await renderEmailByShape("operator_digest", other);
    expect(await renderEmailByShape("operator_digest", spaced)).toEqual(await renderEmail("operator_digest", spaced));
    expect(await renderEmailByShape("operator_digest", other)).toEqual(await renderEmail("operator_digest", other));
    expect(reports).toEqual([]);
  });

  it("renders a shape in full for good when its pieces do not give the same email", async () => {
    const rand = seededRandom(11);
    const model = modelFrom(rand, 2);
    const odd = { ...model, heading: "Titolo abbastanza lungo" };
    // A template that decides on a string's value breaks the rule the cache relies on: it must be caught.
    const { TEMPLATES } = await import("@/emails");
    const original = TEMPLATES.outcome_ready;
    TEMPLATES.outcome_ready = ({ model: m }: { model: EmailModel }) => createElement("p", null, m.heading.length > 8 ? "lungo" : "corto");
    try {
      const first = await renderEmailByShape("outcome_ready", odd);
      const second = await renderEmailByShape("outcome_ready", { ...odd, heading: "Breve" });
      expect(first.html).toContain("lungo");
      expect(second.html).toContain("corto");
      expect(reports).toHaveLength(1);
      expect(emailRenderCounts.filled).toBe(0);
    } finally {
      TEMPLATES.outcome_ready = original;
    }
  });
});

describe("the inbox preview line", () => {
  it("is the markup of React Email's <Preview>, for short and long texts", () => {
    for (const text of ["Breve", "x".repeat(149), "y".repeat(150), "z".repeat(400), ""]) {
      const { preview, previewPadding } = previewLine(text);
      expect(preview.length).toBeLessThanOrEqual(150);
      expect(renderToStaticMarkup(createElement(PreviewLine, { preview, padding: previewPadding }))).toBe(renderToStaticMarkup(createElement(Preview, null, text)));
    }
  });
});
