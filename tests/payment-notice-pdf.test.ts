import { BinaryBitmap, DataMatrixReader, DecodeHintType, HybridBinarizer, QRCodeReader, RGBLuminanceSource, type Reader } from "@zxing/library";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { barcodeMatrix, barcodePng, pagopaQrPayload, posteDataMatrixPayload } from "@/lib/payments/barcodes";
import { formatEuroCents } from "@/lib/payments/euro";
import { buildNoticeCode } from "@/lib/payments/iuv";
import { formatDueDate, renderPaymentNotice, type PaymentNoticeInput } from "@/lib/payments/notice-pdf";
import { pdfText } from "./helpers/pdf-text";

const NOTICE = buildNoticeCode({ auxDigit: 3, segregationCode: "07" }, 42).noticeCode;

/** poppler's pdftoppm draws a PDF page as a picture; where it is installed the notice's own QR code is read back. */
const HAS_PDFTOPPM = spawnSync("pdftoppm", ["-v"]).status === 0;

/** Reads a code back from a PNG with an independent decoder (ZXing): the image holds the code alone, on white. */
function decodePng(png: Buffer, reader: Reader, hint = DecodeHintType.PURE_BARCODE): string {
  const img = PNG.sync.read(png);
  const gray = new Uint8ClampedArray(img.width * img.height);
  for (let i = 0; i < gray.length; i++) gray[i] = Math.round(0.299 * img.data[i * 4]! + 0.587 * img.data[i * 4 + 1]! + 0.114 * img.data[i * 4 + 2]!);
  const hints = new Map([[hint, true]]);
  return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(gray, img.width, img.height))), hints).getText();
}

describe("payment codes", () => {
  it("writes the QR payload pagoPA specifies, the amount in cents with at least two digits", () => {
    expect(pagopaQrPayload({ noticeCode: NOTICE, enteFiscalCode: "00123450504", amountCents: 1600 })).toBe(`PAGOPA|002|${NOTICE}|00123450504|1600`);
    expect(pagopaQrPayload({ noticeCode: "3070 0000 0000 0042 " + NOTICE.slice(16), enteFiscalCode: "00123450504", amountCents: 5 })).toBe(`PAGOPA|002|${NOTICE}|00123450504|05`);
    expect(pagopaQrPayload({ noticeCode: NOTICE, enteFiscalCode: "00123450504", amountCents: 99_999_999_999 })).toMatch(/\|99999999999$/);
  });

  it("refuses what the payload cannot carry: a bad notice code, fiscal code or amount", () => {
    const ok = { noticeCode: NOTICE, enteFiscalCode: "00123450504", amountCents: 1600 };
    expect(() => pagopaQrPayload({ ...ok, noticeCode: `${NOTICE.slice(0, 17)}0` })).toThrow(RangeError);
    expect(() => pagopaQrPayload({ ...ok, enteFiscalCode: "RSSMRA80A01G702Q" })).toThrow(RangeError);
    for (const amountCents of [0, -100, 16.5, 100_000_000_000, Number.NaN]) expect(() => pagopaQrPayload({ ...ok, amountCents })).toThrow(RangeError);
  });

  it("draws a version 4 QR code (33×33 modules) that a decoder reads back as the same payload", async () => {
    const payload = pagopaQrPayload({ noticeCode: NOTICE, enteFiscalCode: "00123450504", amountCents: 123456 });
    expect(barcodeMatrix("qrcode", payload).size).toEqual({ columns: 33, rows: 33 });
    expect(decodePng(await barcodePng("qrcode", payload), new QRCodeReader())).toBe(payload);
  });

  it("lays out the Poste Data Matrix record at its fixed offsets, and a decoder reads it back", async () => {
    const payload = posteDataMatrixPayload({
      noticeCode: NOTICE,
      postalAccount: "1234567",
      amountCents: 1600,
      enteFiscalCode: "00123450504",
      payerFiscalCode: "RSSMRA80A01G702Q",
      payerName: "Niccolò Rossi",
      causale: "Marca da bollo — occupazione di suolo pubblico",
    });
    expect(payload).toHaveLength(256);
    expect(payload.slice(0, 15)).toBe("codfase=NBPA;18");
    expect(payload.slice(15, 33)).toBe(NOTICE);
    expect(payload.slice(33, 47)).toBe("12000001234567");
    expect(payload.slice(47, 59)).toBe("100000001600");
    expect(payload.slice(59, 66)).toBe("38961P1");
    expect(payload.slice(66, 77)).toBe("00123450504");
    expect(payload.slice(77, 93)).toBe("RSSMRA80A01G702Q");
    expect(payload.slice(93, 133).trimEnd()).toBe("NICCOLO ROSSI");
    expect(payload.slice(133, 243).trimEnd()).toBe("MARCA DA BOLLO   OCCUPAZIONE DI SUOLO PUBBLICO");
    expect(payload.endsWith(`${" ".repeat(12)}A`)).toBe(true);
    expect(decodePng(await barcodePng("datamatrix", payload), new DataMatrixReader())).toBe(payload);
    expect(() => posteDataMatrixPayload({ noticeCode: NOTICE, postalAccount: "12-34", amountCents: 1600, enteFiscalCode: "00123450504", payerFiscalCode: "", payerName: "", causale: "" })).toThrow(RangeError);
  });

  it("writes euros from integer cents the Italian way, thousands grouped", () => {
    expect(formatEuroCents(1600)).toBe("€ 16,00");
    expect(formatEuroCents(5)).toBe("€ 0,05");
    expect(formatEuroCents(123456)).toBe("€ 1.234,56");
    expect(formatEuroCents(99_999_999_999)).toBe("€ 999.999.999,99");
    expect(formatEuroCents(123456, "en")).toBe("€1,234.56");
    expect(() => formatEuroCents(16.5)).toThrow(RangeError);
  });

  it("writes due dates with a four-digit year, an instant in Rome's calendar", () => {
    expect(formatDueDate("2026-12-15", "it")).toBe("15/12/2026");
    // 23:30 UTC on 15 December is already the 16th in Rome.
    expect(formatDueDate(new Date("2026-12-15T23:30:00Z"), "it")).toBe("16/12/2026");
    expect(formatDueDate(new Date("2026-07-31T22:30:00Z"), "en")).toBe("01/08/2026");
    expect(() => formatDueDate("15/12/2026", "it")).toThrow(RangeError);
  });
});

describe("the printable notice", () => {
  const input: PaymentNoticeInput = {
    ente: { name: "Comune di Bugliano", codiceFiscale: "00123450504", address: "Piazza del Municipio 1, 56000 Bugliano (PI)", pagopaCbillCode: "A7Q3K", timezone: "Europe/Rome" },
    payer: { name: "Mario Rossi", fiscalCode: "RSSMRA80A01G702Q" },
    causale: "Marca da bollo per occupazione di suolo pubblico",
    amountCents: 1600,
    dueDate: new Date("2026-12-15T23:30:00Z"),
    noticeCode: NOTICE,
  };
  const grouped = `3070 0000 0000 0042 ${NOTICE.slice(16)}`;

  it("prints, in Italian by default, who is paid and by whom, what for, how much, by when, where, and the codes", async () => {
    const pdf = await renderPaymentNotice(input);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = pdfText(pdf);
    for (const s of [
      "AVVISO DI PAGAMENTO",
      "Comune di Bugliano",
      "Codice fiscale 00123450504",
      "Mario Rossi",
      "Codice fiscale RSSMRA80A01G702Q",
      "Marca da bollo per occupazione di suolo pubblico",
      "€ 16,00",
      "entro il 16/12/2026",
      "DOVE PAGARE?",
      "home banking",
      "uffici postali",
      "tabaccheria",
      "ATM",
      "Codice CBILL",
      "A7Q3K",
      "Codice avviso",
      grouped,
      "Cod. fiscale ente creditore",
    ]) {
      expect(text, s).toContain(s);
    }
    expect(text).not.toContain("Payment notice");
    expect(pdf.toString("latin1")).toMatch(/\/Lang \(it-IT\)/);
  });

  it("prints in English when asked, and says when there is no due date", async () => {
    const text = pdfText(await renderPaymentNotice({ ...input, lang: "en", dueDate: null, amountCents: 123456 }));
    for (const s of ["PAYMENT NOTICE", "WHERE TO PAY?", "€1,234.56", "no due date", "Notice code", grouped, "Creditor's tax code"]) expect(text, s).toContain(s);
    expect(text).not.toContain("Dove pagare");
  });

  it.skipIf(!HAS_PDFTOPPM)("prints a QR code that reads back, from the page as printed, as the notice's payload", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "notice-"));
    try {
      writeFileSync(path.join(dir, "notice.pdf"), await renderPaymentNotice(input));
      execFileSync("pdftoppm", ["-r", "150", "-png", "-singlefile", path.join(dir, "notice.pdf"), path.join(dir, "page")]);
      const text = decodePng(readFileSync(path.join(dir, "page.png")), new QRCodeReader(), DecodeHintType.TRY_HARDER);
      expect(text).toBe(`PAGOPA|002|${NOTICE}|00123450504|1600`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses to print a notice pagoPA would refuse", async () => {
    await expect(renderPaymentNotice({ ...input, noticeCode: `${NOTICE.slice(0, 17)}9` })).rejects.toThrow(RangeError);
    await expect(renderPaymentNotice({ ...input, ente: { ...input.ente, codiceFiscale: null } })).rejects.toThrow(RangeError);
    await expect(renderPaymentNotice({ ...input, amountCents: 0 })).rejects.toThrow(RangeError);
  });
});
