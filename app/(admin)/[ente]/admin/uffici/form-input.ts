import { ZodError } from "zod";
import { ValidationError, zodFieldErrors, type FieldError } from "@/lib/errors";
import type { AppointmentsStaffTexts } from "@/lib/i18n/appointments-staff";

/**
 * The office form's fields and the office input they make. The form has, per weekday, two time ranges
 * (`h.<weekday>.<0|1>.from|to`) and a few closure rows (`c.<row>.from|to|reason`); only the ranges and rows with
 * something typed in become opening intervals and closures, so a half-filled one reaches the validation and is
 * refused there rather than dropped. Each field's error is named by the field's visible label, and the field's id
 * is made from the same label, so the error summary says "Lunedì, fascia 1, dalle: …" and links to it.
 */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
export const RANGES = [0, 1] as const;
/** Empty closure rows under the existing ones. */
export const SPARE_CLOSURES = 3;

type Simple = "name" | "address" | "phone" | "email" | "notes" | "slotMinutes" | "capacity" | "horizonDays" | "minNoticeHours" | "needsApproval" | "active" | "serviceIds" | "operatorIds";

export type OfficeFormTexts = Pick<AppointmentsStaffTexts, "offices" | "weekdays">;

/** The visible label of a form field (the key as the form names it). */
export function fieldLabel(key: string, t: OfficeFormTexts): string {
  const o = t.offices;
  const h = /^h\.(\d)\.(\d)\.(from|to)$/.exec(key);
  if (h) return `${t.weekdays[Number(h[1]) as 1]}, ${o.interval({ n: Number(h[2]) + 1 })}, ${h[3] === "from" ? o.from : o.to}`;
  const c = /^c\.(\d+)\.(from|to|reason)$/.exec(key);
  if (c) return `${o.closureRow({ n: Number(c[1]) + 1 })}, ${c[2] === "from" ? o.closureFrom : c[2] === "to" ? o.closureTo : o.closureReason}`;
  if (key === "openingHours") return o.hours;
  if (key === "closures") return o.closures;
  const labels: Record<Simple, string> = {
    name: o.name,
    address: o.address,
    phone: o.phone,
    email: o.email,
    notes: o.notes,
    slotMinutes: o.slotMinutes,
    capacity: o.capacity,
    horizonDays: o.horizonDays,
    minNoticeHours: o.minNoticeHours,
    needsApproval: o.needsApproval,
    active: o.active,
    serviceIds: o.services,
    operatorIds: o.operators,
  };
  return (labels as Record<string, string>)[key] ?? key;
}

/** The id of a field's control: what the error summary links to (components/admin/action-form.tsx). */
export function fieldId(key: string, t: OfficeFormTexts): string {
  return `f-${fieldLabel(key, t).replace(/[^a-zA-Z0-9_-]/g, "-")}`;
}

const text = (fd: FormData, key: string) => {
  const v = fd.get(key);
  return typeof v === "string" ? v.trim() : "";
};

export type OfficeForm = {
  /** The office input, as the office schema reads it. */
  input: Record<string, unknown>;
  /** The form key of each opening interval and each closure of the input, by index. */
  hourKeys: string[];
  closureKeys: string[];
};

export function readOfficeForm(fd: FormData): OfficeForm {
  const openingHours: { weekday: number; from: string; to: string }[] = [];
  const hourKeys: string[] = [];
  for (const weekday of WEEKDAYS) {
    for (const r of RANGES) {
      const from = text(fd, `h.${weekday}.${r}.from`);
      const to = text(fd, `h.${weekday}.${r}.to`);
      if (!from && !to) continue;
      openingHours.push({ weekday, from, to });
      hourKeys.push(`h.${weekday}.${r}`);
    }
  }
  const closures: { from: string; to: string; reason: string }[] = [];
  const closureKeys: string[] = [];
  const rows = Number(text(fd, "closureRows")) || 0;
  for (let i = 0; i < Math.min(rows, 100); i++) {
    const row = { from: text(fd, `c.${i}.from`), to: text(fd, `c.${i}.to`), reason: text(fd, `c.${i}.reason`) };
    if (!row.from && !row.to && !row.reason) continue;
    closures.push(row);
    closureKeys.push(`c.${i}`);
  }
  const orNull = (key: string) => text(fd, key) || null;
  return {
    input: {
      name: text(fd, "name"),
      address: text(fd, "address"),
      phone: orNull("phone"),
      email: orNull("email"),
      notes: orNull("notes"),
      openingHours,
      closures,
      slotMinutes: text(fd, "slotMinutes"),
      capacity: text(fd, "capacity"),
      horizonDays: text(fd, "horizonDays"),
      minNoticeHours: text(fd, "minNoticeHours"),
      needsApproval: fd.get("needsApproval") === "on",
      active: fd.get("active") === "on",
      serviceIds: fd.getAll("serviceIds").filter((v): v is string => typeof v === "string"),
      operatorIds: fd.getAll("operatorIds").filter((v): v is string => typeof v === "string"),
    },
    hourKeys,
    closureKeys,
  };
}

/** The form key of an input path ("openingHours.2.to" → "h.3.1.to"). */
function formKey(path: string, form: OfficeForm): string {
  const [head, index, field] = path.split(".");
  const keys = head === "openingHours" ? form.hourKeys : head === "closures" ? form.closureKeys : null;
  if (!keys || index === undefined) return head ?? path;
  const base = keys[Number(index)];
  if (!base) return head ?? path;
  return `${base}.${field === "to" || field === "reason" ? field : "from"}`;
}

/**
 * Runs `fn` (the one lib call) and renames the refused fields of its validation error after the form's labels, so
 * the summary names and links the field the admin typed in. Anything else passes through unchanged.
 */
export async function withFormFields<R>(form: OfficeForm, t: OfficeFormTexts, fn: () => Promise<R>): Promise<R> {
  try {
    return await fn();
  } catch (err) {
    const v = err instanceof ZodError ? new ValidationError("request.invalid_input", zodFieldErrors(err.issues)) : err;
    if (!(v instanceof ValidationError) || v.fieldErrors.length === 0) throw v;
    const renamed: FieldError[] = v.fieldErrors.map((f) => ({ ...f, path: fieldLabel(formKey(f.path, form), t) }));
    throw new ValidationError(v.code, renamed, v.params);
  }
}
