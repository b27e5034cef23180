import { pdfKit } from "@/lib/pdf/pdfkit";

export type PdfSection = { title: string; rows: { label: string; value: string }[] } | { title: string; text: string };

/** A plain, accessible-enough A4 document: header with the ente, a title, sections of label/value rows. */
export async function renderPdf(doc: { lang?: string; ente: string; title: string; subtitle?: string; sections: PdfSection[]; footer?: string }): Promise<Buffer> {
  const PDFDocument = await pdfKit();
  return new Promise((resolve, reject) => {
    const pdf = new PDFDocument({ size: "A4", margin: 56, info: { Title: doc.title, Author: doc.ente, Creator: "Stanza" }, lang: doc.lang ?? "it-IT", tagged: true, displayTitle: true });
    const chunks: Buffer[] = [];
    pdf.on("data", (c: Buffer) => chunks.push(c));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
    pdf.font("Helvetica-Bold").fontSize(11).fillColor("#17324d").text(doc.ente.toUpperCase());
    pdf.moveDown(0.5);
    pdf.font("Helvetica-Bold").fontSize(18).fillColor("#000000").text(doc.title);
    if (doc.subtitle) pdf.font("Helvetica").fontSize(10).fillColor("#333333").text(doc.subtitle);
    pdf.moveDown();
    for (const section of doc.sections) {
      pdf.font("Helvetica-Bold").fontSize(12).fillColor("#17324d").text(section.title);
      pdf.moveDown(0.3);
      if ("text" in section) {
        pdf.font("Helvetica").fontSize(10).fillColor("#000000").text(section.text);
      } else {
        for (const row of section.rows) {
          pdf.font("Helvetica-Bold").fontSize(9).fillColor("#333333").text(row.label);
          pdf.font("Helvetica").fontSize(10).fillColor("#000000").text(row.value || "—");
          pdf.moveDown(0.3);
        }
      }
      pdf.moveDown();
    }
    if (doc.footer) pdf.font("Helvetica").fontSize(8).fillColor("#555555").text(doc.footer);
    pdf.end();
  });
}
