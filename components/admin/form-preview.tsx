import type { FormDefinition, FormField } from "@/lib/services/form-schema";

/**
 * A read-only rendering of a form definition, as the citizen will see its pages. Stand-in until the portal's
 * renderer (components/forms) is in main; inputs are disabled, nothing is submitted.
 */
export function FormPreview({ definition, stepTexts = {} }: { definition: FormDefinition; stepTexts?: Record<string, string> }) {
  return (
    <div className="space-y-6" data-testid="form-preview">
      {definition.pages.map((page, pi) => (
        <section key={`${page.id}-${pi}`} className="rounded-lg border border-line bg-white p-4">
          <p className="text-sm font-semibold text-muted">{pi + 1} / {definition.pages.length}</p>
          <h3 className="mb-1 text-xl font-bold">{page.title}</h3>
          {page.description && <p className="mb-3 whitespace-pre-line text-muted">{page.description}</p>}
          {stepTexts[page.id] && <p className="mb-3 whitespace-pre-line rounded bg-primary-light p-2">{stepTexts[page.id]}</p>}
          <div className="space-y-4">
            {page.items.map((item, ii) =>
              item.type === "fieldset" ? (
                <fieldset key={`${item.id}-${ii}`} className="rounded-md border border-line p-3">
                  <legend className="px-1 font-bold">{item.legend}</legend>
                  <div className="space-y-4">
                    {item.fields.map((f, fi) => <PreviewField key={`${f.name}-${fi}`} field={f} />)}
                  </div>
                </fieldset>
              ) : (
                <PreviewField key={`${item.name}-${ii}`} field={item} />
              ),
            )}
          </div>
        </section>
      ))}
    </div>
  );
}

function PreviewField({ field }: { field: FormField }) {
  const id = `preview-${field.name}`;
  const label = (
    <>
      {field.label}
      {field.required && <span aria-hidden="true" className="text-danger-dark"> *</span>}
    </>
  );
  const help = field.help ? <p className="mb-1 text-sm text-muted">{field.help}</p> : null;
  const inputClass = "field-input bg-surface";
  switch (field.type) {
    case "checkbox":
      if (!field.options)
        return (
          <label className="flex items-start gap-2">
            <input type="checkbox" disabled className="mt-1 size-5" /> <span>{label}</span>
          </label>
        );
      return <Choices field={field} kind="checkbox" label={label} help={help} />;
    case "radio":
      return <Choices field={field} kind="radio" label={label} help={help} />;
    case "select":
      return (
        <div>
          <label htmlFor={id} className="field-label">{label}</label>
          {help}
          <select id={id} disabled className={inputClass}>
            <option>—</option>
            {field.options.map((o) => <option key={o.value}>{o.label}</option>)}
          </select>
        </div>
      );
    case "textarea":
      return (
        <div>
          <label htmlFor={id} className="field-label">{label}</label>
          {help}
          <textarea id={id} disabled rows={3} className={inputClass} />
        </div>
      );
    case "file":
      return (
        <div>
          <label htmlFor={id} className="field-label">{label}</label>
          {help}
          <input id={id} type="file" disabled multiple={field.multiple} className={inputClass} />
          <p className="mt-1 text-sm text-muted">{field.accept.join(", ")} · max {field.maxSizeMb} MB</p>
        </div>
      );
    default: {
      const type = field.type === "number" ? "number" : field.type === "date" ? "date" : field.type === "email" ? "email" : field.type === "phone" ? "tel" : "text";
      return (
        <div>
          <label htmlFor={id} className="field-label">{label}</label>
          {help}
          <input id={id} type={type} disabled className={inputClass} />
        </div>
      );
    }
  }
}

function Choices({ field, kind, label, help }: { field: FormField & { options?: { value: string; label: string }[] }; kind: "radio" | "checkbox"; label: React.ReactNode; help: React.ReactNode }) {
  return (
    <fieldset>
      <legend className="field-label">{label}</legend>
      {help}
      {(field.options ?? []).map((o) => (
        <label key={o.value} className="flex items-center gap-2">
          <input type={kind} disabled name={`preview-${field.name}`} className="size-5" /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}
