import bwipjs from "bwip-js/node";
import { isValidNoticeCode, normalizeNoticeCode } from "./iuv";

/**
 * The two codes a printed pagoPA notice carries, as payloads and as module matrices (drawn in vector by the PDF,
 * lib/payments/notice-pdf.ts) or PNG images. Rendered by bwip-js, offline.
 */

/** Largest amount the QR code's field holds: 11 digits of cents. */
export const MAX_QR_AMOUNT_CENTS = 99_999_999_999;
/** Largest amount the Poste Data Matrix holds: 10 digits of cents. */
export const MAX_POSTE_AMOUNT_CENTS = 9_999_999_999;

function assertNotice(noticeCode: string): string {
  const code = normalizeNoticeCode(noticeCode);
  if (!isValidNoticeCode(code)) throw new RangeError("not a valid notice code");
  return code;
}

function assertFiscalCode(cf: string): string {
  if (!/^[0-9]{11}$/.test(cf)) throw new RangeError("the ente's fiscal code must be 11 digits");
  return cf;
}

function assertCents(cents: number, max: number): number {
  if (!Number.isSafeInteger(cents) || cents < 1 || cents > max) throw new RangeError(`amount out of range: ${cents}`);
  return cents;
}

/**
 * The notice's QR code: "PAGOPA|002|<notice code>|<ente's fiscal code>|<amount in cents>", the amount written with
 * at least two digits. What banking apps, App IO and shop terminals read to fill in the payment.
 */
export function pagopaQrPayload(p: { noticeCode: string; enteFiscalCode: string; amountCents: number }): string {
  const cents = String(assertCents(p.amountCents, MAX_QR_AMOUNT_CENTS)).padStart(2, "0");
  return ["PAGOPA", "002", assertNotice(p.noticeCode), assertFiscalCode(p.enteFiscalCode), cents].join("|");
}

/** Poste's Data Matrix accepts a restricted character set: accents dropped, upper case, anything else a space. */
function posteText(text: string, width: number): string {
  const plain = text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/[^A-Z0-9 .,'/()-]/g, " ");
  return plain.slice(0, width).padEnd(width, " ");
}

/**
 * The Data Matrix of the Bollettino Postale PA, for an ente that also collects on a postal account (Poste's
 * "stampa in proprio" rules): a fixed-width record of 256 characters —
 * "codfase=NBPA;" · "18" + notice code · "12" + postal account (12, zero-padded) · "10" + cents (10, zero-padded) ·
 * "3" + "896" (the PA form) · "1P1" · ente's fiscal code (11) · payer's fiscal code (16) · payer's name (40) ·
 * reason (110) · 12 spaces · "A".
 */
export function posteDataMatrixPayload(p: {
  noticeCode: string;
  postalAccount: string;
  amountCents: number;
  enteFiscalCode: string;
  payerFiscalCode: string;
  payerName: string;
  causale: string;
}): string {
  if (!/^[0-9]{1,12}$/.test(p.postalAccount)) throw new RangeError("the postal account must be up to 12 digits");
  const codeline = `18${assertNotice(p.noticeCode)}12${p.postalAccount.padStart(12, "0")}10${String(assertCents(p.amountCents, MAX_POSTE_AMOUNT_CENTS)).padStart(10, "0")}3896`;
  return `codfase=NBPA;${codeline}1P1${assertFiscalCode(p.enteFiscalCode)}${posteText(p.payerFiscalCode, 16)}${posteText(p.payerName, 40)}${posteText(p.causale, 110)}${" ".repeat(12)}A`;
}

export type BarcodeKind = "qrcode" | "datamatrix";

/** pagoPA's QR code: version 4 (33×33 modules), error correction M. The Data Matrix takes the size its record needs. */
const OPTIONS: Record<BarcodeKind, Record<string, string | number | boolean>> = {
  qrcode: { eclevel: "M", version: "4" },
  datamatrix: {},
};

export type ModuleMatrix = { size: { columns: number; rows: number }; dark: (column: number, row: number) => boolean };

/** The code's modules, for drawing (true = dark). No quiet zone: the drawing leaves its own margin. */
export function barcodeMatrix(kind: BarcodeKind, payload: string): ModuleMatrix {
  const [symbol] = bwipjs.raw({ bcid: kind, text: payload, ...OPTIONS[kind] });
  if (!symbol || !("pixs" in symbol)) throw new Error(`${kind} gave no matrix`);
  const { pixs, pixx, pixy } = symbol;
  return { size: { columns: pixx, rows: pixy }, dark: (c, r) => pixs[r * pixx + c] === 1 };
}

/** The same code as a PNG (black on white, with a quiet zone of four modules), `scale` × 2 pixels per module. */
export function barcodePng(kind: BarcodeKind, payload: string, scale = 4): Promise<Buffer> {
  return bwipjs.toBuffer({ bcid: kind, text: payload, scale, paddingwidth: 8, paddingheight: 8, backgroundcolor: "FFFFFF", ...OPTIONS[kind] });
}
