import { DOMParser } from "@xmldom/xmldom";
import type { ParsedMail } from "mailparser";

/**
 * A PEC receipt as the provider sends it back (DPR 68/2005, technical rules of DM 2 November 2005): a signed message
 * with a human-readable part, `daticert.xml` (the certification data) and, for a complete delivery receipt, the
 * original message as `postacert.eml`; its headers X-Ricevuta (the receipt's type) and X-Riferimento-Message-ID (the
 * Message-ID of the message it is about).
 *
 * daticert.xml: `<postacert tipo="…" errore="…">` with `<intestazione>` (mittente, destinatari, oggetto) and `<dati>`
 * (gestore-emittente, data (giorno dd/mm/yyyy, ora hh:mm:ss, zona ±hhmm), identificativo, msgid, consegna,
 * errore-esteso, ricevuta).
 */
export const RECEIPT_TYPES = [
  "accettazione",
  "non-accettazione",
  "presa-in-carico",
  "avvenuta-consegna",
  "errore-consegna",
  "preavviso-errore-consegna",
  "rilevazione-virus",
] as const;
export type ReceiptType = (typeof RECEIPT_TYPES)[number];

export type PecReceipt = {
  tipo: ReceiptType;
  /** "nessuno", "no-dest", "no-dominio", "virus", "altro". */
  errore: string;
  /** The Message-ID of the message the receipt is about, with its angle brackets. */
  msgid: string;
  /** The provider's identifier of the transport (unique per message at the provider). */
  identificativo: string | null;
  /** The recipient the receipt is about (delivery receipts and their errors). */
  consegna: string | null;
  erroreEsteso: string | null;
  /** When the provider issued it (daticert's data), else the message's Date. */
  at: Date | null;
};

const isReceiptType = (v: string): v is ReceiptType => (RECEIPT_TYPES as readonly string[]).includes(v);

/** `<id@host>` however it was written (with or without brackets, spaces around). */
export function normalizeMessageId(raw: string | null | undefined): string | null {
  const v = raw?.trim();
  if (!v) return null;
  const inner = v.replace(/^<+/, "").replace(/>+$/, "").trim();
  return inner ? `<${inner}>` : null;
}

function childText(parent: Element | null | undefined, name: string): string | null {
  if (!parent) return null;
  const el = parent.getElementsByTagName(name)[0];
  const text = el?.textContent?.trim();
  return text ? text : null;
}

/** daticert's date: dd/mm/yyyy and hh:mm:ss in the zone it names (±hhmm). */
function dateOf(dati: Element | null | undefined): Date | null {
  const data = dati?.getElementsByTagName("data")[0];
  if (!data) return null;
  const giorno = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(childText(data, "giorno") ?? "");
  const ora = /^(\d{2}):(\d{2}):(\d{2})$/.exec(childText(data, "ora") ?? "");
  const zona = /^([+-])(\d{2})(\d{2})$/.exec(data.getAttribute("zona") ?? "+0000");
  if (!giorno || !ora || !zona) return null;
  const iso = `${giorno[3]}-${giorno[2]}-${giorno[1]}T${ora[1]}:${ora[2]}:${ora[3]}${zona[1]}${zona[2]}:${zona[3]}`;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Reads daticert.xml; null when it is not one (another XML, broken XML, an unknown type). */
export function parseDaticert(xml: string): PecReceipt | null {
  let root: Element | null = null;
  const problems: string[] = [];
  try {
    const doc = new DOMParser({ errorHandler: { error: (msg: unknown) => void problems.push(String(msg)), fatalError: (msg: unknown) => void problems.push(String(msg)) } }).parseFromString(xml, "text/xml");
    root = doc.documentElement;
  } catch {
    return null;
  }
  if (!root || root.nodeName !== "postacert" || problems.length > 0) return null;
  const tipo = root.getAttribute("tipo") ?? "";
  if (!isReceiptType(tipo)) return null;
  const dati = root.getElementsByTagName("dati")[0];
  const msgid = normalizeMessageId(childText(dati, "msgid"));
  if (!msgid) return null;
  return {
    tipo,
    errore: root.getAttribute("errore") || "nessuno",
    msgid,
    identificativo: childText(dati, "identificativo"),
    consegna: childText(dati, "consegna"),
    erroreEsteso: childText(dati, "errore-esteso"),
    at: dateOf(dati),
  };
}

function header(mail: ParsedMail, name: string): string | null {
  const v = mail.headers.get(name);
  return typeof v === "string" ? v : null;
}

/**
 * A message of the PEC mailbox as a receipt, or null when it is not one (a PEC from someone else, spam, a broken
 * message). daticert.xml is what counts; the headers X-Ricevuta and X-Riferimento-Message-ID must be there and agree
 * with it (a mismatch is not trusted). The provider's S/MIME signature is not checked (yet).
 */
export async function parseReceipt(source: Buffer): Promise<PecReceipt | null> {
  // mailparser is loaded at the first receipt: about 15 MB of memory that a server without PEC never needs.
  const { simpleParser } = await import("mailparser");
  const mail = await simpleParser(source, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  // A provider's receipt says so in its own headers; a transport envelope (anyone's PEC to the ente) has X-Trasporto
  // instead, and whatever its sender put in the message it carries is theirs, not the provider's.
  const kind = header(mail, "x-ricevuta")?.trim().toLowerCase();
  const ref = normalizeMessageId(header(mail, "x-riferimento-message-id"));
  if (!kind || !ref || header(mail, "x-trasporto")) return null;
  // mailparser lists the attachments of embedded messages too: a receipt has exactly one daticert.xml.
  const xmls = mail.attachments.filter((a) => (a.filename ?? "").toLowerCase() === "daticert.xml");
  if (xmls.length !== 1) return null;
  const data = parseDaticert(xmls[0]!.content.toString("utf8"));
  if (!data) return null;
  if (kind !== data.tipo) return null;
  if (ref !== data.msgid) return null;
  return { ...data, at: data.at ?? mail.date ?? null };
}
