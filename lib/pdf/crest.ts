/** An image the ente uploaded as its crest, as the PDFs receive it (SVG crests are drawn to PNG first: lib/acts/crest.ts). */
export type PdfCrest = { bytes: Buffer; mimeType: string };

/**
 * The ente's PNG/JPEG crest at (x, y) in a square of `size` points, or the generic municipal crest (the portal's,
 * components/site/crest.tsx) in vector when there is none or pdfkit cannot read it. Used by every official PDF.
 */
export function drawPdfCrest(pdf: PDFKit.PDFDocument, logo: PdfCrest | null | undefined, x: number, y: number, size: number, color = "#17324d"): void {
  if (logo && (logo.mimeType === "image/png" || logo.mimeType === "image/jpeg")) {
    try {
      pdf.image(logo.bytes, x, y, { fit: [size, size], align: "center", valign: "center" });
      return;
    } catch {
      // An image pdfkit cannot read: the generic crest stands in.
    }
  }
  pdf.save();
  pdf.translate(x, y).scale(size / 64);
  pdf.path("M8 6h48v26c0 14-10 22-24 28C18 54 8 46 8 32z").lineWidth(3).fillAndStroke("#ffffff", color);
  pdf.path("M14 12h36v20c0 10-7 16-18 21-11-5-18-11-18-21z").fillOpacity(0.25).fill(color);
  pdf.path("M20 4l4 6 4-6 4 6 4-6 4 6 4-6v6H20z").fillOpacity(1).fill(color);
  pdf.restore();
}
