import { inflateSync } from "node:zlib";

/**
 * The text pdfkit wrote with its standard fonts: content streams inflated, the hex strings of the text operators
 * decoded (WinAnsi, read as latin1). Lines are joined by a space, so a sentence wrapped over two lines still reads as one.
 */
export function pdfText(raw: Buffer): string {
  const s = raw.toString("latin1");
  let out = "";
  for (const m of s.matchAll(/stream\r?\n([\s\S]*?)endstream/g)) {
    let body: string;
    try {
      body = inflateSync(Buffer.from(m[1] ?? "", "latin1")).toString("latin1");
    } catch {
      continue;
    }
    for (const line of body.split("\n")) {
      if (!/T[Jj]\s*$/.test(line)) continue;
      for (const h of line.matchAll(/<([0-9a-fA-F]+)>/g)) out += Buffer.from(h[1] ?? "", "hex").toString("latin1");
      out += " ";
    }
  }
  return out.replace(/\s+/g, " ");
}
