import { inflateSync } from "node:zlib";

/** WinAnsi differs from latin1 only in 0x80–0x9F: the euro sign, typographic quotes and dashes live there. */
const WIN_ANSI_HIGH: Record<number, string> = {
  0x80: "€", 0x82: "‚", 0x83: "ƒ", 0x84: "„", 0x85: "…", 0x86: "†", 0x87: "‡", 0x88: "ˆ", 0x89: "‰", 0x8a: "Š", 0x8b: "‹", 0x8c: "Œ",
  0x8e: "Ž", 0x91: "‘", 0x92: "’", 0x93: "“", 0x94: "”", 0x95: "•", 0x96: "–", 0x97: "—", 0x98: "˜", 0x99: "™", 0x9a: "š", 0x9b: "›",
  0x9c: "œ", 0x9e: "ž", 0x9f: "Ÿ",
};

function winAnsi(bytes: Buffer): string {
  let out = "";
  for (const b of bytes) out += WIN_ANSI_HIGH[b] ?? String.fromCharCode(b);
  return out;
}

/**
 * The text pdfkit wrote with its standard fonts: content streams inflated, the hex strings of the text operators
 * decoded (WinAnsi: latin1 but for the euro sign, quotes and dashes). Lines are joined by a space, so a sentence
 * wrapped over two lines still reads as one.
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
      for (const h of line.matchAll(/<([0-9a-fA-F]+)>/g)) out += winAnsi(Buffer.from(h[1] ?? "", "hex"));
      out += " ";
    }
  }
  return out.replace(/\s+/g, " ");
}
