import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, enti, paymentNoticeCounters, type Ente, type User } from "@/db/schema";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/errors";
import {
  buildNoticeCode,
  checkDigits93,
  formatNoticeCode,
  iuvOf,
  isValidNoticeCode,
  MAX_NOTICE_SEQUENCE,
  noticeCodeFromIuv,
  parseNoticeCode,
} from "@/lib/payments/iuv";
import { issueNoticeCode } from "@/lib/payments/notice-sequence";
import { isValidEnteFiscalCode, noticeConfigOf, updatePagopaSettings } from "@/lib/payments/pagopa-settings";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, createEnte, createStaff, operatorCtx } from "./helpers/fixtures";

/** The rule computed another way: the whole prefix as a BigInt, modulo 93. */
const bigMod93 = (digits: string) => String(BigInt(digits) % 93n).padStart(2, "0");

describe("notice codes (SACI rules)", () => {
  it("computes the check digits as the prefix modulo 93, on prefixes a float could not hold", () => {
    expect(checkDigits93("3010000000000123")).toBe("73");
    expect(checkDigits93("3999999999999999")).toBe("03");
    expect(checkDigits93("0000000000000000")).toBe("00");
    for (let i = 0; i < 300; i++) {
      const prefix = String(i % 4) + Array.from({ length: 15 }, () => Math.floor(Math.random() * 10)).join("");
      expect(checkDigits93(prefix)).toBe(bigMod93(prefix));
    }
    expect(() => checkDigits93("12a")).toThrow(TypeError);
  });

  it("builds aux digit 3 codes: 3 · segregation code · 13-digit base · check digits; the IUV is the 17 digits after the aux digit", () => {
    const { noticeCode, iuv } = buildNoticeCode({ auxDigit: 3, segregationCode: "01" }, 123);
    expect(noticeCode).toBe("301000000000012373");
    expect(iuv).toBe("01000000000012373");
    expect(noticeCode.slice(16)).toBe(bigMod93(noticeCode.slice(0, 16)));
    const last = buildNoticeCode({ auxDigit: 3, segregationCode: "47" }, MAX_NOTICE_SEQUENCE);
    expect(last.noticeCode).toBe(`3479999999999999${bigMod93("3479999999999999")}`);
  });

  it("builds aux digit 0 codes: 0 · application code · base · check digits over all of them; the IUV is 15 digits", () => {
    const { noticeCode, iuv } = buildNoticeCode({ auxDigit: 0, applicationCode: "12" }, 1);
    expect(noticeCode).toBe("012000000000000116");
    expect(iuv).toBe("000000000000116");
    expect(iuvOf(noticeCode, 0)).toBe(iuv);
    const parsed = parseNoticeCode(noticeCode);
    expect(parsed).toEqual({ ok: true, value: { noticeCode, auxDigit: 0, iuv, applicationCode: "12", segregationCode: null, base: "0000000000001", checkDigits: "16" } });
  });

  it("reads aux digits 1 (no check digits) and 2 (15-digit base), which Stanza never issues", () => {
    expect(parseNoticeCode("112345678901234567")).toMatchObject({ ok: true, value: { auxDigit: 1, iuv: "12345678901234567", checkDigits: null } });
    const two = `2123456789012345${bigMod93("2123456789012345")}`;
    expect(parseNoticeCode(two)).toMatchObject({ ok: true, value: { auxDigit: 2, base: "123456789012345", iuv: two.slice(1) } });
  });

  it("refuses every single wrong digit, and codes of the wrong length, with letters or an unknown aux digit", () => {
    const good = buildNoticeCode({ auxDigit: 3, segregationCode: "07" }, 4_815_162_342).noticeCode;
    expect(isValidNoticeCode(good)).toBe(true);
    // 10^k is never a multiple of 31, so no change of one digit keeps the remainder modulo 93.
    for (let pos = 1; pos < 18; pos++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === good[pos]) continue;
        const bad = good.slice(0, pos) + d + good.slice(pos + 1);
        expect(parseNoticeCode(bad), bad).toEqual({ ok: false, problem: "pagopa.notice_code_check" });
      }
    }
    expect(parseNoticeCode(good.slice(0, 17))).toEqual({ ok: false, problem: "pagopa.notice_code_length" });
    expect(parseNoticeCode(`${good}0`)).toEqual({ ok: false, problem: "pagopa.notice_code_length" });
    expect(parseNoticeCode("")).toEqual({ ok: false, problem: "pagopa.notice_code_length" });
    expect(parseNoticeCode(`${good.slice(0, 10)}A${good.slice(11)}`)).toEqual({ ok: false, problem: "pagopa.notice_code_digits" });
    expect(parseNoticeCode(`4${good.slice(1)}`)).toEqual({ ok: false, problem: "pagopa.notice_code_aux_digit" });
    expect(parseNoticeCode(`9${good.slice(1)}`)).toEqual({ ok: false, problem: "pagopa.notice_code_aux_digit" });
  });

  it("reads a code received from elsewhere without verifying its check digits only when asked to", () => {
    // A code of pagoPA's own test environment, whose last two digits are not the remainder modulo 93.
    expect(parseNoticeCode("302000100440009424")).toEqual({ ok: false, problem: "pagopa.notice_code_check" });
    expect(parseNoticeCode("302000100440009424", { verifyCheckDigits: false })).toMatchObject({ ok: true, value: { segregationCode: "02", iuv: "02000100440009424" } });
    expect(parseNoticeCode("40200010044000942", { verifyCheckDigits: false })).toEqual({ ok: false, problem: "pagopa.notice_code_length" });
  });

  it("formats in groups of four and reads back what it formats, spaces or dashes included", () => {
    expect(formatNoticeCode("301000000000012373")).toBe("3010 0000 0000 0123 73");
    expect(parseNoticeCode("3010 0000 0000 0123 73")).toMatchObject({ ok: true, value: { noticeCode: "301000000000012373" } });
    expect(parseNoticeCode(" 3010-0000-0000-0123-73 ")).toMatchObject({ ok: true });
    expect(noticeCodeFromIuv("01000000000012373", { auxDigit: 3, segregationCode: "01" })).toMatchObject({ ok: true, value: { noticeCode: "301000000000012373" } });
    expect(noticeCodeFromIuv("000000000000116", { auxDigit: 0, applicationCode: "12" })).toMatchObject({ ok: true, value: { noticeCode: "012000000000000116" } });
    expect(noticeCodeFromIuv("000000000000117", { auxDigit: 0, applicationCode: "12" })).toEqual({ ok: false, problem: "pagopa.notice_code_check" });
  });

  it("refuses sequence numbers outside the 13-digit base and codes that are not two digits", () => {
    const cfg = { auxDigit: 3, segregationCode: "01" } as const;
    for (const n of [0, -1, 1.5, MAX_NOTICE_SEQUENCE + 1, Number.NaN]) expect(() => buildNoticeCode(cfg, n)).toThrow(RangeError);
    expect(() => buildNoticeCode({ auxDigit: 3, segregationCode: "7" }, 1)).toThrow(RangeError);
    expect(() => buildNoticeCode({ auxDigit: 0, applicationCode: "1a" }, 1)).toThrow(RangeError);
  });

  it("checks an ente's fiscal code by its last digit", () => {
    for (const cf of ["00123450504", "01199250158", "02438750586", "80016350821"]) expect(isValidEnteFiscalCode(cf), cf).toBe(true);
    for (const cf of ["00123450506", "0012345050", "001234505040", "RSSMRA80A01G702Q", "0012345050A"]) expect(isValidEnteFiscalCode(cf), cf).toBe(false);
  });
});

let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let admin: User;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db, { codiceFiscale: "00123450504", pagopaAuxDigit: 3, pagopaSegregationCode: "07" });
  other = await createEnte(tdb.db, { codiceFiscale: "01199250158", pagopaAuxDigit: 0, pagopaApplicationCode: "12" });
  admin = await createStaff(tdb.db, ente, "admin");
});
afterAll(async () => tdb?.close());

describe("the ente's notice counter", () => {
  it("gives 20 concurrent callers 20 distinct, valid codes, numbered 1 to 20", async () => {
    const issued = await Promise.all(Array.from({ length: 20 }, () => issueNoticeCode({ db: tdb.db, ente })));
    expect(new Set(issued.map((i) => i.noticeCode)).size).toBe(20);
    expect(issued.map((i) => i.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const i of issued) {
      expect(parseNoticeCode(i.noticeCode)).toMatchObject({ ok: true, value: { auxDigit: 3, segregationCode: "07", iuv: i.iuv } });
    }
  });

  it("counts per ente, in each ente's own layout", async () => {
    const a = await issueNoticeCode({ db: tdb.db, ente: other });
    expect(a).toEqual({ noticeCode: "012000000000000116", iuv: "000000000000116", sequence: 1 });
    const [row] = await tdb.db.select().from(paymentNoticeCounters).where(eq(paymentNoticeCounters.enteId, ente.id));
    expect(row?.last).toBe(20);
  });

  it("gives a number back when the transaction that took it rolls back", async () => {
    const before = await issueNoticeCode({ db: tdb.db, ente });
    await expect(
      tdb.db.transaction(async (tx) => {
        await issueNoticeCode({ db: tx, ente });
        throw new Error("debt position not recorded");
      }),
    ).rejects.toThrow("debt position not recorded");
    const after = await issueNoticeCode({ db: tdb.db, ente });
    expect(after.sequence).toBe(before.sequence + 1);
  });

  it("refuses an ente whose settings cannot build a code, and stops at the end of the 13-digit base instead of wrapping", async () => {
    const bare = await createEnte(tdb.db);
    await expect(issueNoticeCode({ db: tdb.db, ente: bare })).rejects.toMatchObject({ code: "pagopa.not_configured" });
    const badCf = await createEnte(tdb.db, { codiceFiscale: "00123450506", pagopaSegregationCode: "01" });
    expect(noticeConfigOf(badCf)).toBeNull();
    await expect(issueNoticeCode({ db: tdb.db, ente: badCf })).rejects.toBeInstanceOf(ConflictError);

    const full = await createEnte(tdb.db, { codiceFiscale: "02438750586", pagopaSegregationCode: "03" });
    await tdb.db.insert(paymentNoticeCounters).values({ enteId: full.id, last: MAX_NOTICE_SEQUENCE - 1 });
    expect((await issueNoticeCode({ db: tdb.db, ente: full })).noticeCode.slice(3, 16)).toBe("9999999999999");
    await expect(issueNoticeCode({ db: tdb.db, ente: full })).rejects.toMatchObject({ code: "pagopa.notice_sequence_exhausted" });
    await expect(tdb.db.execute(sql`update payment_notice_counters set last = 0 where ente_id = ${full.id}`)).rejects.toThrow();
  });
});

describe("pagoPA settings", () => {
  const valid = { codiceFiscale: "00123450504", auxDigit: "3", segregationCode: "07", applicationCode: "", cbillCode: "a7q3k" };
  const fieldCodes = async (input: Record<string, unknown>) => {
    const err = await updatePagopaSettings(adminCtx(tdb.db, ente, admin), input).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    return Object.fromEntries((err as ValidationError).fieldErrors.map((f) => [f.path, f.code]));
  };

  it("saves the codes, upper-cases the CBILL code, audits what changed, and records nothing when nothing changed", async () => {
    const row = await updatePagopaSettings(adminCtx(tdb.db, ente, admin), { ...valid, segregationCode: "12" });
    expect(row).toMatchObject({ codiceFiscale: "00123450504", pagopaAuxDigit: 3, pagopaSegregationCode: "12", pagopaApplicationCode: null, pagopaCbillCode: "A7Q3K" });
    const audits = await tdb.db.select().from(auditLog).where(eq(auditLog.action, "ente.pagopa"));
    expect(audits).toHaveLength(1);
    expect(audits[0]?.data).toMatchObject({ changed: ["pagopaSegregationCode", "pagopaCbillCode"], before: { pagopaSegregationCode: "07", pagopaCbillCode: null }, after: { pagopaCbillCode: "A7Q3K" } });
    await updatePagopaSettings(adminCtx(tdb.db, ente, admin), { ...valid, segregationCode: "12", cbillCode: "A7Q3K" });
    expect(await tdb.db.select().from(auditLog).where(eq(auditLog.action, "ente.pagopa"))).toHaveLength(1);
    const switched = await updatePagopaSettings(adminCtx(tdb.db, ente, admin), { ...valid, auxDigit: "0", applicationCode: "05", cbillCode: "" });
    expect(noticeConfigOf(switched)).toEqual({ auxDigit: 0, applicationCode: "05" });
    expect(switched.pagopaCbillCode).toBeNull();
  });

  it("names the field and the reason of each refusal", async () => {
    expect(await fieldCodes({ ...valid, codiceFiscale: "0012345050" })).toEqual({ codiceFiscale: "pagopa.fiscal_code_format" });
    expect(await fieldCodes({ ...valid, codiceFiscale: "00123450506" })).toEqual({ codiceFiscale: "pagopa.fiscal_code_check" });
    expect(await fieldCodes({ ...valid, segregationCode: "" })).toEqual({ segregationCode: "pagopa.segregation_code_required" });
    expect(await fieldCodes({ ...valid, segregationCode: "7" })).toEqual({ segregationCode: "pagopa.segregation_code_format" });
    expect(await fieldCodes({ ...valid, auxDigit: "0", applicationCode: "" })).toEqual({ applicationCode: "pagopa.application_code_required" });
    expect(await fieldCodes({ ...valid, applicationCode: "abc" })).toEqual({ applicationCode: "pagopa.application_code_format" });
    expect(await fieldCodes({ ...valid, auxDigit: "1" })).toEqual({ auxDigit: "pagopa.aux_digit" });
    expect(await fieldCodes({ ...valid, cbillCode: "AB-12" })).toEqual({ cbillCode: "pagopa.cbill_format" });
    expect(await fieldCodes({ ...valid, cbillCode: "ABCDEF" })).toEqual({ cbillCode: "pagopa.cbill_format" });
  });

  it("is for the ente's admins only, and touches only their ente", async () => {
    const op = await createStaff(tdb.db, ente, "operator");
    await expect(updatePagopaSettings(operatorCtx(tdb.db, ente, op), valid)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updatePagopaSettings(adminCtx(tdb.db, other, admin), valid)).rejects.toBeInstanceOf(ForbiddenError);
    const [o] = await tdb.db.select().from(enti).where(eq(enti.id, other.id));
    expect(o?.pagopaApplicationCode).toBe("12");
  });

  it("has the database refuse what the form would refuse", async () => {
    await expect(tdb.db.update(enti).set({ pagopaAuxDigit: 2 }).where(eq(enti.id, other.id))).rejects.toThrow();
    await expect(tdb.db.update(enti).set({ pagopaCbillCode: "abcde" }).where(eq(enti.id, other.id))).rejects.toThrow();
    await expect(tdb.db.update(enti).set({ pagopaSegregationCode: "123" }).where(eq(enti.id, other.id))).rejects.toThrow();
  });
});
