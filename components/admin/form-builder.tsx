"use client";

import { useActionState, useEffect, useMemo, useRef, useState } from "react";
import { TRACKED_ATTR, useUnsavedFlag } from "./unsaved-changes";
import { ValidationError, zodFieldErrors } from "@/lib/errors";
import { importFormio } from "@/lib/forms/formio-import";
import { adminTexts } from "@/lib/i18n/admin";
import { useLang, useT } from "@/lib/i18n/client";
import { errorText } from "@/lib/i18n/errors";
import { formDefinitionSchema, type FormDefinition, type FormField, type FormFieldset, type FormPage } from "@/lib/services/form-schema";
import type { ActionState } from "./action-form";
import { FIELD_TYPES, fieldOfType, uidOf, yesNoOptions, type FieldType } from "./form-builder-model";
import { FieldEditor } from "./form-field-editor";
import { FormPreview } from "./form-preview";

type Item = FormField | FormFieldset;

function move<T>(list: T[], i: number, d: number): T[] {
  const next = [...list];
  const [x] = next.splice(i, 1);
  if (x !== undefined) next.splice(i + d, 0, x);
  return next;
}

function uniqueName(def: FormDefinition, base: string): string {
  const taken = new Set(def.pages.flatMap((p) => p.items.flatMap((it) => (it.type === "fieldset" ? it.fields.map((f) => f.name) : [it.name]))));
  let n = 1;
  while (taken.has(`${base}${n}`)) n++;
  return `${base}${n}`;
}

/**
 * The form editor: a visual builder (pages, groups, fields: add, order, configure — every action a button,
 * so it works by keyboard), a JSON tab validated against the same schema as the server, a Form.io import,
 * and a live preview. Publishing posts the definition; the server validates again.
 */
export function FormBuilder({ initial, action }: { initial: FormDefinition; action: (prev: ActionState, fd: FormData) => Promise<ActionState> }) {
  const T = useT(adminTexts);
  const L = T.builder;
  const lang = useLang();
  const [def, setDef] = useState<FormDefinition>(initial);
  const [tab, setTab] = useState<"builder" | "json" | "import">("builder");
  const [jsonText, setJsonText] = useState(() => JSON.stringify(initial, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [importText, setImportText] = useState("");
  const [importNote, setImportNote] = useState<{ ok: boolean; lines: string[] } | null>(null);
  const [newType, setNewType] = useState<FieldType>("text");
  // Where keyboard focus goes after a move (the moved item's button at its new place).
  const pendingFocus = useRef<string | null>(null);
  const setFocusId = (id: string) => {
    pendingFocus.current = id;
  };
  const [state, formAction, pending] = useActionState(action, {});
  const statusRef = useRef<HTMLDivElement>(null);
  // What the server holds: the loaded definition, then each one published; anything else is unsaved work.
  const [savedJson, setSavedJson] = useState(() => JSON.stringify(initial));
  const submittedJson = useRef<string | null>(null);
  useEffect(() => {
    if (state.ok && !state.error && submittedJson.current) setSavedJson(submittedJson.current);
  }, [state]);
  useUnsavedFlag(JSON.stringify(def) !== savedJson, L.publish);

  const check = useMemo(() => formDefinitionSchema.safeParse(def), [def]);
  // zod's issues carry codes (lib/errors.ts): said in the admin's language, like the server's refusals.
  const issues = check.success ? [] : zodFieldErrors(check.error.issues).map((f) => `${f.path || "form"}: ${errorText(f.code, f.params ?? {}, lang)}`);

  useEffect(() => {
    if (!pendingFocus.current) return;
    const el = document.getElementById(pendingFocus.current);
    pendingFocus.current = null;
    if (el instanceof HTMLButtonElement && el.disabled) el.parentElement?.querySelector<HTMLButtonElement>("button:not(:disabled)")?.focus();
    else el?.focus();
  });
  useEffect(() => {
    if (state.ok || state.error) statusRef.current?.focus();
  }, [state]);

  const update = (next: FormDefinition) => {
    setDef(next);
    setJsonText(JSON.stringify(next, null, 2));
    setJsonError(null);
  };
  const setPage = (pi: number, page: FormPage) => update({ pages: def.pages.map((p, j) => (j === pi ? page : p)) });
  const setItems = (pi: number, items: Item[]) => {
    const page = def.pages[pi];
    if (page) setPage(pi, { ...page, items });
  };

  const onJson = (text: string) => {
    setJsonText(text);
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === "object" && Array.isArray((parsed as { pages?: unknown }).pages)) {
        setDef(parsed as FormDefinition);
        setJsonError(null);
      } else setJsonError(L.invalid);
    } catch (e) {
      setJsonError(`${L.jsonSyntax}: ${(e as Error).message}`);
    }
  };

  const runImport = (text: string) => {
    try {
      const res = importFormio(JSON.parse(text));
      update(res.definition);
      setImportNote({ ok: true, lines: res.warnings.map((w) => errorText(w.code, w.params, lang)) });
    } catch (e) {
      // The import runs here, in the browser: its refusal is a code, said in the admin's language.
      if (e instanceof ValidationError) {
        setImportNote({ ok: false, lines: [errorText(e.code, e.params, lang), ...e.fieldErrors.map((f) => errorText(f.code, f.params ?? {}, lang))] });
      } else setImportNote({ ok: false, lines: [`${L.jsonSyntax}: ${(e as Error).message}`] });
    }
  };

  const fieldRow = (field: FormField, key: string, onChange: (f: FormField) => void, onMove: (d: number) => void, onRemove: () => void, first: boolean, last: boolean, keyAfterMove: (d: number) => string) => (
    <li key={uidOf(field)} className="rounded-md border border-line bg-white">
      <div className="flex flex-wrap items-center gap-2 p-2">
        <span className="flex-1">
          <strong>{field.label || "—"}</strong> <span className="text-sm text-muted">· {L.types[field.type]} · <code>{field.name}</code>{field.required ? ` · ${L.required}` : ""}</span>
        </span>
        <button id={`${key}-up`} type="button" className="btn-secondary px-2 py-1" disabled={first} onClick={() => { onMove(-1); setFocusId(`${keyAfterMove(-1)}-up`); }} aria-label={`${L.moveUp}: ${field.label}`}>↑</button>
        <button id={`${key}-down`} type="button" className="btn-secondary px-2 py-1" disabled={last} onClick={() => { onMove(1); setFocusId(`${keyAfterMove(1)}-down`); }} aria-label={`${L.moveDown}: ${field.label}`}>↓</button>
        <button type="button" className="btn-secondary px-2 py-1" onClick={onRemove} aria-label={`${L.remove}: ${field.label}`}>✕</button>
      </div>
      <details className="border-t border-line px-2 pb-2">
        <summary className="cursor-pointer py-1 font-semibold text-primary">{L.edit}: {field.label || field.name}</summary>
        <FieldEditor field={field} idPrefix={key} onChange={onChange} />
      </details>
    </li>
  );

  const tabButton = (k: "builder" | "json" | "import", label: string) => (
    <button key={k} type="button" role="tab" id={`tab-${k}`} aria-selected={tab === k} aria-controls={`panel-${k}`} onClick={() => setTab(k)}
      className={`border-b-4 px-4 py-2 font-semibold ${tab === k ? "border-primary text-ink" : "border-transparent text-primary"}`}>
      {label}
    </button>
  );

  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <div className="min-w-0">
        <div role="tablist" aria-label={L.builder} className="mb-4 flex flex-wrap border-b border-line">
          {tabButton("builder", L.builder)}
          {tabButton("json", L.json)}
          {tabButton("import", L.import)}
        </div>

        {tab === "builder" && (
          <div role="tabpanel" id="panel-builder" aria-labelledby="tab-builder" className="space-y-4">
            {def.pages.map((page, pi) => (
              <section key={uidOf(page)} aria-label={`${L.page} ${pi + 1}: ${page.title}`} className="rounded-lg border-2 border-line bg-surface p-3">
                <div className="mb-2 flex flex-wrap items-center gap-2">
                  <h3 className="flex-1 text-lg font-bold">{L.page} {pi + 1}</h3>
                  <button id={`p${pi}-up`} type="button" className="btn-secondary px-2 py-1" disabled={pi === 0} onClick={() => { update({ pages: move(def.pages, pi, -1) }); setFocusId(`p${pi - 1}-up`); }} aria-label={`${L.moveUp}: ${L.page} ${pi + 1}`}>↑</button>
                  <button id={`p${pi}-down`} type="button" className="btn-secondary px-2 py-1" disabled={pi === def.pages.length - 1} onClick={() => { update({ pages: move(def.pages, pi, 1) }); setFocusId(`p${pi + 1}-down`); }} aria-label={`${L.moveDown}: ${L.page} ${pi + 1}`}>↓</button>
                  <button type="button" className="btn-secondary px-2 py-1" disabled={def.pages.length === 1} onClick={() => update({ pages: def.pages.filter((_, j) => j !== pi) })} aria-label={`${L.remove}: ${L.page} ${pi + 1}`}>✕</button>
                </div>
                <div className="mb-3 grid gap-3 sm:grid-cols-2">
                  <div>
                    <label htmlFor={`p${pi}-title`} className="field-label text-sm">{L.pageTitle}</label>
                    <input id={`p${pi}-title`} value={page.title} onChange={(e) => setPage(pi, { ...page, title: e.target.value })} className="field-input" />
                  </div>
                  <div>
                    <label htmlFor={`p${pi}-id`} className="field-label text-sm">{L.pageId}</label>
                    <input id={`p${pi}-id`} value={page.id} onChange={(e) => setPage(pi, { ...page, id: e.target.value })} className="field-input font-mono" />
                  </div>
                </div>
                <div className="mb-3">
                  <label htmlFor={`p${pi}-description`} className="field-label text-sm">{L.pageDescription}</label>
                  <textarea id={`p${pi}-description`} rows={2} value={page.description ?? ""} onChange={(e) => setPage(pi, { ...page, description: e.target.value || undefined })} className="field-input" />
                </div>
                <ol className="space-y-2">
                  {page.items.map((item, ii) => {
                    const key = `p${pi}-i${ii}`;
                    const moveItem = (d: number) => setItems(pi, move(page.items, ii, d));
                    const removeItem = () => setItems(pi, page.items.filter((_, j) => j !== ii));
                    const first = ii === 0;
                    const last = ii === page.items.length - 1;
                    if (item.type !== "fieldset") return fieldRow(item, key, (f) => setItems(pi, page.items.map((x, j) => (j === ii ? f : x))), moveItem, removeItem, first, last, (d) => `p${pi}-i${ii + d}`);
                    const setFs = (fs: FormFieldset) => setItems(pi, page.items.map((x, j) => (j === ii ? fs : x)));
                    return (
                      <li key={uidOf(item)} className="rounded-md border-2 border-dashed border-muted bg-white p-2">
                        <div className="mb-2 flex flex-wrap items-end gap-2">
                          <div className="min-w-40 flex-1">
                            <label htmlFor={`${key}-legend`} className="field-label text-sm">{L.fieldset}: {L.legend}</label>
                            <input id={`${key}-legend`} value={item.legend} onChange={(e) => setFs({ ...item, legend: e.target.value })} className="field-input" />
                          </div>
                          <button id={`${key}-up`} type="button" className="btn-secondary px-2 py-1" disabled={first} onClick={() => { moveItem(-1); setFocusId(`p${pi}-i${ii - 1}-up`); }} aria-label={`${L.moveUp}: ${item.legend}`}>↑</button>
                          <button id={`${key}-down`} type="button" className="btn-secondary px-2 py-1" disabled={last} onClick={() => { moveItem(1); setFocusId(`p${pi}-i${ii + 1}-down`); }} aria-label={`${L.moveDown}: ${item.legend}`}>↓</button>
                          <button type="button" className="btn-secondary px-2 py-1" onClick={removeItem} aria-label={`${L.remove}: ${item.legend}`}>✕</button>
                        </div>
                        <ol className="space-y-2 pl-2">
                          {item.fields.map((f, fi) =>
                            fieldRow(
                              f,
                              `${key}-f${fi}`,
                              (nf) => setFs({ ...item, fields: item.fields.map((x, j) => (j === fi ? nf : x)) }),
                              (d) => setFs({ ...item, fields: move(item.fields, fi, d) }),
                              () => setFs({ ...item, fields: item.fields.filter((_, j) => j !== fi) }),
                              fi === 0,
                              fi === item.fields.length - 1,
                              (d) => `${key}-f${fi + d}`,
                            ),
                          )}
                        </ol>
                        <button type="button" className="btn-secondary mt-2 px-3 py-1 text-sm" onClick={() => setFs({ ...item, fields: [...item.fields, fieldOfType(newType, { name: uniqueName(def, "campo"), label: L.types[newType] }, yesNoOptions(T))] })}>
                          + {L.addField} ({L.types[newType]}) → {item.legend}
                        </button>
                      </li>
                    );
                  })}
                </ol>
                <div className="mt-3 flex flex-wrap items-end gap-2">
                  <div>
                    <label htmlFor={`p${pi}-newtype`} className="field-label text-sm">{L.fieldType}</label>
                    <select id={`p${pi}-newtype`} value={newType} onChange={(e) => setNewType(e.target.value as FieldType)} className="field-input">
                      {FIELD_TYPES.map((t) => <option key={t} value={t}>{L.types[t]}</option>)}
                    </select>
                  </div>
                  <button type="button" className="btn-secondary" onClick={() => setItems(pi, [...page.items, fieldOfType(newType, { name: uniqueName(def, "campo"), label: L.types[newType] }, yesNoOptions(T))])}>
                    + {L.addField}
                  </button>
                  <button type="button" className="btn-secondary" onClick={() => setItems(pi, [...page.items, { type: "fieldset", id: uniqueName(def, "gruppo"), legend: L.fieldset, fields: [fieldOfType("text", { name: uniqueName(def, "campo"), label: L.types.text }, yesNoOptions(T))] }])}>
                    + {L.addFieldset}
                  </button>
                </div>
              </section>
            ))}
            <button type="button" className="btn-secondary" onClick={() => update({ pages: [...def.pages, { id: `pagina-${def.pages.length + 1}`, title: `${L.page} ${def.pages.length + 1}`, items: [fieldOfType("text", { name: uniqueName(def, "campo"), label: L.types.text }, yesNoOptions(T))] }] })}>
              + {L.addPage}
            </button>
          </div>
        )}

        {tab === "json" && (
          <div role="tabpanel" id="panel-json" aria-labelledby="tab-json">
            <label htmlFor="form-json" className="field-label">{L.json}</label>
            <p id="form-json-help" className="mb-1 text-sm text-muted">{L.jsonHelp}</p>
            <textarea id="form-json" value={jsonText} onChange={(e) => onJson(e.target.value)} rows={28} spellCheck={false} aria-describedby="form-json-help" aria-invalid={Boolean(jsonError) || issues.length > 0} className="field-input font-mono text-sm" />
            {jsonError && <p role="alert" className="field-error">{jsonError}</p>}
          </div>
        )}

        {tab === "import" && (
          <div role="tabpanel" id="panel-import" aria-labelledby="tab-import" className="space-y-3">
            <p className="text-muted">{L.importHelp}</p>
            <div>
              <label htmlFor="formio-file" className="field-label">{L.importFile}</label>
              <input id="formio-file" type="file" accept="application/json,.json" className="field-input" onChange={async (e) => { const f = e.target.files?.[0]; if (f) { const text = await f.text(); setImportText(text); runImport(text); } }} />
            </div>
            <div>
              <label htmlFor="formio-text" className="field-label">{L.importText}</label>
              <textarea id="formio-text" value={importText} onChange={(e) => setImportText(e.target.value)} rows={10} spellCheck={false} className="field-input font-mono text-sm" />
            </div>
            <button type="button" className="btn-secondary" onClick={() => runImport(importText)}>{L.importButton}</button>
            {importNote && (
              <div role={importNote.ok ? "status" : "alert"} className={`rounded-md border-2 p-3 ${importNote.ok ? "border-success bg-success-light" : "border-danger bg-danger-light text-danger-dark"}`}>
                <p className="font-semibold">{importNote.ok ? L.imported : importNote.lines[0]}</p>
                {importNote.ok && importNote.lines.length > 0 && <p className="mt-2 font-semibold">{L.importWarnings}</p>}
                <ul className="list-disc pl-5 text-sm">
                  {(importNote.ok ? importNote.lines : importNote.lines.slice(1)).map((l) => <li key={l}>{l}</li>)}
                </ul>
              </div>
            )}
          </div>
        )}

        <form action={formAction} className="mt-6 space-y-3 border-t border-line pt-4" {...{ [TRACKED_ATTR]: "" }} onSubmit={() => (submittedJson.current = JSON.stringify(def))}>
          <input type="hidden" name="definition" value={JSON.stringify(def)} />
          <div aria-live="polite" data-testid="form-validity">
            {issues.length === 0 && !jsonError ? (
              <p className="font-semibold text-success">✓ {L.valid}</p>
            ) : (
              <div className="rounded-md border-2 border-danger bg-danger-light p-3 text-danger-dark">
                <p className="font-semibold">{L.invalid}</p>
                <ul className="list-disc pl-5 text-sm">{issues.slice(0, 20).map((i) => <li key={i}>{i}</li>)}</ul>
              </div>
            )}
          </div>
          <div ref={statusRef} tabIndex={-1}>
            {state.error && <p role="alert" className="rounded-md border-2 border-danger bg-danger-light p-3 font-semibold text-danger-dark">{state.error}{state.fieldErrors && Object.keys(state.fieldErrors).length ? `: ${Object.entries(state.fieldErrors).map(([path, message]) => `${path} ${message}`).join("; ")}` : ""}</p>}
            {state.ok && !state.error && <p role="status" className="rounded-md border-2 border-success bg-success-light p-3 font-semibold text-success">{state.ok}</p>}
          </div>
          <button type="submit" className="btn-primary" disabled={pending || issues.length > 0 || Boolean(jsonError)}>{pending ? L.publishing : L.publish}</button>
        </form>
      </div>

      <aside aria-labelledby="anteprima" className="min-w-0">
        <h2 id="anteprima" className="mb-3 text-xl font-bold">{L.preview}</h2>
        {check.success ? <FormPreview definition={check.data} /> : <p className="text-muted">{L.emptyPreview}</p>}
      </aside>
    </div>
  );
}
