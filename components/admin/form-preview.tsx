"use client";

import { useState } from "react";
import { FormRenderer, type FormValues } from "@/components/forms/form-renderer";
import type { FormDefinition } from "@/lib/services/form-schema";

/**
 * The form as the citizen will see it, page after page, drawn by the portal's own renderer (the same labels,
 * required marks, help texts, choices and file rules). The admin may type into it to try it; nothing is saved
 * or uploaded (file fields are shown disabled).
 */
export function FormPreview({ definition, idPrefix = "anteprima", stepTexts = {} }: { definition: FormDefinition; idPrefix?: string; stepTexts?: Record<string, string> }) {
  const [values, setValues] = useState<FormValues>({});
  const onChange = (name: string, value: unknown) => setValues((v) => ({ ...v, [name]: value }));
  // Its own form, so that its radio groups are not joined with those of another preview on the page.
  return (
    <form className="space-y-6" data-testid="form-preview" onSubmit={(e) => e.preventDefault()}>
      {definition.pages.map((page, pi) => (
        <section key={`${page.id}-${pi}`} className="rounded-lg border border-line bg-white p-4" aria-label={page.title}>
          <p className="text-sm font-semibold text-muted">{pi + 1} / {definition.pages.length}</p>
          <h3 className="mb-1 text-xl font-bold">{page.title}</h3>
          {page.description && <p className="mb-3 whitespace-pre-line">{page.description}</p>}
          {stepTexts[page.id] && <p className="mb-3 whitespace-pre-line rounded-md border-l-4 border-primary bg-primary-light p-2">{stepTexts[page.id]}</p>}
          <FormRenderer definition={definition} pageId={page.id} values={values} onChange={onChange} idPrefix={`${idPrefix}-${pi}-`} />
        </section>
      ))}
    </form>
  );
}
