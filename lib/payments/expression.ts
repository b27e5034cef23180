/**
 * The small language of computed fees: an amount in euros from the form's number fields, e.g.
 * `superficie * giorni * 0,50` or `max(10; ceil(superficie) * 2)`.
 *
 * Hand-written tokenizer and recursive-descent parser, nothing is ever evaluated as JavaScript. Numbers are exact
 * rationals of BigInts from the source text to the result (no floating point anywhere), and the result is rounded
 * once, half-up, to integer cents. Every refusal is an `ExpressionIssue`: a code of lib/i18n/errors.ts and the
 * 1-based character position it concerns. Runs in the browser (the admin's preview) and on the server.
 *
 * Grammar:
 *   expr    := term (("+" | "-") term)*
 *   term    := unary (("*" | "/") unary)*
 *   unary   := ("-" | "+") unary | primary
 *   primary := NUMBER | NAME | NAME "(" expr ((";" | ",") expr)* ")" | "(" expr ")"
 * A comma between two digits is a decimal comma ("0,50"); anywhere else it separates arguments, as ";" always does.
 */

export const EXPRESSION_LIMITS = { maxLength: 500, maxDepth: 20, maxNodes: 100, maxDigits: 12 } as const;
/** pagoPA's largest amount: 999.999.999,99 €. */
export const MAX_AMOUNT_CENTS = 99_999_999_999;

export const EXPRESSION_ERROR_CODES = [
  "fees.expression.empty",
  "fees.expression.too_long",
  "fees.expression.too_deep",
  "fees.expression.too_many_nodes",
  "fees.expression.syntax",
  "fees.expression.unexpected_end",
  "fees.expression.bad_number",
  "fees.expression.ambiguous_number",
  "fees.expression.unknown_function",
  "fees.expression.arity",
  "fees.expression.unknown_field",
  "fees.expression.not_a_number_field",
  "fees.expression.missing_value",
  "fees.expression.invalid_value",
  "fees.expression.division_by_zero",
  "fees.expression.negative",
  "fees.expression.too_large",
] as const;
export type ExpressionErrorCode = (typeof EXPRESSION_ERROR_CODES)[number];

/** A refusal: its code and parameters (`position` 1-based; `name`, `found`, `max` when they apply). */
export type ExpressionIssue = { code: ExpressionErrorCode; params: { position?: number; name?: string; found?: string; max?: number } };

export type FunctionName = "min" | "max" | "ceil" | "floor";
const FUNCTIONS: Record<FunctionName, { min: number; max: number }> = {
  min: { min: 2, max: 10 },
  max: { min: 2, max: 10 },
  ceil: { min: 1, max: 1 },
  floor: { min: 1, max: 1 },
};
const isFunctionName = (s: string): s is FunctionName => Object.hasOwn(FUNCTIONS, s);

/** The parsed expression. `pos` is the 0-based offset in the source. */
export type ExprNode =
  | { type: "number"; value: Rational; pos: number }
  | { type: "field"; name: string; pos: number }
  | { type: "neg"; arg: ExprNode; pos: number }
  | { type: "binary"; op: "+" | "-" | "*" | "/"; left: ExprNode; right: ExprNode; pos: number }
  | { type: "call"; fn: FunctionName; args: ExprNode[]; pos: number };

export type Expression = { source: string; root: ExprNode; /** Field names used, in order of first appearance. */ fields: { name: string; position: number }[] };

export type ParseResult = { ok: true; expression: Expression } | { ok: false; issue: ExpressionIssue };
export type EvalResult = { ok: true; cents: number } | { ok: false; issue: ExpressionIssue };

// ---------------------------------------------------------------- exact rationals

/** n/d with d > 0 and gcd(n, d) = 1. */
export type Rational = { readonly n: bigint; readonly d: bigint };

const abs = (x: bigint) => (x < 0n ? -x : x);
function gcd(a: bigint, b: bigint): bigint {
  a = abs(a);
  b = abs(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
function rat(n: bigint, d: bigint = 1n): Rational {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}
const add = (a: Rational, b: Rational) => rat(a.n * b.d + b.n * a.d, a.d * b.d);
const sub = (a: Rational, b: Rational) => rat(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Rational, b: Rational) => rat(a.n * b.n, a.d * b.d);
const cmp = (a: Rational, b: Rational) => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
/** Floor division of integers (BigInt division truncates toward zero). */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return (n % d !== 0n && (n < 0n) !== (d < 0n)) ? q - 1n : q;
}
const floorR = (a: Rational) => rat(floorDiv(a.n, a.d));
const ceilR = (a: Rational) => rat(-floorDiv(-a.n, a.d));

/** Euros → cents, rounded half-up (0,005 € is 1 cent). Only for values ≥ 0. */
export function roundToCents(euros: Rational): bigint {
  return floorDiv(euros.n * 200n + euros.d, euros.d * 2n);
}

/**
 * A decimal written by a person or stored by a form ("12,5", "12.5", "-3", 0.1) as an exact rational, or null
 * when it is not one. A JavaScript number is read from its shortest decimal form, which is what was typed.
 */
export function decimalToRational(v: unknown): Rational | null {
  let s: string;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return null;
    s = String(v);
  } else if (typeof v === "string") s = v.trim();
  else return null;
  const m = /^([-+]?)(\d*)(?:[.,](\d*))?(?:e([-+]?\d{1,3}))?$/i.exec(s);
  if (!m) return null;
  const [, sign = "", int = "", frac = "", exp] = m;
  if (int === "" && frac === "") return null;
  if (exp !== undefined && typeof v !== "number") return null;
  if (int.length + frac.length > 40) return null;
  let n = BigInt(`${int}${frac}` || "0");
  let d = 10n ** BigInt(frac.length);
  const e = exp === undefined ? 0 : Number(exp);
  if (Math.abs(e) > 40) return null;
  if (e > 0) n *= 10n ** BigInt(e);
  else if (e < 0) d *= 10n ** BigInt(-e);
  return rat(sign === "-" ? -n : n, d);
}

// ---------------------------------------------------------------- tokenizer

type Token =
  | { kind: "number"; text: string; pos: number }
  | { kind: "name"; text: string; pos: number }
  | { kind: "op"; text: "+" | "-" | "*" | "/" | "(" | ")" | ";" | ","; pos: number }
  | { kind: "end"; pos: number };

class Fail {
  constructor(readonly issue: ExpressionIssue) {}
}
const fail = (code: ExpressionErrorCode, params: ExpressionIssue["params"] = {}): never => {
  throw new Fail({ code, params });
};

const isDigit = (c: string | undefined) => c !== undefined && c >= "0" && c <= "9";
const isLetter = (c: string | undefined) => c !== undefined && ((c >= "a" && c <= "z") || (c >= "A" && c <= "Z"));
const OPS = new Set(["+", "-", "*", "/", "(", ")", ";", ","]);
/** Multiplication and division signs people paste from a word processor. */
const ALIASES: Record<string, "*" | "/" | "-"> = { "×": "*", "·": "*", "÷": "/", "−": "-" };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\u00a0") {
      i++;
      continue;
    }
    if (isDigit(c)) {
      const start = i;
      while (isDigit(src[i])) i++;
      // One decimal separator, and only between digits: "0,50" is a number, "max(1, 2)" two arguments.
      if ((src[i] === "." || src[i] === ",") && isDigit(src[i + 1])) {
        i++;
        while (isDigit(src[i])) i++;
      }
      // A second separator: "1.5,2" is two arguments, "1.000.000" or "1,5.2" no number at all.
      if (src[i] === "." && isDigit(src[i + 1])) fail("fees.expression.bad_number", { position: start + 1, found: src.slice(start, i + 2) });
      if (isLetter(src[i])) fail("fees.expression.syntax", { position: i + 1, found: src[i] });
      out.push({ kind: "number", text: src.slice(start, i), pos: start });
      continue;
    }
    if (isLetter(c)) {
      const start = i;
      while (isLetter(src[i]) || isDigit(src[i]) || src[i] === "_") i++;
      out.push({ kind: "name", text: src.slice(start, i), pos: start });
      continue;
    }
    const op = ALIASES[c] ?? c;
    if (OPS.has(op)) {
      out.push({ kind: "op", text: op as "+", pos: i });
      i++;
      continue;
    }
    fail("fees.expression.syntax", { position: i + 1, found: String.fromCodePoint(src.codePointAt(i) ?? 0) });
  }
  out.push({ kind: "end", pos: src.length });
  return out;
}

function numberValue(tok: { text: string; pos: number }): Rational {
  const [int = "", frac = ""] = tok.text.split(/[.,]/);
  if (int.length + frac.length > EXPRESSION_LIMITS.maxDigits) fail("fees.expression.bad_number", { position: tok.pos + 1, found: tok.text });
  // "1.500" is one and a half to a programmer and fifteen hundred to an Italian reader: refused, both ways.
  if (tok.text.includes(".") && frac.length === 3 && /^[1-9]\d{0,2}$/.test(int)) fail("fees.expression.ambiguous_number", { position: tok.pos + 1, found: tok.text });
  return rat(BigInt(int + frac), 10n ** BigInt(frac.length));
}

// ---------------------------------------------------------------- parser

class Parser {
  private i = 0;
  private nodes = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(): Token {
    return this.toks[this.i] as Token;
  }
  private next(): Token {
    return this.toks[this.i++] as Token;
  }
  private count(depth: number) {
    if (++this.nodes > EXPRESSION_LIMITS.maxNodes) fail("fees.expression.too_many_nodes", { max: EXPRESSION_LIMITS.maxNodes });
    if (depth > EXPRESSION_LIMITS.maxDepth) fail("fees.expression.too_deep", { max: EXPRESSION_LIMITS.maxDepth, position: this.peek().pos + 1 });
  }
  private unexpected(tok: Token): never {
    if (tok.kind === "end") return fail("fees.expression.unexpected_end", { position: tok.pos + 1 });
    return fail("fees.expression.syntax", { position: tok.pos + 1, found: tok.text });
  }
  private isOp(tok: Token, ...ops: string[]): tok is Extract<Token, { kind: "op" }> {
    return tok.kind === "op" && ops.includes(tok.text);
  }

  parseAll(): ExprNode {
    const root = this.expr(0);
    const tok = this.peek();
    if (tok.kind !== "end") this.unexpected(tok);
    return root;
  }

  private expr(depth: number): ExprNode {
    let left = this.term(depth);
    for (let tok = this.peek(); this.isOp(tok, "+", "-"); tok = this.peek()) {
      this.next();
      this.count(depth);
      left = { type: "binary", op: tok.text as "+" | "-", left, right: this.term(depth), pos: tok.pos };
    }
    return left;
  }

  private term(depth: number): ExprNode {
    let left = this.unary(depth);
    for (let tok = this.peek(); this.isOp(tok, "*", "/"); tok = this.peek()) {
      this.next();
      this.count(depth);
      left = { type: "binary", op: tok.text as "*" | "/", left, right: this.unary(depth), pos: tok.pos };
    }
    return left;
  }

  private unary(depth: number): ExprNode {
    const tok = this.peek();
    if (this.isOp(tok, "-", "+")) {
      this.next();
      this.count(depth + 1);
      const arg = this.unary(depth + 1);
      return tok.text === "-" ? { type: "neg", arg, pos: tok.pos } : arg;
    }
    return this.primary(depth);
  }

  private primary(depth: number): ExprNode {
    const tok = this.next();
    this.count(depth);
    if (tok.kind === "number") return { type: "number", value: numberValue(tok), pos: tok.pos };
    if (tok.kind === "name") {
      if (!this.isOp(this.peek(), "(")) return { type: "field", name: tok.text, pos: tok.pos };
      const name = tok.text.toLowerCase();
      if (!isFunctionName(name)) return fail("fees.expression.unknown_function", { position: tok.pos + 1, name: tok.text });
      this.next();
      const args = [this.expr(depth + 1)];
      while (this.isOp(this.peek(), ";", ",")) {
        this.next();
        args.push(this.expr(depth + 1));
      }
      const close = this.next();
      if (!this.isOp(close, ")")) this.unexpected(close);
      const arity = FUNCTIONS[name];
      if (args.length < arity.min || args.length > arity.max) fail("fees.expression.arity", { position: tok.pos + 1, name });
      return { type: "call", fn: name, args, pos: tok.pos };
    }
    if (this.isOp(tok, "(")) {
      const inner = this.expr(depth + 1);
      const close = this.next();
      if (!this.isOp(close, ")")) this.unexpected(close);
      return inner;
    }
    return this.unexpected(tok);
  }
}

/** Parses an expression (checks syntax and limits, not the field names: see `checkExpressionFields`). */
export function parseExpression(source: string): ParseResult {
  try {
    if (typeof source !== "string" || source.trim() === "") fail("fees.expression.empty");
    if (source.length > EXPRESSION_LIMITS.maxLength) fail("fees.expression.too_long", { max: EXPRESSION_LIMITS.maxLength });
    const root = new Parser(tokenize(source)).parseAll();
    const fields: Expression["fields"] = [];
    const walk = (n: ExprNode): void => {
      if (n.type === "field") {
        if (!fields.some((f) => f.name === n.name)) fields.push({ name: n.name, position: n.pos + 1 });
      } else if (n.type === "neg") walk(n.arg);
      else if (n.type === "binary") {
        walk(n.left);
        walk(n.right);
      } else if (n.type === "call") n.args.forEach(walk);
    };
    walk(root);
    return { ok: true, expression: { source, root, fields } };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, issue: e.issue };
    // A stack overflow on hostile input is refused like any other too-deep expression.
    if (e instanceof RangeError) return { ok: false, issue: { code: "fees.expression.too_deep", params: { max: EXPRESSION_LIMITS.maxDepth } } };
    throw e;
  }
}

/** A form field as the check sees it: its name and whether its answers are numbers. */
export type ExpressionField = { name: string; numeric: boolean };

/** The first field of the expression that is not a number field of the form, or null when all are. */
export function checkExpressionFields(expression: Expression, fields: readonly ExpressionField[]): ExpressionIssue | null {
  for (const f of expression.fields) {
    const found = fields.find((x) => x.name === f.name);
    if (!found) return { code: "fees.expression.unknown_field", params: { position: f.position, name: f.name } };
    if (!found.numeric) return { code: "fees.expression.not_a_number_field", params: { position: f.position, name: f.name } };
  }
  return null;
}

/** The exact value of the expression in euros, for the form's answers (numbers, or strings such as "12,5"). */
export function evaluateExact(expression: Expression, values: Readonly<Record<string, unknown>>): { ok: true; value: Rational } | { ok: false; issue: ExpressionIssue } {
  try {
    const ev = (node: ExprNode): Rational => {
      switch (node.type) {
        case "number":
          return node.value;
        case "field": {
          const raw = Object.hasOwn(values, node.name) ? values[node.name] : undefined;
          if (raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")) return fail("fees.expression.missing_value", { position: node.pos + 1, name: node.name });
          const v = decimalToRational(raw);
          return v ?? fail("fees.expression.invalid_value", { position: node.pos + 1, name: node.name });
        }
        case "neg": {
          const v = ev(node.arg);
          return rat(-v.n, v.d);
        }
        case "binary": {
          const l = ev(node.left);
          const r = ev(node.right);
          if (node.op === "+") return add(l, r);
          if (node.op === "-") return sub(l, r);
          if (node.op === "*") return mul(l, r);
          if (r.n === 0n) return fail("fees.expression.division_by_zero", { position: node.pos + 1 });
          return rat(l.n * r.d, l.d * r.n);
        }
        case "call": {
          const args = node.args.map(ev);
          if (node.fn === "ceil") return ceilR(args[0] as Rational);
          if (node.fn === "floor") return floorR(args[0] as Rational);
          const want = node.fn === "min" ? -1 : 1;
          return args.reduce((a, b) => (cmp(b, a) === want ? b : a));
        }
      }
    };
    return { ok: true, value: ev(expression.root) };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, issue: e.issue };
    throw e;
  }
}

/** The amount of the expression for the form's answers, in integer cents rounded half-up; below zero is refused. */
export function evaluateExpression(expression: Expression, values: Readonly<Record<string, unknown>>): EvalResult {
  const exact = evaluateExact(expression, values);
  if (!exact.ok) return exact;
  if (exact.value.n < 0n) return { ok: false, issue: { code: "fees.expression.negative", params: {} } };
  const cents = roundToCents(exact.value);
  if (cents > BigInt(MAX_AMOUNT_CENTS)) return { ok: false, issue: { code: "fees.expression.too_large", params: {} } };
  return { ok: true, cents: Number(cents) };
}
