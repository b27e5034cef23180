"use client";

import { useT } from "@/lib/i18n/client";
import { portalForm } from "@/lib/i18n/portal-form";
import type { FormField } from "@/lib/services/form-schema";

type Base<F extends FormField = FormField> = {
  field: F;
  id: string;
  error?: string;
  value: unknown;
  onChange: (v: unknown) => void;
};

/** Label text with the "required" mark written out (not only an asterisk, which screen readers may skip). */
export function LabelText({ field }: { field: FormField }) {
  const t = useT(portalForm);
  return (
    <>
      {field.label}
      {field.required && <span className="ml-1 text-sm font-normal text-muted">({t.required})</span>}
    </>
  );
}

export function HelpAndError({ id, help, error }: { id: string; help?: string; error?: string }) {
  const t = useT(portalForm);
  return (
    <>
      {help && (
        <p id={`${id}-help`} className="mt-1 text-sm text-muted">
          {help}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          <span className="sr-only">{t.errorPrefix}</span>
          {error}
        </p>
      )}
    </>
  );
}

export function describedBy(id: string, help?: string, error?: string): string | undefined {
  const ids = [help ? `${id}-help` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

const AUTOCOMPLETE: Record<string, string> = {
  givenName: "given-name",
  familyName: "family-name",
  name: "name",
  email: "email",
  phone: "tel",
};

/** Text-like inputs: text, long text, email, phone, number, date, codice fiscale. */
export function InputField({ field, id, error, value, onChange }: Base) {
  const t = useT(portalForm);
  const str = value === undefined || value === null ? "" : String(value);
  const help = field.type === "codice_fiscale" ? (field.help ?? t.cfHelp) : field.help;
  const aria = { "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(id, help, error), "aria-required": field.required || undefined };
  const cls = `field-input ${error ? "border-2 border-danger-dark" : ""}`;
  const autoComplete = field.prefill ? AUTOCOMPLETE[field.prefill] : undefined;
  let input: React.ReactNode;
  switch (field.type) {
    case "textarea":
      input = <textarea id={id} name={field.name} rows={5} className={cls} value={str} maxLength={field.maxLength} onChange={(e) => onChange(e.target.value)} {...aria} />;
      break;
    case "number":
      input = (
        <input id={id} name={field.name} type="text" inputMode={field.integer ? "numeric" : "decimal"} className={`${cls} max-w-xs`} value={str} onChange={(e) => onChange(e.target.value)} {...aria} />
      );
      break;
    case "date":
      input = <input id={id} name={field.name} type="date" className={`${cls} max-w-xs`} value={str} min={field.min} max={field.max} onChange={(e) => onChange(e.target.value)} {...aria} />;
      break;
    case "codice_fiscale":
      input = (
        <input
          id={id}
          name={field.name}
          type="text"
          autoComplete="off"
          spellCheck={false}
          maxLength={16}
          className={`${cls} max-w-xs font-mono uppercase`}
          value={str}
          onChange={(e) => onChange(e.target.value.toUpperCase())}
          {...aria}
        />
      );
      break;
    default: {
      const type = field.type === "email" ? "email" : field.type === "phone" ? "tel" : "text";
      const maxLength = field.type === "text" ? field.maxLength : undefined;
      input = (
        <input
          id={id}
          name={field.name}
          type={type}
          autoComplete={autoComplete ?? (field.type === "email" ? "email" : field.type === "phone" ? "tel" : undefined)}
          className={cls}
          value={str}
          maxLength={maxLength}
          onChange={(e) => onChange(e.target.value)}
          {...aria}
        />
      );
    }
  }
  return (
    <div>
      <label htmlFor={id} className="field-label">
        <LabelText field={field} />
      </label>
      {input}
      <HelpAndError id={id} help={help} error={error} />
    </div>
  );
}

/** Choices: radio group, select, a single declaration checkbox, or a group of checkboxes. */
export function ChoiceField({ field, id, error, value, onChange }: Base) {
  const t = useT(portalForm);
  const aria = { "aria-invalid": error ? true : undefined, "aria-describedby": describedBy(id, field.help, error) };
  if (field.type === "select") {
    return (
      <div>
        <label htmlFor={id} className="field-label">
          <LabelText field={field} />
        </label>
        <select id={id} name={field.name} className={`field-input ${error ? "border-2 border-danger-dark" : ""}`} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)} aria-required={field.required || undefined} {...aria}>
          <option value="">{t.chooseOption}</option>
          {field.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <HelpAndError id={id} help={field.help} error={error} />
      </div>
    );
  }
  if (field.type === "checkbox" && !field.options) {
    return (
      <div>
        <div className="flex items-start gap-3">
          <input id={id} name={field.name} type="checkbox" className="mt-1 h-5 w-5 shrink-0 accent-primary" checked={value === true} onChange={(e) => onChange(e.target.checked)} aria-required={field.required || undefined} {...aria} />
          <label htmlFor={id} className="font-semibold">
            <LabelText field={field} />
          </label>
        </div>
        <HelpAndError id={id} help={field.help} error={error} />
      </div>
    );
  }
  if (field.type !== "radio" && field.type !== "checkbox") return null;
  const options = field.options ?? [];
  const multi = field.type === "checkbox";
  const selected = multi ? (Array.isArray(value) ? (value as string[]) : []) : [];
  // The group is the first focusable option: the error summary links here.
  return (
    <fieldset {...aria} aria-required={!multi && field.required ? true : undefined} role={multi ? "group" : "radiogroup"}>
      <legend className="field-label">
        <LabelText field={field} />
      </legend>
      <div className="space-y-2">
        {options.map((o, i) => {
          const optId = i === 0 ? id : `${id}-${i}`;
          return (
            <div key={o.value} className="flex items-start gap-3">
              <input
                id={optId}
                name={field.name}
                type={multi ? "checkbox" : "radio"}
                value={o.value}
                className="mt-1 h-5 w-5 shrink-0 accent-primary"
                checked={multi ? selected.includes(o.value) : value === o.value}
                onChange={(e) => {
                  if (!multi) onChange(o.value);
                  else onChange(e.target.checked ? [...selected, o.value] : selected.filter((v) => v !== o.value));
                }}
              />
              <label htmlFor={optId}>{o.label}</label>
            </div>
          );
        })}
      </div>
      <HelpAndError id={id} help={field.help} error={error} />
    </fieldset>
  );
}
