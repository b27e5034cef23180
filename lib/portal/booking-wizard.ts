import { z } from "zod";
import type { Lang } from "@/lib/i18n";
import { errorText, errorTextFromUrl } from "@/lib/i18n/errors";
import { slugSchema } from "@/lib/slug";

/**
 * The booking wizard's state (/{ente}/prenota): every choice travels in the address (GET steps, hidden fields), so
 * the wizard works without script, survives a reload and the back button, and the only write is the final POST.
 * This module reads that state, decides which step to show (a step whose earlier choices are missing or wrong
 * shows the earliest one that is), and builds the addresses between steps.
 */
export const BOOKING_STEPS = ["servizio", "ufficio", "orario", "dettagli", "richiedente", "riepilogo"] as const;
export type BookingStep = (typeof BOOKING_STEPS)[number];

const DATE_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;
function isRealDate(key: string): boolean {
  const m = DATE_KEY.exec(key);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === key;
}

/** A wizard field: a bad or empty value is as if it were not there (the step asking for it is shown again). */
const opt = <T extends z.ZodType>(s: T) => s.optional().catch(undefined);
export const bookingParamsSchema = z.object({
  servizio: opt(slugSchema),
  ufficio: opt(z.uuid()),
  /** The first day of the week shown on the slot step (YYYY-MM-DD). */
  settimana: opt(z.string().refine(isRealDate)),
  /** The slot's start, an ISO instant. */
  ora: opt(z.iso.datetime({ offset: true })),
  /** Never read from the address: filled from `contatto` by the page (free text may be sensitive). */
  motivo: opt(z.string().max(500)),
  pratica: opt(z.uuid()),
  /** Never read from the address: filled from `contatto` (lib/portal/booking-contact.ts) by the page. */
  nome: opt(z.string().max(200)),
  email: opt(z.string().max(254)),
  telefono: opt(z.string().max(40)),
  /** The reason and a guest's name, email and phone, sealed: the only form in which they travel in the address. */
  contatto: opt(z.string().regex(/^[A-Za-z0-9_-]+$/).max(2000)),
  passo: opt(z.enum(BOOKING_STEPS)),
  /** An error code of the final POST, shown on the step it sends the visitor back to. */
  errore: opt(z.string().regex(/^[a-z0-9_.]+$/).max(80)),
  /** The error's one number (how many bookings at most, how many seconds to wait). */
  n: opt(z.string().regex(/^\d{1,6}$/)),
});
export type BookingParams = z.output<typeof bookingParamsSchema>;
export type BookingField = Exclude<keyof BookingParams, "passo" | "errore" | "n">;
/** What the address and the steps' hidden fields carry: the contact only sealed (`contatto`), never in clear. */
const FIELDS: readonly BookingField[] = ["servizio", "ufficio", "settimana", "ora", "pratica", "contatto"];

/** The query string as the wizard's state: first value of a repeated name, trimmed, empty as missing. */
export function readBookingParams(raw: Record<string, string | string[] | undefined>): BookingParams {
  const flat: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    const s = (Array.isArray(v) ? v[0] : v)?.trim();
    if (s) flat[k] = s;
  }
  const { nome: _n, email: _e, telefono: _t, motivo: _m, ...rest } = flat;
  return bookingParamsSchema.parse(rest);
}

/** What is wrong with a step's input, as keys of the texts (lib/i18n/appointments-citizen.ts). */
export type BookingProblem = "officeRequired" | "slotRequired" | "reasonRequired" | "nameRequired" | "emailInvalid" | "phoneInvalid";
export type StepView = { step: BookingStep; problems: Partial<Record<BookingField, BookingProblem>> };

const stepIndex = (s: BookingStep) => BOOKING_STEPS.indexOf(s);
const PHONE = /^\+?[0-9][0-9 ]{4,19}$/;

/** A guest's contact: name and email required, phone optional (the core checks again; this is for the form). */
export function guestContactProblems(p: Pick<BookingParams, "nome" | "email" | "telefono">): StepView["problems"] {
  const problems: StepView["problems"] = {};
  if (!p.nome?.trim()) problems.nome = "nameRequired";
  if (!p.email || !z.email().safeParse(p.email).success) problems.email = "emailInvalid";
  if (p.telefono && !PHONE.test(p.telefono)) problems.telefono = "phoneInvalid";
  return problems;
}

/**
 * The step to show. Without `passo`, the first one still to do (the details step once a slot is chosen). A step
 * asked for whose earlier choices are missing shows the first missing one, saying what is missing when the
 * visitor came from the step before (pressed "Avanti" without choosing).
 */
export function resolveStep(p: BookingParams, opts: { guest: boolean }): StepView {
  const missing: [BookingStep, BookingField, BookingProblem | null][] = [];
  if (!p.servizio) missing.push(["servizio", "servizio", null]);
  if (!p.ufficio) missing.push(["ufficio", "ufficio", "officeRequired"]);
  if (!p.ora) missing.push(["orario", "ora", "slotRequired"]);
  const wanted = p.passo ?? missing[0]?.[0] ?? "dettagli";
  const first = missing[0];
  if (first && stepIndex(wanted) > stepIndex(first[0])) {
    const cameFromPrevious = p.passo !== undefined && stepIndex(wanted) === stepIndex(first[0]) + 1;
    return { step: first[0], problems: cameFromPrevious && first[2] ? { [first[1]]: first[2] } : {} };
  }
  if (stepIndex(wanted) > stepIndex("dettagli") && !p.motivo?.trim()) return { step: "dettagli", problems: { motivo: "reasonRequired" } };
  if (wanted === "riepilogo" && opts.guest) {
    const problems = guestContactProblems(p);
    if (Object.keys(problems).length > 0) return { step: "richiedente", problems };
  }
  return { step: wanted, problems: {} };
}

export function previousStep(step: BookingStep): BookingStep | null {
  const i = stepIndex(step);
  return i > 0 ? (BOOKING_STEPS[i - 1] ?? null) : null;
}

type Overrides = Partial<Record<BookingField | "passo" | "errore" | "n", string | undefined>>;

/** The wizard's address with its state, changed by `over` (undefined removes a value); an error is never carried on. */
export function bookingHref(ente: string, p: BookingParams, over: Overrides = {}): string {
  const q = new URLSearchParams();
  for (const k of [...FIELDS, "passo", "errore", "n"] as const) {
    const v = k in over ? over[k] : k === "errore" || k === "n" ? undefined : p[k];
    if (v) q.set(k, v);
  }
  const s = q.toString();
  return `/${ente}/prenota${s ? `?${s}` : ""}`;
}

/** The state as hidden fields of a step's form, leaving out the ones the form asks for. */
export function hiddenFields(p: BookingParams, except: readonly BookingField[]): [BookingField, string][] {
  return FIELDS.filter((k) => !except.includes(k)).flatMap((k) => (p[k] ? [[k, p[k]] as [BookingField, string]] : []));
}

/** The step a refused booking goes back to, by the refusal's code and the fields it names. */
export function stepForFailure(code: string, fields: readonly string[]): BookingStep {
  if (code === "appointments.slot_taken" || code === "appointments.slot_unavailable" || code === "appointments.past") return "orario";
  if (code === "appointments.pratica_not_linkable") return "dettagli";
  if (code === "appointments.too_many" || code === "request.rate_limited") return "riepilogo";
  if (code === "appointments.office_not_found" || code === "appointments.service_not_offered") return "ufficio";
  // The core names its fields (name, reason…), the form its own (nome, motivo…).
  const named = (...names: string[]) => fields.some((f) => names.includes(f));
  if (named("ufficio")) return "ufficio";
  if (named("ora", "startsAt")) return "orario";
  if (named("motivo", "pratica", "reason", "praticaId")) return "dettagli";
  if (named("nome", "email", "telefono", "name", "phone", "fiscalCode")) return "richiedente";
  return "riepilogo";
}

/** Monday of the week of a day (YYYY-MM-DD; calendar arithmetic, no time zone involved). */
export function mondayOf(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  return addDaysToKey(day, -back);
}

/**
 * The Monday of the week a slot step shows: of the day asked for (an address's `settimana`), kept between today and
 * the last day there is to show; a day that is not a real date shows today's week. Never a day the clock cannot read.
 */
export function weekToShow(requested: string | undefined, today: string, last: string): string {
  const day = requested && isRealDate(requested) ? requested : today;
  return mondayOf(day < today ? today : day > last ? last : day);
}

export function addDaysToKey(day: string, n: number): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** The token at the end of a manage path ("/{ente}/appuntamenti/{token}"). */
export function tokenOfManagePath(path: string): string {
  return path.split("/").filter(Boolean).at(-1) ?? "";
}

/**
 * The text of a refusal that came back in the address. Only codes of the catalogue are shown, and the only parameter
 * taken from the address is one number for the two refusals that need it; anything else reads as the generic text.
 */
export function bookingErrorText(code: string, n: string | undefined, lang: Lang): string {
  const value = n !== undefined && /^\d{1,6}$/.test(n) ? Number(n) : null;
  if (value !== null && code === "appointments.too_many") return errorText(code, { max: value }, lang);
  if (value !== null && code === "request.rate_limited") return errorText(code, { seconds: value }, lang);
  return errorTextFromUrl(code, lang);
}

/** The number a refusal's text needs, to carry in the address next to its code (see bookingErrorText). */
export function failureNumber(params: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const v = params?.max ?? params?.seconds;
  return typeof v === "number" && Number.isInteger(v) && v >= 0 && v < 1_000_000 ? String(v) : undefined;
}
