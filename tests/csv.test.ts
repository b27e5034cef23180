import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvDocument, csvLine, csvResponse, csvStream } from "@/lib/format/csv";

/** A strict RFC 4180 reader (";" separated, CRLF), to prove that what the writer quotes reads back the same. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      cell += c; i++; continue;
    }
    if (c === '"' && cell === "") { quoted = true; i++; continue; }
    if (c === '"') throw new Error(`stray quote at ${i}`);
    if (c === ";") { row.push(cell); cell = ""; i++; continue; }
    if (c === "\r" && text[i + 1] === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i += 2; continue; }
    if (c === "\r" || c === "\n") throw new Error(`bare line break at ${i}`);
    cell += c; i++;
  }
  if (cell !== "" || row.length > 0) throw new Error("last line without CRLF");
  return rows;
}

describe("CSV writer", () => {
  it("leaves plain cells alone and quotes separators, quotes and line breaks", () => {
    expect(csvCell("Bugliano")).toBe("Bugliano");
    expect(csvCell("Città di Pisa")).toBe("Città di Pisa");
    expect(csvCell("a;b")).toBe('"a;b"');
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('di "Rossi"')).toBe('"di ""Rossi"""');
    expect(csvCell("riga 1\nriga 2")).toBe('"riga 1\nriga 2"');
    expect(csvCell("riga 1\r\nriga 2")).toBe('"riga 1\r\nriga 2"');
  });

  it("writes empty cells for null and undefined, ISO dates, numbers and JSON objects", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell("")).toBe("");
    expect(csvCell(2000)).toBe("2000");
    expect(csvCell(false)).toBe("false");
    expect(csvCell(new Date("2026-03-29T01:30:00Z"))).toBe("2026-03-29T01:30:00.000Z");
    expect(csvCell({ name: "x" })).toBe('"{""name"":""x""}"');
    expect(csvCell(["a", "b"])).toBe('"[""a"",""b""]"');
  });

  it("defuses every character a spreadsheet starts a formula with", () => {
    expect(csvCell("=1+1")).toBe("'=1+1");
    expect(csvCell("+39 050 123")).toBe("'+39 050 123");
    expect(csvCell("-1+2")).toBe("'-1+2");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
    expect(csvCell('=HYPERLINK("http://x";"y")')).toBe(`"'=HYPERLINK(""http://x"";""y"")"`);
    // Only at the start: inside a cell these are plain text.
    expect(csvCell("a=b-c+d@e")).toBe("a=b-c+d@e");
    expect(csvCell(-5)).toBe("'-5");
  });

  it("writes a file with BOM and CRLF that an RFC 4180 reader reads back", () => {
    const cells = [
      ["id", "nome", "nota"],
      ["1", 'Mario "il" Rossi', "a;b,c"],
      ["2", "", "due\r\nrighe e\nuna"],
      ["3", "Niccolò", "ok"],
    ];
    const doc = csvDocument(cells.map(csvLine));
    expect(doc.startsWith(CSV_BOM)).toBe(true);
    expect(doc.endsWith("ok\r\n")).toBe(true);
    expect(parseCsv(doc.slice(1))).toEqual(cells);
    expect(csvDocument([])).toBe(CSV_BOM);
  });

  it("streams exactly the same bytes as the whole file, in chunks", async () => {
    const lines = Array.from({ length: 2503 }, (_, i) => csvLine([i, `riga ${i}`, i % 7 === 0 ? "=x" : "àè"]));
    const streamed = await new Response(csvStream(lines, 1000)).arrayBuffer();
    expect(new Uint8Array(streamed)).toEqual(new TextEncoder().encode(csvDocument(lines)));
    // The BOM is the UTF-8 bytes EF BB BF.
    expect([...new Uint8Array(streamed).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("answers a download that is never cached", async () => {
    const res = csvResponse(csvDocument([csvLine(["a", "b"])]), "registro-x-2026-03-29.csv");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="registro-x-2026-03-29.csv"');
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    // text() would drop the BOM; the bytes keep it.
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(new TextEncoder().encode("\uFEFFa;b\r\n"));
  });
});
