import type { FormField } from "@/lib/services/form-schema";

/*
 * What the form builder and its field editor share: the field types offered and the helpers that
 * make and track fields while they are edited. Its own module, so neither component imports the other's file
 * back (form-builder.tsx renders form-field-editor.tsx).
 */

export const FIELD_TYPES = ["text", "textarea", "email", "phone", "number", "date", "select", "radio", "checkbox", "codice_fiscale", "file"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

const UID = Symbol("builder-uid");
let uidCounter = 0;

/**
 * A stable React key for a field or group while it is edited and moved (the index would make an open
 * settings panel stay at its position instead of following its field). Kept in an enumerable symbol, so
 * object spreads carry it and JSON leaves it out.
 */
export function uidOf(o: object): string {
  const holder = o as { [UID]?: string };
  holder[UID] ??= `u${++uidCounter}`;
  return holder[UID];
}

export function carryUid<T extends object>(from: object, to: T): T {
  (to as { [UID]?: string })[UID] = uidOf(from);
  return to;
}

/** The options a new choice field starts with, in the admin's language (the values stay the same). */
export function yesNoOptions(t: { yes: string; no: string }): { value: string; label: string }[] {
  return [{ value: "si", label: t.yes }, { value: "no", label: t.no }];
}

/** A new field of a type, keeping what carries over (name, label, help, required); a choice without options gets `defaultOptions`. */
export function fieldOfType(type: FieldType, from: Partial<FormField> & { name: string; label: string }, defaultOptions: { value: string; label: string }[]): FormField {
  const base = { name: from.name, label: from.label, required: from.required ?? false, ...(from.help ? { help: from.help } : {}) };
  const options = "options" in from && Array.isArray(from.options) && from.options.length ? from.options : defaultOptions;
  switch (type) {
    case "select":
    case "radio":
      return { ...base, type, options };
    case "checkbox":
      return { ...base, type };
    case "file":
      return { ...base, type, accept: ["application/pdf", "image/jpeg", "image/png"], maxSizeMb: 10, multiple: false };
    default:
      return { ...base, type };
  }
}
