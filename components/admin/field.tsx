import type { ComponentProps, ReactNode } from "react";

/** What a field's control needs to be found by its label, its help and the error summary (ids are `f-<name>`). */
export type ControlProps = { id: string; name: string; "aria-describedby"?: string };

/**
 * One field of an admin form: its label, an optional help line (read with the control), then the control,
 * made by `children` from the id, name and description it is given.
 */
export function Field({ name, label, help, className, children }: { name: string; label: ReactNode; help?: ReactNode; className?: string; children: (control: ControlProps) => ReactNode }) {
  const helpId = help ? `${name}-help` : undefined;
  return (
    <div className={className}>
      <label htmlFor={`f-${name}`} className="field-label">{label}</label>
      {help ? <p id={helpId} className="mb-1 text-sm text-muted">{help}</p> : null}
      {children({ id: `f-${name}`, name, "aria-describedby": helpId })}
    </div>
  );
}

/** A `Field` whose control is an `<input>`; `inputClassName` adds to `field-input` (e.g. `font-mono`). */
export function TextField({
  name,
  label,
  help,
  className,
  inputClassName,
  ...input
}: { name: string; label: ReactNode; help?: ReactNode; className?: string; inputClassName?: string } & Omit<ComponentProps<"input">, "id" | "name" | "className">) {
  return (
    <Field name={name} label={label} help={help} className={className}>
      {(control) => <input {...control} {...input} className={inputClassName ? `field-input ${inputClassName}` : "field-input"} />}
    </Field>
  );
}
