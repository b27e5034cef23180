/**
 * The one CSV writer of the exports (operators' dashboard, admins' audit log): RFC 4180 quoting, CRLF line ends,
 * ";" between cells as spreadsheets set to Italian expect, a UTF-8 BOM so they read accents, and no cell that a
 * spreadsheet could run as a formula.
 */

export const CSV_SEPARATOR = ";";
export const CSV_EOL = "\r\n";
export const CSV_BOM = "\uFEFF";

/** Spreadsheets start a formula on these; such a cell gets a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Quoted when present: the separator, the comma (a spreadsheet guessing the separator), quotes and line breaks. */
const NEEDS_QUOTES = /[";,\n\r]/;

/** One cell: null and undefined are empty, dates ISO 8601, objects JSON; quoted when needed. */
export function csvCell(value: unknown): string {
  let s =
    value === null || value === undefined ? "" :
    typeof value === "string" ? value :
    value instanceof Date ? value.toISOString() :
    typeof value === "object" ? JSON.stringify(value) :
    String(value);
  if (FORMULA_START.test(s)) s = `'${s}`;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line of cells, without its line end. */
export function csvLine(cells: readonly unknown[]): string {
  return cells.map(csvCell).join(CSV_SEPARATOR);
}

/** A whole file: BOM, the lines, each ended by CRLF. */
export function csvDocument(lines: readonly string[]): string {
  return `${CSV_BOM}${lines.map((l) => l + CSV_EOL).join("")}`;
}

/** The same file as `csvDocument`, encoded in chunks of `chunk` lines as the reader pulls them. */
export function csvStream(lines: readonly string[], chunk = 1000): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(CSV_BOM));
    },
    pull(controller) {
      if (i >= lines.length) return controller.close();
      controller.enqueue(encoder.encode(lines.slice(i, i + chunk).map((l) => l + CSV_EOL).join("")));
      i += chunk;
    },
  });
}

/** A CSV download: never cached, saved under `filename` (callers pass a plain ASCII name). */
export function csvResponse(body: string | ReadableStream<Uint8Array>, filename: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
