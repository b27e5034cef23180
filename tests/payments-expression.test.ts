import { describe, expect, it } from "vitest";
import { ERROR_CODES, errorText } from "@/lib/i18n/errors";
import {
  checkExpressionFields,
  decimalToRational,
  EXPRESSION_ERROR_CODES,
  EXPRESSION_LIMITS,
  evaluateExpression,
  parseExpression,
  roundToCents,
  type ExpressionIssue,
} from "@/lib/payments/expression";
import { centsToEuroInput, formatCents, parseEurosToCents } from "@/lib/payments/money";

/** The amount in cents of an expression for some answers, or the refusal's code and parameters. */
function cents(src: string, values: Record<string, unknown> = {}): number | ExpressionIssue {
  const p = parseExpression(src);
  if (!p.ok) return p.issue;
  const r = evaluateExpression(p.expression, values);
  return r.ok ? r.cents : r.issue;
}
const issue = (src: string, values: Record<string, unknown> = {}) => {
  const r = cents(src, values);
  if (typeof r === "number") throw new Error(`${src} gave ${r}, expected a refusal`);
  return r;
};

describe("the fee expression: arithmetic", () => {
  it("follows the usual precedence and associativity", () => {
    expect(cents("2 + 3 * 4")).toBe(1400);
    expect(cents("(2 + 3) * 4")).toBe(2000);
    expect(cents("10 - 4 - 3")).toBe(300);
    expect(cents("24 / 4 / 2")).toBe(300);
    expect(cents("2 * 3 + 4 * 5")).toBe(2600);
    expect(cents("-2 + 5")).toBe(300);
    expect(cents("-(2 - 5)")).toBe(300);
    expect(cents("--3")).toBe(300);
    expect(cents("+3")).toBe(300);
    expect(cents("2 * -3 + 10")).toBe(400);
  });

  it("is exact: no floating point between the source and the cents", () => {
    expect(cents("0.1 + 0.2")).toBe(30);
    expect(cents("0,1 + 0,2")).toBe(30);
    // 1/3 * 3 is exactly 1 with rationals (a float gives 0.9999…).
    expect(cents("1 / 3 * 3")).toBe(100);
    expect(cents("100 / 3")).toBe(3333);
    expect(cents("999999999,99 - 999999999,98")).toBe(1);
    expect(cents("a * b", { a: 0.1, b: 3 })).toBe(30);
    expect(cents("a + b", { a: "0,1", b: "0.2" })).toBe(30);
  });

  it("rounds to cents half-up, once, at the end", () => {
    expect(cents("0,005")).toBe(1);
    expect(cents("0,0049")).toBe(0);
    expect(cents("0,015")).toBe(2);
    expect(cents("0,025")).toBe(3);
    expect(cents("1 / 8")).toBe(13); // 0,125
    expect(cents("2 / 3")).toBe(67);
    // Not rounded step by step: 0,004 * 3 is 0,012 → 1 cent (per-step rounding would give 0).
    expect(cents("0,004 * 3")).toBe(1);
  });

  it("reads comma and dot decimals, and commas as argument separators elsewhere", () => {
    expect(cents("0,50")).toBe(50);
    expect(cents("0.50")).toBe(50);
    expect(cents("12,5 * 2")).toBe(2500);
    expect(cents("max(1; 5)")).toBe(500);
    expect(cents("max(1, 5)")).toBe(500);
    expect(cents("max(1.5,2)")).toBe(200);
    expect(cents("min(2,5; 3)")).toBe(250);
  });

  it("has min, max, ceil and floor", () => {
    expect(cents("min(3; 2; 5)")).toBe(200);
    expect(cents("max(3; 2; 5)")).toBe(500);
    expect(cents("ceil(2,01)")).toBe(300);
    expect(cents("floor(2,99)")).toBe(200);
    expect(cents("ceil(2)")).toBe(200);
    expect(cents("ceil(-1,5) + 2")).toBe(100);
    expect(cents("floor(-1,5) + 3")).toBe(100);
    expect(cents("MAX(1; 2)")).toBe(200);
    expect(cents("ceil(s) * 2", { s: 12.5 })).toBe(2600);
    expect(cents("max(10; s * g * 0,50)", { s: 2, g: 3 })).toBe(1000);
  });

  it("accepts × ÷ and the typographic minus", () => {
    expect(cents("3 × 2 ÷ 4 − 1")).toBe(50);
  });
});

describe("the fee expression: form values", () => {
  it("reads numbers and the strings people type", () => {
    expect(cents("s * 2", { s: 12 })).toBe(2400);
    expect(cents("s * 2", { s: "12,5" })).toBe(2500);
    expect(cents("s * 2", { s: " 12.5 " })).toBe(2500);
    expect(cents("s", { s: 1e-7 })).toBe(0);
    expect(cents("s / 1000000 / 1000000000", { s: 1e21 })).toBe(100_000_000);
    expect(issue("s", { s: 1e21 }).code).toBe("fees.expression.too_large");
  });

  it("refuses a missing or non-numeric value, naming the field and where it is", () => {
    expect(issue("2 + s", {})).toEqual({ code: "fees.expression.missing_value", params: { position: 5, name: "s" } });
    expect(issue("s", { s: "" }).code).toBe("fees.expression.missing_value");
    expect(issue("s", { s: null }).code).toBe("fees.expression.missing_value");
    expect(issue("s", { s: "dodici" })).toEqual({ code: "fees.expression.invalid_value", params: { position: 1, name: "s" } });
    expect(issue("s", { s: true }).code).toBe("fees.expression.invalid_value");
    expect(issue("s", { s: [1] }).code).toBe("fees.expression.invalid_value");
    expect(issue("s", { s: Number.NaN }).code).toBe("fees.expression.invalid_value");
    expect(issue("s", { s: Infinity }).code).toBe("fees.expression.invalid_value");
    expect(issue("s", { s: "1e5" }).code).toBe("fees.expression.invalid_value");
    expect(issue("s", { s: "1.000,5" }).code).toBe("fees.expression.invalid_value");
  });

  it("does not reach into the object's prototype: constructor, __proto__, toString are just unknown names", () => {
    expect(issue("constructor").code).toBe("fees.expression.missing_value");
    expect(issue("toString * 2").code).toBe("fees.expression.missing_value");
    expect(issue("hasOwnProperty").code).toBe("fees.expression.missing_value");
    expect(issue("__proto__")).toEqual({ code: "fees.expression.syntax", params: { position: 1, found: "_" } });
    const polluted = JSON.parse('{"__proto__": {"x": 5}}') as Record<string, unknown>;
    expect(issue("x", polluted).code).toBe("fees.expression.missing_value");
    expect(issue("constructor(1)").code).toBe("fees.expression.unknown_function");
    expect(cents("constructor", { constructor: 3 })).toBe(300);
  });
});

describe("the fee expression: refusals", () => {
  it("gives every error code with its position", () => {
    expect(issue("")).toEqual({ code: "fees.expression.empty", params: {} });
    expect(issue("   ")).toEqual({ code: "fees.expression.empty", params: {} });
    expect(issue("1 +")).toEqual({ code: "fees.expression.unexpected_end", params: { position: 4 } });
    expect(issue("(1 + 2")).toEqual({ code: "fees.expression.unexpected_end", params: { position: 7 } });
    expect(issue("1 + * 2")).toEqual({ code: "fees.expression.syntax", params: { position: 5, found: "*" } });
    expect(issue("1 + 2)")).toEqual({ code: "fees.expression.syntax", params: { position: 6, found: ")" } });
    expect(issue("2 (3)")).toEqual({ code: "fees.expression.syntax", params: { position: 3, found: "(" } });
    expect(issue("2 ^ 3")).toEqual({ code: "fees.expression.syntax", params: { position: 3, found: "^" } });
    expect(issue("12abc")).toEqual({ code: "fees.expression.syntax", params: { position: 3, found: "a" } });
    expect(issue("1 + 😀")).toEqual({ code: "fees.expression.syntax", params: { position: 5, found: "😀" } });
    expect(issue("1.2.3")).toEqual({ code: "fees.expression.bad_number", params: { position: 1, found: "1.2.3" } });
    expect(issue("1234567890123")).toEqual({ code: "fees.expression.bad_number", params: { position: 1, found: "1234567890123" } });
    expect(issue("2 * 1.500")).toEqual({ code: "fees.expression.ambiguous_number", params: { position: 5, found: "1.500" } });
    expect(cents("0.500")).toBe(50);
    expect(cents("1,500")).toBe(150);
    expect(issue("sqrt(4)")).toEqual({ code: "fees.expression.unknown_function", params: { position: 1, name: "sqrt" } });
    expect(issue("max(4)")).toEqual({ code: "fees.expression.arity", params: { position: 1, name: "max" } });
    expect(issue("1 + ceil(1; 2)")).toEqual({ code: "fees.expression.arity", params: { position: 5, name: "ceil" } });
    expect(issue("4 / (2 - 2)")).toEqual({ code: "fees.expression.division_by_zero", params: { position: 3 } });
    expect(issue("4 / s", { s: "0,0" })).toEqual({ code: "fees.expression.division_by_zero", params: { position: 3 } });
    expect(issue("1 - 2")).toEqual({ code: "fees.expression.negative", params: {} });
    expect(issue("0 - 0,001")).toEqual({ code: "fees.expression.negative", params: {} });
    expect(cents("0 - 0")).toBe(0);
    expect(issue("999999999999 * 10")).toEqual({ code: "fees.expression.too_large", params: {} });
  });

  it("keeps to its limits: length, depth, number of nodes", () => {
    expect(issue("1+".repeat(300) + "1")).toEqual({ code: "fees.expression.too_long", params: { max: EXPRESSION_LIMITS.maxLength } });
    expect(issue("(".repeat(30) + "1" + ")".repeat(30)).code).toBe("fees.expression.too_deep");
    expect(cents("(".repeat(15) + "1" + ")".repeat(15))).toBe(100);
    expect(issue("-".repeat(40) + "1").code).toBe("fees.expression.too_deep");
    expect(issue("1+".repeat(120) + "1").code).toBe("fees.expression.too_many_nodes");
    expect(issue("max(" + "1;".repeat(50) + "1)").code).toBe("fees.expression.arity");
    expect(issue("max(" + "(1+1+1+1+1+1+1+1+1+1+1+1);".repeat(9) + "1)").code).toBe("fees.expression.too_many_nodes");
    // Hostile, far past every limit: refused quickly, never a stack overflow.
    expect(issue("(".repeat(100_000)).code).toBe("fees.expression.too_long");
    expect(issue("a".repeat(1_000_000)).code).toBe("fees.expression.too_long");
  });

  it("has a text in both languages for every code, with the parameters it fills", () => {
    for (const code of EXPRESSION_ERROR_CODES) {
      expect(ERROR_CODES).toContain(code);
      for (const lang of ["it", "en"] as const) expect(errorText(code, { position: 3, name: "s", found: "x", max: 9 }, lang)).not.toMatch(/%[a-z]+%/);
    }
    expect(errorText("fees.expression.unknown_field", { name: "superfice", position: 1 })).toBe("Il campo «superfice» (carattere 1) non esiste nel modulo del servizio");
  });
});

describe("the fee expression: fields of the form", () => {
  it("lists the names it uses, once, with where each first appears", () => {
    const p = parseExpression("superficie * giorni + superficie");
    expect(p.ok && p.expression.fields).toEqual([
      { name: "superficie", position: 1 },
      { name: "giorni", position: 14 },
    ]);
  });

  it("checks every name against the form's number fields", () => {
    const fields = [
      { name: "superficie", numeric: true },
      { name: "giorni", numeric: true },
      { name: "nome", numeric: false },
    ];
    const check = (src: string) => {
      const p = parseExpression(src);
      if (!p.ok) throw new Error(p.issue.code);
      return checkExpressionFields(p.expression, fields);
    };
    expect(check("superficie * giorni * 0,50")).toBeNull();
    expect(check("superficie * giorno")).toEqual({ code: "fees.expression.unknown_field", params: { position: 14, name: "giorno" } });
    expect(check("2 + nome")).toEqual({ code: "fees.expression.not_a_number_field", params: { position: 5, name: "nome" } });
    expect(check("constructor")).toEqual({ code: "fees.expression.unknown_field", params: { position: 1, name: "constructor" } });
  });
});

describe("exact decimals and euros", () => {
  it("reads decimals exactly", () => {
    expect(decimalToRational("0,1")).toEqual({ n: 1n, d: 10n });
    expect(decimalToRational(0.1)).toEqual({ n: 1n, d: 10n });
    expect(decimalToRational("-2.50")).toEqual({ n: -5n, d: 2n });
    expect(decimalToRational("12,")).toEqual({ n: 12n, d: 1n });
    expect(decimalToRational(",5")).toEqual({ n: 1n, d: 2n });
    expect(decimalToRational("1,2,3")).toBeNull();
    expect(decimalToRational("")).toBeNull();
    expect(decimalToRational("-")).toBeNull();
    expect(decimalToRational({})).toBeNull();
    expect(roundToCents({ n: 1n, d: 200n })).toBe(1n);
  });

  it("reads amounts typed in euros as cents, never through a float", () => {
    expect(parseEurosToCents("16,00")).toBe(1600);
    expect(parseEurosToCents("16")).toBe(1600);
    expect(parseEurosToCents("16.5")).toBe(1650);
    expect(parseEurosToCents("€ 1.250,00")).toBe(125000);
    expect(parseEurosToCents("0,29")).toBe(29);
    expect(parseEurosToCents("1.005")).toBe(100500);
    expect(parseEurosToCents("16,005")).toBeNull();
    expect(parseEurosToCents("-16")).toBeNull();
    expect(parseEurosToCents("sedici")).toBeNull();
    expect(parseEurosToCents("1e3")).toBeNull();
    expect(parseEurosToCents("")).toBeNull();
    expect(parseEurosToCents("99999999999")).toBeNull();
    expect(centsToEuroInput(1650)).toBe("16,50");
    expect(centsToEuroInput(5)).toBe("0,05");
    expect(formatCents(1600, "it")).toMatch(/^16,00\s€$/);
    expect(formatCents(125000, "en")).toBe("€1,250.00");
  });
});
