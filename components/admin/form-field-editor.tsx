"use client";

import { adminTexts } from "@/lib/i18n/admin";
import { useT } from "@/lib/i18n/client";
import type { FormField } from "@/lib/services/form-schema";
import { carryUid, FIELD_TYPES, fieldOfType, yesNoOptions, type FieldType } from "./form-builder-model";

const FILE_TYPES = [
  ["application/pdf", "PDF"],
  ["image/jpeg", "JPEG"],
  ["image/png", "PNG"],
  ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"],
  ["application/vnd.oasis.opendocument.text", "ODT"],
  ["application/zip", "ZIP"],
] as const;

const numOrUndef = (v: string) => (v.trim() === "" || !Number.isFinite(Number(v)) ? undefined : Number(v));

function without<T extends object>(obj: T, key: string): T {
  const copy = { ...obj } as Record<string, unknown>;
  delete copy[key];
  return copy as T;
}

/** Settings of one field: common ones, then those of its type. Every control is labelled. */
export function FieldEditor({ field, idPrefix, onChange }: { field: FormField; idPrefix: string; onChange: (f: FormField) => void }) {
  const T = useT(adminTexts);
  const labels = T.builder;
  const id = (k: string) => `${idPrefix}-${k}`;
  const set = (patch: Record<string, unknown>) => {
    let next = { ...field, ...patch } as Record<string, unknown>;
    for (const [k, v] of Object.entries(patch)) if (v === undefined || v === "") next = without(next, k);
    onChange(next as FormField);
  };
  const text = (k: "label" | "name" | "help", label: string, textarea = false) => (
    <div>
      <label htmlFor={id(k)} className="field-label text-sm">{label}</label>
      {textarea ? (
        <textarea id={id(k)} rows={2} value={(field[k] as string | undefined) ?? ""} onChange={(e) => set({ [k]: e.target.value })} className="field-input" />
      ) : (
        <input id={id(k)} value={(field[k] as string | undefined) ?? ""} onChange={(e) => set({ [k]: e.target.value })} className={`field-input ${k === "name" ? "font-mono" : ""}`} />
      )}
    </div>
  );
  const number = (k: string, label: string) => (
    <div>
      <label htmlFor={id(k)} className="field-label text-sm">{label}</label>
      <input id={id(k)} type="number" value={String((field as Record<string, unknown>)[k] ?? "")} onChange={(e) => set({ [k]: numOrUndef(e.target.value) })} className="field-input" />
    </div>
  );
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        {text("label", labels.label)}
        {text("name", labels.name)}
        <div>
          <label htmlFor={id("type")} className="field-label text-sm">{labels.type}</label>
          <select id={id("type")} value={field.type} onChange={(e) => onChange(carryUid(field, fieldOfType(e.target.value as FieldType, field, yesNoOptions(T))))} className="field-input">
            {FIELD_TYPES.map((t) => <option key={t} value={t}>{labels.types[t]}</option>)}
          </select>
        </div>
        <div>
          <label htmlFor={id("prefill")} className="field-label text-sm">{labels.prefill}</label>
          <select id={id("prefill")} value={field.prefill ?? ""} onChange={(e) => set({ prefill: e.target.value || undefined })} className="field-input">
            <option value="">{labels.none}</option>
            {(["name", "givenName", "familyName", "email", "phone", "codiceFiscale"] as const).map((p) => <option key={p} value={p}>{labels.prefills[p]}</option>)}
          </select>
        </div>
      </div>
      {text("help", labels.help, true)}
      <label className="flex items-center gap-2">
        <input id={id("required")} type="checkbox" checked={field.required} onChange={(e) => set({ required: e.target.checked })} className="size-5" />
        {labels.required}
      </label>
      {(field.type === "text" || field.type === "textarea") && (
        <div className="grid gap-3 sm:grid-cols-3">
          {number("minLength", labels.minLength)}
          {number("maxLength", labels.maxLength)}
          {field.type === "text" && (
            <div>
              <label htmlFor={id("pattern")} className="field-label text-sm">{labels.pattern}</label>
              <input id={id("pattern")} value={field.pattern ?? ""} onChange={(e) => set({ pattern: e.target.value || undefined })} className="field-input font-mono" />
            </div>
          )}
        </div>
      )}
      {field.type === "number" && (
        <div className="grid gap-3 sm:grid-cols-3">
          {number("min", labels.min)}
          {number("max", labels.max)}
          <label className="flex items-center gap-2 pt-6">
            <input type="checkbox" checked={field.integer ?? false} onChange={(e) => set({ integer: e.target.checked || undefined })} className="size-5" />
            {labels.integer}
          </label>
        </div>
      )}
      {field.type === "date" && (
        <div className="grid gap-3 sm:grid-cols-2">
          {(["min", "max"] as const).map((k) => (
            <div key={k}>
              <label htmlFor={id(k)} className="field-label text-sm">{k === "min" ? labels.minDate : labels.maxDate}</label>
              <input id={id(k)} type="date" value={field[k] ?? ""} onChange={(e) => set({ [k]: e.target.value || undefined })} className="field-input" />
            </div>
          ))}
        </div>
      )}
      {(field.type === "select" || field.type === "radio" || field.type === "checkbox") && (
        <OptionsEditor
          options={field.options}
          allowNone={field.type === "checkbox"}
          idPrefix={id("opt")}
          onChange={(options) => set({ options })}
        />
      )}
      {field.type === "file" && (
        <div className="space-y-3">
          <fieldset>
            <legend className="field-label text-sm">{labels.accept}</legend>
            <div className="flex flex-wrap gap-4">
              {FILE_TYPES.map(([mime, name]) => (
                <label key={mime} className="flex items-center gap-2">
                  <input
                    type="checkbox"
                    checked={field.accept.includes(mime)}
                    onChange={(e) => set({ accept: e.target.checked ? [...field.accept, mime] : field.accept.filter((m) => m !== mime) })}
                    className="size-5"
                  />
                  {name}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="grid gap-3 sm:grid-cols-2">
            {number("maxSizeMb", labels.maxSizeMb)}
            <label className="flex items-center gap-2 pt-6">
              <input type="checkbox" checked={field.multiple} onChange={(e) => set({ multiple: e.target.checked })} className="size-5" />
              {labels.multiple}
            </label>
          </div>
        </div>
      )}
    </div>
  );
}

function OptionsEditor({ options, allowNone, idPrefix, onChange }: { options: { value: string; label: string }[] | undefined; allowNone: boolean; idPrefix: string; onChange: (o: { value: string; label: string }[] | undefined) => void }) {
  const labels = useT(adminTexts).builder;
  const list = options ?? [];
  const update = (i: number, patch: Partial<{ value: string; label: string }>) => onChange(list.map((o, j) => (j === i ? { ...o, ...patch } : o)));
  const move = (i: number, d: number) => {
    const next = [...list];
    const [o] = next.splice(i, 1);
    if (o) next.splice(i + d, 0, o);
    onChange(next);
  };
  return (
    <fieldset className="rounded-md border border-line p-3">
      <legend className="px-1 text-sm font-semibold">{labels.options}</legend>
      {allowNone && list.length === 0 && <p className="mb-2 text-sm text-muted">{labels.singleCheckbox}</p>}
      <ol className="space-y-2">
        {list.map((o, i) => (
          <li key={i} className="flex flex-wrap items-end gap-2">
            <div className="min-w-32 flex-1">
              <label htmlFor={`${idPrefix}-${i}-label`} className="text-sm">{labels.optionLabel} {i + 1}</label>
              <input id={`${idPrefix}-${i}-label`} value={o.label} onChange={(e) => update(i, { label: e.target.value })} className="field-input" />
            </div>
            <div className="w-32">
              <label htmlFor={`${idPrefix}-${i}-value`} className="text-sm">{labels.optionValue} {i + 1}</label>
              <input id={`${idPrefix}-${i}-value`} value={o.value} onChange={(e) => update(i, { value: e.target.value })} className="field-input font-mono" />
            </div>
            <button type="button" className="btn-secondary px-2 py-1" onClick={() => move(i, -1)} disabled={i === 0} aria-label={`${labels.moveUp}: ${o.label}`}>↑</button>
            <button type="button" className="btn-secondary px-2 py-1" onClick={() => move(i, 1)} disabled={i === list.length - 1} aria-label={`${labels.moveDown}: ${o.label}`}>↓</button>
            <button type="button" className="btn-secondary px-2 py-1" onClick={() => onChange(list.length === 1 && allowNone ? undefined : list.filter((_, j) => j !== i))} aria-label={`${labels.remove}: ${o.label}`}>✕</button>
          </li>
        ))}
      </ol>
      <button type="button" className="btn-secondary mt-2 px-3 py-1 text-sm" onClick={() => onChange([...list, { value: `opzione${list.length + 1}`, label: labels.newOption({ n: list.length + 1 }) }])}>
        + {labels.addOption}
      </button>
    </fieldset>
  );
}
