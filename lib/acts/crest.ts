/** The crest as an image pdfkit can embed: PNG and JPEG as they are, an SVG crest drawn to a PNG first. */
export async function crestForPdf(bytes: Buffer, mimeType: string | null): Promise<{ bytes: Buffer; mimeType: string } | null> {
  if (mimeType === "image/png" || mimeType === "image/jpeg") return { bytes, mimeType };
  if (mimeType !== "image/svg+xml") return null;
  try {
    // resvg renders without a browser or network (no external resources are loaded); 256 px wide is sharp at 56 pt.
    const { Resvg } = await import("@resvg/resvg-js");
    const png = new Resvg(bytes, { fitTo: { mode: "width", value: 256 }, font: { loadSystemFonts: false } }).render().asPng();
    return { bytes: Buffer.from(png), mimeType: "image/png" };
  } catch {
    // An SVG resvg cannot read: the act falls back to the generic crest.
    return null;
  }
}
