import { pdfKit } from "@/lib/pdf/pdfkit";
import type { Ente } from "@/db/schema";
import { DEFAULT_LANG, LOCALE, pick, type Lang } from "@/lib/i18n";
import { paymentNoticeTexts } from "@/lib/i18n/payment-notice";
import { ROME } from "@/lib/time/wall-clock";
import { barcodeMatrix, pagopaQrPayload } from "./barcodes";
import { formatEuroCents } from "./euro";
import { formatNoticeCode, normalizeNoticeCode } from "./iuv";
import { drawPdfCrest } from "@/lib/pdf/crest";

export type PaymentNoticeInput = {
  ente: Pick<Ente, "name" | "codiceFiscale" | "address" | "pagopaCbillCode"> & Partial<Pick<Ente, "timezone">>;
  /** The ente's crest as PNG or JPEG (an SVG one through `crestForPdf`, lib/acts/crest.ts); otherwise the generic crest. */
  logo?: { bytes: Buffer; mimeType: string } | null;
  payer: { name: string; fiscalCode: string | null };
  /** The reason for payment (oggetto del pagamento), as the debt position has it. */
  causale: string;
  amountCents: number;
  /** A calendar date ("2026-12-15") or an instant shown as a date in the ente's time zone; null: no due date. */
  dueDate: Date | string | null;
  noticeCode: string;
  lang?: Lang;
};

const BLUE = "#17324d";
const INK = "#1a1a1a";
const MUTED = "#4d4d4d";
const BAND = "#eef2f6";
const M = 40;
/** pagoPA asks for a 25 mm QR code. */
const QR_SIZE = (25 / 25.4) * 72;

/** A due date as dd/mm/yyyy: a calendar date as it is, an instant in the ente's time zone. Never a two-digit year. */
export function formatDueDate(d: Date | string, lang: Lang, timeZone = ROME): string {
  if (typeof d === "string") {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d);
    if (!m) throw new RangeError(`not a calendar date: ${d}`);
    return `${m[3]}/${m[2]}/${m[1]}`;
  }
  return new Intl.DateTimeFormat(LOCALE[lang], { day: "2-digit", month: "2-digit", year: "numeric", timeZone }).format(d);
}

/**
 * The printable pagoPA notice (avviso di pagamento) as a one-page A4 PDF, in the layout pagoPA's model sets out:
 * what is paid and to whom, the addressee, how much and by when, where to pay, and the payment details (QR code in
 * vector, notice code in groups of four, CBILL code, the ente's fiscal code) for banks, post offices and shops.
 * Italian unless `lang` says otherwise. Refuses (RangeError) a notice code, fiscal code or amount pagoPA would refuse.
 */
export async function renderPaymentNotice(input: PaymentNoticeInput): Promise<Buffer> {
  const lang = input.lang ?? DEFAULT_LANG;
  const t = pick(paymentNoticeTexts, lang).pdf;
  const noticeCode = normalizeNoticeCode(input.noticeCode);
  const enteCf = input.ente.codiceFiscale ?? "";
  const qr = barcodeMatrix("qrcode", pagopaQrPayload({ noticeCode, enteFiscalCode: enteCf, amountCents: input.amountCents }));
  const amount = formatEuroCents(input.amountCents, lang);
  const due = input.dueDate === null ? t.noDueDate : t.dueBy({ date: formatDueDate(input.dueDate, lang, input.ente.timezone ?? ROME) });
  const grouped = formatNoticeCode(noticeCode);
  const PDFDocument = await pdfKit();

  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({
      size: "A4",
      margin: M,
      lang: LOCALE[lang],
      tagged: true,
      displayTitle: true,
      info: { Title: t.metaTitle({ code: grouped, ente: input.ente.name }), Author: input.ente.name, Subject: input.causale, Creator: "Stanza" },
    });
    const chunks: Buffer[] = [];
    pdf.on("data", (c: Buffer) => chunks.push(c));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
    const width = pdf.page.width - M * 2;
    const label = (text: string, x: number, y: number, w: number) =>
      pdf.font("Helvetica-Bold").fontSize(8).fillColor(BLUE).text(text.toUpperCase(), x, y, { width: w, characterSpacing: 0.4 });

    // 1. What is paid: the reason as the title, the crest on the right.
    const crestSize = 56;
    label(t.kicker, M, M, width - crestSize - 16);
    pdf.font("Helvetica-Bold").fontSize(17).fillColor(INK).text(input.causale, M, pdf.y + 4, { width: width - crestSize - 16 });
    drawPdfCrest(pdf, input.logo, M + width - crestSize, M, crestSize, BLUE);
    let y = Math.max(pdf.y, M + crestSize) + 14;
    rule(pdf, y, width);
    y += 14;

    // 2. Creditor and addressee, side by side.
    const col = (width - 24) / 2;
    const right = M + col + 24;
    label(t.creditor, M, y, col);
    pdf.font("Helvetica-Bold").fontSize(12).fillColor(INK).text(input.ente.name, M, pdf.y + 3, { width: col });
    if (input.ente.address) pdf.font("Helvetica").fontSize(9).fillColor(MUTED).text(input.ente.address, M, pdf.y + 2, { width: col });
    pdf.font("Helvetica").fontSize(9).fillColor(MUTED).text(`${t.fiscalCode} ${enteCf}`, M, pdf.y + 2, { width: col });
    const leftEnd = pdf.y;
    label(t.payer, right, y, col);
    pdf.font("Helvetica-Bold").fontSize(12).fillColor(INK).text(input.payer.name, right, pdf.y + 3, { width: col });
    if (input.payer.fiscalCode) pdf.font("Helvetica").fontSize(9).fillColor(MUTED).text(`${t.fiscalCode} ${input.payer.fiscalCode}`, right, pdf.y + 2, { width: col });
    y = Math.max(leftEnd, pdf.y) + 18;

    // 3. How much and by when | where to pay, on a light band (its height measured before it is painted).
    const pad = 14;
    const inner = col - pad;
    const boxW = (inner - 10) / 2;
    pdf.font("Helvetica").fontSize(8);
    const noteH = pdf.heightOfString(t.amountNote, { width: inner });
    const leftH = 12 + 6 + 30 + 18 + 8 + noteH;
    const boxTextH = Math.max(heightOf(pdf, t.onlineText, boxW - 16, 8.5), heightOf(pdf, t.inPersonText, boxW - 16, 8.5));
    const rightH = 12 + 8 + 16 + boxTextH + 16 + 8 + 12;
    const bandH = Math.max(leftH, rightH) + pad * 2;
    pdf.rect(M, y, width, bandH).fill(BAND);
    const by = y + pad;
    label(t.howMuch, M + pad, by, inner);
    pdf.font("Helvetica-Bold").fontSize(26).fillColor(INK).text(amount, M + pad, by + 18, { width: inner });
    pdf.font("Helvetica-Bold").fontSize(12).fillColor(INK).text(due, M + pad, pdf.y + 2, { width: inner });
    pdf.font("Helvetica").fontSize(8).fillColor(MUTED).text(t.amountNote, M + pad, pdf.y + 8, { width: inner });
    label(t.where, right, by, col - pad);
    const boxY = by + 20;
    const boxH = 16 + boxTextH + 14;
    for (const [i, [title, text]] of ([[t.onlineTitle, t.onlineText], [t.inPersonTitle, t.inPersonText]] as const).entries()) {
      const bx = right + i * (boxW + 10);
      pdf.roundedRect(bx, boxY, boxW, boxH, 4).fill("#ffffff");
      pdf.font("Helvetica-Bold").fontSize(9.5).fillColor(BLUE).text(title, bx + 8, boxY + 8, { width: boxW - 16 });
      pdf.font("Helvetica").fontSize(8.5).fillColor(INK).text(text, bx + 8, pdf.y + 3, { width: boxW - 16 });
    }
    pdf.font("Helvetica").fontSize(8).fillColor(MUTED).text(t.channels, right, boxY + boxH + 8, { width: col - pad });
    y += bandH + 22;

    // 4. The payment details, in a bordered slip at the foot of the page (where a printed notice is cut off and
    // taken to the counter): QR code, addressee, creditor, reason, codes, amount. Measured first, then drawn.
    const stripH = 26;
    const gx = M + 12 + QR_SIZE + 46;
    const gw = M + width - 12 - gx;
    const half = (gw - 16) / 2;
    const codeW = [gw * 0.2, gw * 0.48, gw * 0.32 - 32] as const;
    const fieldH = (name: string, value: string, w: number, big = false) =>
      heightOf(pdf, name, w, 7.5) + 1.5 + pdf.font("Helvetica-Bold").fontSize(big ? 13 : 9.5).heightOfString(value, { width: w });
    const fieldsH =
      Math.max(fieldH(t.payer, input.payer.name, half), fieldH(t.creditor, input.ente.name, half)) + 9 +
      fieldH(t.subject, input.causale, gw) + 9 +
      Math.max(fieldH(t.cbill, input.ente.pagopaCbillCode ?? "—", codeW[0]), fieldH(t.noticeCode, grouped, codeW[1], true), fieldH(t.enteFiscalCode, enteCf, codeW[2])) + 10 +
      heightOf(pdf, t.typeHint, gw, 7.5);
    const qrH = QR_SIZE + 8 + heightOf(pdf, t.qrHint, QR_SIZE + 30, 7.5);
    const slipH = stripH + 14 + Math.max(fieldsH, qrH) + 14;
    const labelH = 16;
    const slipTop = Math.max(y + labelH, pdf.page.height - M - slipH);
    pdf.save();
    pdf.moveTo(M - 20, slipTop - labelH - 14).lineTo(M + width + 20, slipTop - labelH - 14).dash(4, { space: 3 }).lineWidth(0.5).strokeColor("#8a8a8a").stroke();
    pdf.restore();
    label(t.paymentData, M, slipTop - labelH, width);
    pdf.rect(M, slipTop, width, stripH).fill(BLUE);
    pdf.font("Helvetica-Bold").fontSize(10.5).fillColor("#ffffff").text(`${t.singleInstalment.toUpperCase()}  ${due}`, M + 12, slipTop + 8, { width: width / 2, lineBreak: false });
    pdf.font("Helvetica-Bold").fontSize(12).text(amount, M + width / 2, slipTop + 7, { width: width / 2 - 12, align: "right", lineBreak: false });
    const bodyY = slipTop + stripH + 14;
    drawModules(pdf, qr, M + 12, bodyY, QR_SIZE);
    pdf.font("Helvetica").fontSize(7.5).fillColor(MUTED).text(t.qrHint, M + 12, bodyY + QR_SIZE + 8, { width: QR_SIZE + 30 });
    const field = (name: string, value: string, x: number, fy: number, w: number, big = false) => {
      pdf.font("Helvetica").fontSize(7.5).fillColor(MUTED).text(name, x, fy, { width: w });
      pdf.font("Helvetica-Bold").fontSize(big ? 13 : 9.5).fillColor(INK).text(value, x, pdf.y + 1.5, { width: w });
      return pdf.y;
    };
    let fy = Math.max(field(t.payer, input.payer.name, gx, bodyY, half), field(t.creditor, input.ente.name, gx + half + 16, bodyY, half)) + 9;
    fy = field(t.subject, input.causale, gx, fy, gw) + 9;
    fy = Math.max(
      field(t.cbill, input.ente.pagopaCbillCode ?? "—", gx, fy, codeW[0]),
      field(t.noticeCode, grouped, gx + codeW[0] + 16, fy, codeW[1], true),
      field(t.enteFiscalCode, enteCf, gx + codeW[0] + codeW[1] + 32, fy, codeW[2]),
    );
    pdf.font("Helvetica").fontSize(7.5).fillColor(MUTED).text(t.typeHint, gx, fy + 10, { width: gw });
    pdf.rect(M, slipTop, width, slipH).lineWidth(1).strokeColor(BLUE).stroke();
    pdf.end();
  });
}

function heightOf(pdf: PDFKit.PDFDocument, text: string, width: number, size: number): number {
  return pdf.font("Helvetica").fontSize(size).heightOfString(text, { width });
}

function rule(pdf: PDFKit.PDFDocument, y: number, width: number): void {
  pdf.moveTo(M, y).lineTo(M + width, y).lineWidth(1).strokeColor(BLUE).stroke();
}

/** A QR code in vector: each run of dark modules in a row one rectangle, black on the white page (as pagoPA asks). */
function drawModules(pdf: PDFKit.PDFDocument, m: ReturnType<typeof barcodeMatrix>, x: number, y: number, size: number): void {
  const cell = size / m.size.columns;
  pdf.save();
  for (let r = 0; r < m.size.rows; r++) {
    let c = 0;
    while (c < m.size.columns) {
      if (!m.dark(c, r)) {
        c++;
        continue;
      }
      const start = c;
      while (c < m.size.columns && m.dark(c, r)) c++;
      pdf.rect(x + start * cell, y + r * cell, (c - start) * cell, cell);
    }
  }
  pdf.fill("#000000");
  pdf.restore();
}
