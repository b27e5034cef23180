/**
 * pdfkit, loaded by the first document rendered. With its fonts and dependencies it takes about 20 MB of a
 * process's memory (measured: `import("pdfkit")` alone, +24 MB resident), which a server answering pages and a
 * worker sending notices without attachments never need. Imported statically by the outbox's email handler (for
 * outcome acts) and the payments workflow, it was loaded by every server at start.
 */
type PdfKit = typeof import("pdfkit");

let loading: Promise<PdfKit> | undefined;

export function pdfKit(): Promise<PdfKit> {
  loading ??= import("pdfkit").then((m) => ("default" in m ? (m as unknown as { default: PdfKit }).default : m)).catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}
