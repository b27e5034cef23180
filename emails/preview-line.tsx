/** What React Email's <Preview> keeps of a text, and the invisible padding it adds after it. */
export const PREVIEW_MAX_LENGTH = 150;
const PADDING_CODES = "\xA0\u200C\u200B\u200D\u200E\u200F\uFEFF";

/**
 * The inbox preview line, cut to 150 characters and padded with invisible characters so that mail clients do
 * not fill the preview with the body. Computed when the model is built, so that templates only place strings.
 */
export function previewLine(text: string): { preview: string; previewPadding: string } {
  const preview = text.substring(0, PREVIEW_MAX_LENGTH);
  return { preview, previewPadding: preview.length >= PREVIEW_MAX_LENGTH ? "" : PADDING_CODES.repeat(PREVIEW_MAX_LENGTH - preview.length) };
}

/** The markup of React Email's <Preview>, from a text and padding already computed by `previewLine`. */
export function PreviewLine({ preview, padding }: { preview: string; padding: string }) {
  return (
    <div style={{ display: "none", overflow: "hidden", lineHeight: "1px", opacity: 0, maxHeight: 0, maxWidth: 0 }} data-skip-in-text={true}>
      {preview}
      {padding ? <div>{padding}</div> : null}
    </div>
  );
}
