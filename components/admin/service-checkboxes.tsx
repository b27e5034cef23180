/** A fieldset of checkboxes, one per service, posting `serviceIds`. */
export function ServiceCheckboxes({ legend, options, checked, name = "serviceIds", emptyText }: { legend: string; options: { id: string; name: string }[]; checked: string[]; name?: string; emptyText?: string }) {
  return (
    <fieldset id={`f-${name}`}>
      <legend className="field-label">{legend}</legend>
      {options.length === 0 && <p className="text-muted">{emptyText}</p>}
      <ul className="grid gap-1 sm:grid-cols-2">
        {options.map((s) => (
          <li key={s.id}>
            <label className="flex items-start gap-2 py-1">
              <input type="checkbox" name={name} value={s.id} defaultChecked={checked.includes(s.id)} className="mt-1 size-5 shrink-0" />
              <span>{s.name}</span>
            </label>
          </li>
        ))}
      </ul>
    </fieldset>
  );
}
