import { LRUCache } from "lru-cache";
import type { EmailModel } from "@/emails";
import { renderEmail, type RenderedEmail } from "./render";
import type { EmailKind } from "./texts";
import { logger } from "@/lib/ops/log";

/*
 * Rendering once per shape: an optional speed-up of `renderEmail` (./render.ts), the way every email can be
 * rendered. Only the outbox worker's email handler uses it, and only with EMAIL_SHAPE_CACHE on (the default): with
 * the plain renderer the worker delivers 15–25% fewer messages a second (README, "Benchmarks"). Whatever it
 * cannot show to come out the same, it hands to `renderEmail`; tests/email-render.test.ts compares both ways.
 *
 * Rendering a template and converting it to text costs far more than sending the message. But templates only
 * place the model's strings (emails/types.ts), so two models with the same kind and the same *shape* (the same
 * fields present, the same list lengths, the same strings equal to each other) give the same document with
 * different strings in it. So each shape is rendered once with a marker in place of every distinct string, cut
 * at the markers, and each message is the pieces joined with its own strings: HTML-escaped as React escapes
 * them in the HTML; in the text, with white space collapsed and upper-cased where html-to-text did so to the
 * marker (headings).
 *
 * A string the text conversion would treat by its content (white space at its ends, a link target with spaces,
 * "#…", "mailto:…" or "javascript:…", a string equal to a link target but for its spaces) makes that message go
 * the plain way. So does a shape whose first message, rendered both ways, does not come out the same: it is then
 * always rendered the plain way, and the mismatch logged.
 */

const OPEN = "\uE000";
const CLOSE = "\uE001";
/** A marker: private-use delimiters, the string's index, and a letter that shows whether it was upper-cased. */
const marker = (i: number) => `${OPEN}${i}a${CLOSE}`;
const MARKER = /\uE000(\d+)([aA])\uE001/g;
const PRIVATE_DELIMITERS = /[\uE000\uE001]/;
/** html-to-text's white space (its `whitespaceCharacters` default). */
const TEXT_SPACE = /[ \t\r\n\f\u200b]+/g;
const TEXT_SPACE_ONE = /[ \t\r\n\f\u200b]/;
const EDGE_SPACE = /^[ \t\r\n\f\u200b]|[ \t\r\n\f\u200b]$/;
/** What may stand in a link target or an image source: no spaces or control characters, nothing html-to-text or React reads specially. */
const URL_SAFE = /^(?!#|mailto:|javascript:)[^\u0000-\u0020\u007f\u200b]+$/i;

type TextSlot = { index: number; upper: boolean };
type Shape = { html: string[]; htmlSlots: number[]; text: string[]; textSlots: TextSlot[]; inUrls: Set<number> };

export const MAX_SHAPES = 500;
/** Shapes by template and skeleton; a shape seen rarely goes first when there are too many. */
export const emailShapes = new LRUCache<string, Shape | "direct">({ max: MAX_SHAPES });
/** How messages were rendered since the last reset: from cached pieces, or in full. */
export const emailRenderCounts = { filled: 0, direct: 0 };
let log: (msg: string) => void = (msg) => logger("email").error(msg);

/** The model with every non-empty string replaced by its marker, and the distinct strings in marker order. */
function skeletonOf(model: EmailModel): { skeleton: unknown; values: string[] } {
  const values: string[] = [];
  const indexOf = new Map<string, number>();
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") {
      if (v === "") return v;
      let i = indexOf.get(v);
      if (i === undefined) {
        i = values.length;
        values.push(v);
        indexOf.set(v, i);
      }
      return marker(i);
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return { skeleton: walk(model), values };
}

/** Cuts a rendering at its markers; null when a marker came out altered or a delimiter stands alone. */
function cut(rendered: string): { parts: string[]; slots: TextSlot[] } | null {
  const parts: string[] = [];
  const slots: TextSlot[] = [];
  let last = 0;
  for (const m of rendered.matchAll(MARKER)) {
    parts.push(rendered.slice(last, m.index));
    slots.push({ index: Number(m[1]), upper: m[2] === "A" });
    last = m.index + m[0].length;
  }
  parts.push(rendered.slice(last));
  return parts.some((p) => PRIVATE_DELIMITERS.test(p)) ? null : { parts, slots };
}

function shapeOf(rendered: RenderedEmail): Shape | null {
  const html = cut(rendered.html);
  const text = cut(rendered.text);
  if (!html || !text || html.slots.some((s) => s.upper)) return null;
  const inUrls = new Set<number>();
  for (const attr of rendered.html.matchAll(/\b(?:href|src)=("[^"]*"|'[^']*')/gi)) for (const m of (attr[1] ?? "").matchAll(MARKER)) inUrls.add(Number(m[1]));
  return { html: html.parts, htmlSlots: html.slots.map((s) => s.index), text: text.parts, textSlots: text.slots, inUrls };
}

/** React's escaping of text and attribute values (react-dom's escapeTextForBrowser). */
const ESCAPES: Record<string, string> = { '"': "&quot;", "&": "&amp;", "'": "&#x27;", "<": "&lt;", ">": "&gt;" };
const escapeHtml = (s: string) => s.replace(/["&'<>]/g, (c) => ESCAPES[c] ?? c);

/**
 * Whether the message's strings can be filled into the shape. Besides the per-string rules: html-to-text hides a
 * link's target when the link's words, joined without spaces, equal it; the shape only knows which strings are
 * equal, so a string that equals a link target once its spaces are removed goes the direct way.
 */
function fits(shape: Shape, values: string[]): boolean {
  if (!values.every((v, i) => !PRIVATE_DELIMITERS.test(v) && !EDGE_SPACE.test(v) && (!shape.inUrls.has(i) || URL_SAFE.test(v)))) return false;
  if (shape.inUrls.size === 0) return true;
  const targets = new Set([...shape.inUrls].map((i) => values[i]));
  return values.every((v) => !TEXT_SPACE_ONE.test(v) || !targets.has(v.replace(TEXT_SPACE, "")));
}

function fill(shape: Shape, values: string[]): RenderedEmail {
  let html = shape.html[0] ?? "";
  for (let i = 0; i < shape.htmlSlots.length; i++) html += escapeHtml(values[shape.htmlSlots[i] ?? 0] ?? "") + shape.html[i + 1];
  let text = shape.text[0] ?? "";
  for (let i = 0; i < shape.textSlots.length; i++) {
    const slot = shape.textSlots[i];
    if (!slot) continue;
    const v = (values[slot.index] ?? "").replace(TEXT_SPACE, " ");
    text += (slot.upper ? v.toUpperCase() : v) + shape.text[i + 1];
  }
  return { html, text };
}

/** HTML and plain text of one email: the same as `renderEmail`, from the shape's cached pieces when it can. */
export async function renderEmailByShape(kind: EmailKind, model: EmailModel): Promise<RenderedEmail> {
  const { skeleton, values } = skeletonOf(model);
  const key = `${kind}\n${JSON.stringify(skeleton)}`;
  let shape = emailShapes.get(key);
  if (shape === undefined) {
    // A new shape: cut it, and keep it only once a message of it came out the same both ways.
    const found = shapeOf(await renderEmail(kind, skeleton as EmailModel));
    const direct = await renderEmail(kind, model);
    emailRenderCounts.direct += 1;
    if (found && !fits(found, values)) return direct;
    shape = found && sameRendering(fill(found, values), direct) ? found : "direct";
    if (shape === "direct") log(`the ${kind} template does not come out the same from cached pieces: this shape is rendered in full`);
    emailShapes.set(key, shape);
    return direct;
  }
  if (shape !== "direct" && fits(shape, values)) {
    emailRenderCounts.filled += 1;
    return fill(shape, values);
  }
  emailRenderCounts.direct += 1;
  return renderEmail(kind, model);
}

const sameRendering = (a: RenderedEmail, b: RenderedEmail) => a.html === b.html && a.text === b.text;

/** For tests: forget the cached shapes, and where mismatches are reported. */
export function resetEmailShapes(report?: (msg: string) => void): void {
  emailShapes.clear();
  emailRenderCounts.filled = emailRenderCounts.direct = 0;
  if (report) log = report;
}
