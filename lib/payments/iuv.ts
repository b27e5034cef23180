/**
 * pagoPA notice codes (codice avviso, 18 digits) and IUVs, by the rules of pagoPA's SACI ("Specifiche attuative dei
 * codici identificativi di versamento"):
 *
 *   notice code = <aux digit (1)> [<application code (2)>] <IUV (15|17)>
 *
 * | aux | notice code                                       | IUV                         |
 * |-----|---------------------------------------------------|-----------------------------|
 * |  0  | 0 · application code (2) · base (13) · check (2)  | base (13) · check (2)       |
 * |  1  | 1 · base (17)                                     | base (17), no check digits  |
 * |  2  | 2 · base (15) · check (2)                         | base (15) · check (2)       |
 * |  3  | 3 · segregation code (2) · base (13) · check (2)  | segregation · base · check  |
 *
 * The check digits are the remainder of dividing by 93 the number written by every digit before them in the notice
 * code (aux digit included), as two digits. Aux digit 3 is what pagoPA asks of every ente today (one segregation
 * code per intermediary); 0 is the older single-intermediary layout still in use; 1 and 2 are read, never built.
 *
 * Pure: no database. The ente's counter that feeds `buildNoticeCode` is `lib/payments/notice-sequence.ts`.
 */

export const AUX_DIGITS = [0, 1, 2, 3] as const;
export type AuxDigit = (typeof AUX_DIGITS)[number];

/** The layouts an ente can be configured with (1 and 2 are recognised when read, not issued). */
export const BUILDABLE_AUX_DIGITS = [3, 0] as const;
export type BuildableAuxDigit = (typeof BUILDABLE_AUX_DIGITS)[number];

/** How an ente's notice codes are built: its aux digit and the two-digit code that goes with it. */
export type NoticeCodeConfig = { auxDigit: 3; segregationCode: string } | { auxDigit: 0; applicationCode: string };

export type ParsedNoticeCode = {
  /** The 18 digits, no spaces. */
  noticeCode: string;
  auxDigit: AuxDigit;
  /** The IUV the notice code carries (15 digits with aux digit 0, else 17). */
  iuv: string;
  /** Aux digit 0 only. */
  applicationCode: string | null;
  /** Aux digit 3 only. */
  segregationCode: string | null;
  /** The ente's own number inside the code (13 digits with aux 0 and 3, 15 with 2, 17 with 1). */
  base: string;
  /** null with aux digit 1, which has none. */
  checkDigits: string | null;
};

/** Why a notice code was refused: a code of the error catalogue (lib/i18n/errors.ts). */
export type NoticeCodeProblem = "pagopa.notice_code_length" | "pagopa.notice_code_digits" | "pagopa.notice_code_aux_digit" | "pagopa.notice_code_check";

export type NoticeCodeResult = { ok: true; value: ParsedNoticeCode } | { ok: false; problem: NoticeCodeProblem };

const BASE_DIGITS: Record<AuxDigit, number> = { 0: 13, 1: 17, 2: 15, 3: 13 };

/** The largest sequence number a 13-digit base holds: the ente's counter must stop there, never wrap. */
export const MAX_NOTICE_SEQUENCE = 10 ** 13 - 1;

/**
 * The two check digits of the digits before them: their value modulo 93. Computed digit by digit (Horner), so a
 * 16-digit prefix never passes through a float and never needs a BigInt.
 */
export function checkDigits93(digits: string): string {
  if (!/^[0-9]+$/.test(digits)) throw new TypeError("check digits are computed over digits only");
  let rest = 0;
  for (const c of digits) rest = (rest * 10 + (c.charCodeAt(0) - 48)) % 93;
  return String(rest).padStart(2, "0");
}

/** Spaces, dots and dashes people type or copy from a printed notice are not part of the code. */
export function normalizeNoticeCode(input: string): string {
  return input.replace(/[\s.\-]/g, "");
}

/**
 * Reads an 18-digit notice code, checking its layout and its check digits. pagoPA lets PSPs verify the check digits
 * but does not make the platform enforce them, and codes seen in the wild (pagoPA's own test positions among them)
 * do not always carry right ones: a code received from an intermediary can be read with `verifyCheckDigits: false`.
 * Codes Stanza issues always carry right ones.
 */
export function parseNoticeCode(input: string, opts: { verifyCheckDigits?: boolean } = {}): NoticeCodeResult {
  const code = normalizeNoticeCode(input);
  if (!/^[0-9]*$/.test(code)) return { ok: false, problem: "pagopa.notice_code_digits" };
  if (code.length !== 18) return { ok: false, problem: "pagopa.notice_code_length" };
  const aux = Number(code[0]);
  if (!isAuxDigit(aux)) return { ok: false, problem: "pagopa.notice_code_aux_digit" };
  const value = splitNoticeCode(code, aux);
  if (opts.verifyCheckDigits !== false && value.checkDigits !== null && checkDigits93(code.slice(0, 16)) !== value.checkDigits) return { ok: false, problem: "pagopa.notice_code_check" };
  return { ok: true, value };
}

export function isValidNoticeCode(input: string): boolean {
  return parseNoticeCode(input).ok;
}

function isAuxDigit(n: number): n is AuxDigit {
  return (AUX_DIGITS as readonly number[]).includes(n);
}

function splitNoticeCode(code: string, aux: AuxDigit): ParsedNoticeCode {
  switch (aux) {
    case 0:
      return { noticeCode: code, auxDigit: 0, iuv: code.slice(3), applicationCode: code.slice(1, 3), segregationCode: null, base: code.slice(3, 16), checkDigits: code.slice(16) };
    case 1:
      return { noticeCode: code, auxDigit: 1, iuv: code.slice(1), applicationCode: null, segregationCode: null, base: code.slice(1), checkDigits: null };
    case 2:
      return { noticeCode: code, auxDigit: 2, iuv: code.slice(1), applicationCode: null, segregationCode: null, base: code.slice(1, 16), checkDigits: code.slice(16) };
    case 3:
      return { noticeCode: code, auxDigit: 3, iuv: code.slice(1), applicationCode: null, segregationCode: code.slice(1, 3), base: code.slice(3, 16), checkDigits: code.slice(16) };
  }
}

/** A notice code's position-defining prefix: the aux digit and its two-digit code. */
function prefixOf(config: NoticeCodeConfig): string {
  const code = config.auxDigit === 3 ? config.segregationCode : config.applicationCode;
  if (!/^[0-9]{2}$/.test(code)) throw new RangeError(`the ${config.auxDigit === 3 ? "segregation" : "application"} code must be two digits`);
  return `${config.auxDigit}${code}`;
}

/**
 * The notice code and IUV for the ente's `sequence`-th notice: the sequence number is the 13-digit base, zero-padded.
 * Distinct sequence numbers give distinct codes under one configuration; the counter is per ente and never reused,
 * so a change of segregation code does not make an old code come back either.
 */
export function buildNoticeCode(config: NoticeCodeConfig, sequence: number): { noticeCode: string; iuv: string } {
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > MAX_NOTICE_SEQUENCE) throw new RangeError(`notice sequence out of range: ${sequence}`);
  const head = `${prefixOf(config)}${String(sequence).padStart(BASE_DIGITS[config.auxDigit], "0")}`;
  const noticeCode = `${head}${checkDigits93(head)}`;
  return { noticeCode, iuv: iuvOf(noticeCode, config.auxDigit) };
}

/** The IUV inside a notice code: after the application code with aux digit 0, after the aux digit otherwise. */
export function iuvOf(noticeCode: string, auxDigit: AuxDigit): string {
  return auxDigit === 0 ? noticeCode.slice(3) : noticeCode.slice(1);
}

/** The notice code of an IUV under the ente's configuration (the inverse of `iuvOf`), checked. */
export function noticeCodeFromIuv(iuv: string, config: NoticeCodeConfig): NoticeCodeResult {
  const code = config.auxDigit === 0 ? `0${config.applicationCode}${iuv}` : `3${iuv}`;
  return parseNoticeCode(code);
}

/** "3011 2345 6789 0123 45": groups of four digits, as the printed notice shows the code. */
export function formatNoticeCode(noticeCode: string): string {
  return normalizeNoticeCode(noticeCode).replace(/(.{4})(?=.)/g, "$1 ");
}
