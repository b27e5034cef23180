import { pdfKit } from "@/lib/pdf/pdfkit";
import type { Ente, Pratica, Service, User } from "@/db/schema";
import { formatDate, LOCALE, pick, type Lang } from "@/lib/i18n";
import { actTexts } from "@/lib/i18n/acts";
import { praticaNumber } from "@/lib/pratiche/number";
import { summarizeOperatorData } from "@/lib/services/operator-steps";
import { drawPdfCrest } from "@/lib/pdf/crest";

export type ProtocolRef = { number: string; date: Date };

export type OutcomeActInput = {
  lang: Lang;
  ente: Ente;
  /** The ente's uploaded crest as PNG or JPEG (an SVG crest is drawn to PNG first, lib/acts/crest.ts); otherwise the generic crest is drawn. */
  logo: { bytes: Buffer; mimeType: string } | null;
  service: Service;
  /** The pratica with its decision (outcome, motivation, operator data) already set. */
  pratica: Pratica;
  applicant: User;
  inbound: ProtocolRef | null;
  outbound: ProtocolRef;
  /** When the decision was taken: the act's place-and-date line. */
  decidedAt: Date;
  verifyUrl: string;
  sealed: boolean;
};

const BLUE = "#17324d";
const MARGIN = 56;

/** The appeal clause of an act: the service's own, else the ente's default, else the built-in one. */
export function appealClause(lang: Lang, ente: Pick<Ente, "appealText">, service: Pick<Service, "appealText">): string {
  return service.appealText?.trim() || ente.appealText?.trim() || pick(actTexts, lang).defaultAppeal;
}

/**
 * The outcome act (provvedimento) as an A4 PDF: the ente's heading with its crest, the act's protocol number and
 * date, the subject, the reference to the application, office and responsabile del procedimento, the decision and
 * its reasons, the appeal clause (L. 241/1990 art. 3 c. 4), place and date, the signature block, page numbers.
 * Tagged, with title and language in its metadata. Sealing (lib/acts/seal.ts) happens afterwards, on these bytes.
 */
export async function renderOutcomeAct(a: OutcomeActInput): Promise<Buffer> {
  const PDFDocument = await pdfKit();
  const t = pick(actTexts, a.lang).pdf;
  const date = (d: Date) => formatDate(d, a.lang, a.ente.timezone);
  const numero = praticaNumber(a.pratica);
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({
      size: "A4",
      margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + 28 },
      bufferPages: true,
      lang: LOCALE[a.lang],
      tagged: true,
      displayTitle: true,
      info: { Title: t.metaTitle({ number: a.outbound.number, service: a.service.name }), Author: a.ente.name, Subject: a.service.name, Creator: "Stanza" },
    });
    const chunks: Buffer[] = [];
    pdf.on("data", (c: Buffer) => chunks.push(c));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
    const width = pdf.page.width - MARGIN * 2;

    // Heading: crest, ente's name and identity.
    const top = pdf.y;
    drawPdfCrest(pdf, a.logo, MARGIN, top, 56, BLUE);
    const textX = MARGIN + 70;
    pdf.font("Helvetica-Bold").fontSize(15).fillColor(BLUE).text(a.ente.name, textX, top + 4, { width: width - 70 });
    const identity = [a.ente.address, a.ente.codiceFiscale ? `${t.taxCode} ${a.ente.codiceFiscale}` : null, a.ente.pec ? `${t.pec} ${a.ente.pec}` : null].filter(Boolean).join(" · ");
    if (identity) pdf.font("Helvetica").fontSize(8.5).fillColor("#333333").text(identity, textX, pdf.y + 2, { width: width - 70 });
    pdf.y = Math.max(pdf.y, top + 56) + 10;
    pdf.moveTo(MARGIN, pdf.y).lineTo(MARGIN + width, pdf.y).lineWidth(1).strokeColor(BLUE).stroke();
    pdf.y += 10;

    // Protocol of the act, title, subject.
    pdf.x = MARGIN;
    pdf.font("Helvetica-Bold").fontSize(10).fillColor("#000000").text(t.protocol({ number: a.outbound.number, date: date(a.outbound.date) }), { align: "right", width });
    pdf.moveDown(1);
    pdf.font("Helvetica-Bold").fontSize(16).fillColor("#000000").text(t.title, { width });
    pdf.moveDown(0.6);
    pdf.font("Helvetica-Bold").fontSize(10).text(`${t.subjectLabel}: `, { continued: true }).font("Helvetica").text(t.subject({ service: a.service.name, numero }), { width });
    pdf.moveDown(0.8);

    const section = (title: string) => {
      pdf.moveDown(0.4);
      pdf.x = MARGIN;
      pdf.font("Helvetica-Bold").fontSize(11).fillColor(BLUE).text(title, { width });
      pdf.moveDown(0.25);
      pdf.fillColor("#000000");
    };
    const rows = (items: { label: string; value: string }[]) => {
      for (const r of items) {
        pdf.x = MARGIN;
        pdf.font("Helvetica-Bold").fontSize(9.5).text(`${r.label}: `, { continued: true, width }).font("Helvetica").text(r.value || "—");
      }
    };
    const paragraph = (text: string) => {
      pdf.x = MARGIN;
      // Left-aligned: pdfkit justifies by positioning words without space characters, which copy-paste and screen
      // readers then read as one long word.
      pdf.font("Helvetica").fontSize(10).fillColor("#000000").text(text, { width });
    };

    section(t.recipient);
    rows([
      { label: t.name, value: a.applicant.name },
      { label: t.codiceFiscale, value: a.applicant.codiceFiscale ?? "—" },
    ]);
    section(t.request);
    rows([
      { label: t.requestNumber, value: numero },
      { label: t.requestDate, value: a.pratica.submittedAt ? date(a.pratica.submittedAt) : "—" },
      { label: t.requestProtocol, value: a.inbound ? t.protocolRef({ number: a.inbound.number, date: date(a.inbound.date) }) : "—" },
      { label: t.office, value: a.service.responsibleOffice?.trim() || t.notSet },
      { label: t.officer, value: a.service.responsibleOfficer?.trim() || t.notSet },
    ]);
    // The answers to the service's own Elabora steps: the investigation the decision rests on.
    if (Object.keys(a.pratica.operatorData ?? {}).length > 0) {
      for (const s of summarizeOperatorData(a.service.operatorSteps, a.pratica.operatorData, a.lang)) {
        section(s.title);
        rows(s.rows);
      }
    }
    section(t.decision);
    paragraph(a.pratica.outcome === "accepted" ? t.accepted : t.rejected);
    section(t.motivation);
    paragraph(a.pratica.motivation?.trim() || "—");
    section(t.appeal);
    paragraph(appealClause(a.lang, a.ente, a.service));

    // Place and date, signature block.
    pdf.moveDown(1.2);
    pdf.x = MARGIN;
    pdf.font("Helvetica").fontSize(10).text(t.placeDate({ place: a.ente.name, date: date(a.decidedAt) }), { width });
    pdf.moveDown(1);
    const signX = MARGIN + width / 2;
    pdf.font("Helvetica").fontSize(10).text(t.signatureRole, signX, pdf.y, { width: width / 2, align: "center" });
    pdf.font("Helvetica-Bold").text(a.service.responsibleOfficer?.trim() || "", signX, pdf.y, { width: width / 2, align: "center" });
    pdf.moveDown(0.3);
    pdf.font("Helvetica-Oblique").fontSize(8).fillColor("#333333").text(a.sealed ? t.sealed : t.unsealed, signX, pdf.y, { width: width / 2, align: "center" });

    // Footer of every page: verification address and page number.
    const range = pdf.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      pdf.switchToPage(i);
      const bottom = pdf.page.margins.bottom;
      pdf.page.margins.bottom = 0;
      const y = pdf.page.height - MARGIN;
      pdf.moveTo(MARGIN, y - 6).lineTo(MARGIN + width, y - 6).lineWidth(0.5).strokeColor("#999999").stroke();
      pdf.font("Helvetica").fontSize(7.5).fillColor("#333333").text(t.verify({ url: a.verifyUrl }), MARGIN, y, { width: width - 80, lineBreak: false });
      pdf.text(t.page({ n: i - range.start + 1, total: range.count }), MARGIN + width - 80, y, { width: 80, align: "right", lineBreak: false });
      pdf.page.margins.bottom = bottom;
    }
    pdf.end();
  });
}
