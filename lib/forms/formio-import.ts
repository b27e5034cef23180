import { ValidationError, fieldError, zodFieldErrors, type ErrorParams } from "@/lib/errors";
import type { ErrorCode } from "@/lib/i18n/errors";
import { formDefinitionSchema, type FormDefinition, type FormField, type FormFieldset, type FormPage } from "@/lib/services/form-schema";

/**
 * Converts a form exported from Form.io (the JSON of a form, or a project export with `forms`) into Stanza's
 * form definition, so municipalities can bring their existing services. Supported: textfield, textarea,
 * email, phoneNumber, number, currency, select, radio, selectboxes, checkbox, datetime, day, time, file,
 * panel, fieldset; layout components (columns, well, container, table, tabs) are flattened. Anything that
 * cannot be carried over (conditions, calculated values, remote select sources, HTML content…) is listed in
 * `warnings` so the admin can review it before publishing. Runs in the browser and on the server.
 */
/** Something the import changed or left out, as a code of the error catalogue with its parameters (the admin reads it in their language). */
export type FormioWarning = { code: ErrorCode; params: ErrorParams };
export type FormioImportResult = { definition: FormDefinition; warnings: FormioWarning[] };

type Comp = Record<string, unknown>;
type Item = FormField | FormFieldset;

const isObj = (v: unknown): v is Comp => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};
const comps = (v: unknown): Comp[] => (Array.isArray(v) ? v.filter(isObj) : []);

const TIME_PATTERN = "([01][0-9]|2[0-3]):[0-5][0-9]";

const EXT_MIME: Record<string, string[]> = {
  pdf: ["application/pdf"],
  jpg: ["image/jpeg"],
  jpeg: ["image/jpeg"],
  png: ["image/png"],
  gif: ["image/gif"],
  webp: ["image/webp"],
  zip: ["application/zip"],
  docx: ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
  xlsx: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
  odt: ["application/vnd.oasis.opendocument.text"],
  ods: ["application/vnd.oasis.opendocument.spreadsheet"],
  "image/*": ["image/jpeg", "image/png"],
};

/** Form.io's filePattern ("*.pdf, .jpg, image/*, application/pdf") → MIME types we accept. */
function acceptFrom(pattern: string | undefined, warn: (w: FormioWarning) => void, label: string): string[] | undefined {
  if (!pattern || pattern === "*") return undefined;
  const out = new Set<string>();
  for (const raw of pattern.split(",").map((p) => p.trim().toLowerCase()).filter(Boolean)) {
    const key = raw.replace(/^\*?\./, "");
    const mapped = EXT_MIME[key] ?? (/^[a-z]+\/[a-z0-9.+-]+$/.test(raw) ? [raw] : undefined);
    if (mapped) mapped.forEach((m) => out.add(m));
    else warn({ code: "formio.w.file_type", params: { label, type: raw } });
  }
  return out.size ? [...out] : undefined;
}

/** "10MB", "500KB", "1GB" → megabytes (capped at 50). */
function maxSizeFrom(v: unknown, warn: (w: FormioWarning) => void, label: string): number | undefined {
  const m = typeof v === "string" ? /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)\s*$/i.exec(v) : null;
  if (!m) return undefined;
  const factor = { B: 1 / 1_048_576, KB: 1 / 1024, MB: 1, GB: 1024 }[(m[2] ?? "MB").toUpperCase() as "B" | "KB" | "MB" | "GB"];
  const mb = Number(m[1]) * factor;
  if (mb > 50) {
    warn({ code: "formio.w.max_size", params: { label } });
    return 50;
  }
  return mb > 0 ? Math.round(mb * 100) / 100 : undefined;
}

function optionsFrom(c: Comp): { value: string; label: string }[] {
  const data = isObj(c.data) ? c.data : {};
  const raw = Array.isArray(c.values) && c.values.length ? c.values : Array.isArray(data.values) ? data.values : [];
  const out: { value: string; label: string }[] = [];
  for (const o of raw) {
    if (!isObj(o)) continue;
    const value = str(typeof o.value === "number" ? String(o.value) : o.value);
    if (!value) continue;
    out.push({ value: value.slice(0, 200), label: (str(o.label) ?? value).slice(0, 500) });
  }
  return out;
}

class Converter {
  readonly warnings: FormioWarning[] = [];
  private readonly names = new Set<string>();
  private readonly pageIds = new Set<string>();

  warn(w: FormioWarning) {
    const key = JSON.stringify(w);
    if (!this.warnings.some((x) => JSON.stringify(x) === key)) this.warnings.push(w);
  }

  /** A unique field name from a Form.io key: letters, digits and _, starting with a letter. */
  name(key: string | undefined, label: string): string {
    let base = (key ?? label)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^a-zA-Z0-9_]/g, "_")
      .replace(/_+/g, "_")
      .replace(/^_+|_+$/g, "");
    if (!/^[a-zA-Z]/.test(base)) base = `campo_${base}`;
    base = base.slice(0, 58) || "campo";
    let name = base;
    for (let i = 2; this.names.has(name); i++) name = `${base}_${i}`;
    if (key && name !== key) this.warn({ code: "formio.w.renamed", params: { key, name } });
    this.names.add(name);
    return name;
  }

  pageId(key: string | undefined, title: string): string {
    let base = (key ?? title)
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, "-")
      .replace(/^[-_]+|[-_]+$/g, "")
      .slice(0, 56);
    if (!base) base = "pagina";
    let id = base;
    for (let i = 2; this.pageIds.has(id); i++) id = `${base}-${i}`;
    this.pageIds.add(id);
    return id;
  }

  /** One Form.io input component → zero, one or two of our fields. */
  field(c: Comp): FormField[] {
    const type = str(c.type) ?? "";
    const key = str(c.key);
    const label = (str(c.label) ?? key ?? type).slice(0, 500);
    const validate = isObj(c.validate) ? c.validate : {};
    const help = (str(c.description) ?? str(c.tooltip))?.slice(0, 2000);
    const base = { label, required: validate.required === true, ...(help ? { help } : {}) };
    if (c.hidden === true) {
      this.warn({ code: "formio.w.hidden", params: { label } });
      return [];
    }
    if (isObj(c.conditional) && (str(c.conditional.when) || c.conditional.json)) this.warn({ code: "formio.w.conditional", params: { label } });
    if (str(c.calculateValue) || str(c.customDefaultValue)) this.warn({ code: "formio.w.calculated", params: { label } });
    if (str(validate.custom)) this.warn({ code: "formio.w.custom_validation", params: { label } });
    const n = () => this.name(key, label);
    switch (type) {
      case "textfield": {
        const minLength = num(validate.minLength);
        const maxLength = num(validate.maxLength);
        const pattern = str(validate.pattern);
        return [{ ...base, type: "text", name: n(), ...(minLength ? { minLength } : {}), ...(maxLength ? { maxLength: Math.min(maxLength, 10_000) } : {}), ...(pattern ? { pattern: pattern.slice(0, 500) } : {}) }];
      }
      case "textarea": {
        const minLength = num(validate.minLength);
        const maxLength = num(validate.maxLength);
        return [{ ...base, type: "textarea", name: n(), ...(minLength ? { minLength } : {}), ...(maxLength ? { maxLength } : {}) }];
      }
      case "email":
        return [{ ...base, type: "email", name: n() }];
      case "phoneNumber":
        return [{ ...base, type: "phone", name: n() }];
      case "number":
      case "currency": {
        if (type === "currency") this.warn({ code: "formio.w.currency", params: { label } });
        const min = num(validate.min);
        const max = num(validate.max);
        const integer = c.decimalLimit === 0 || validate.integer === true;
        return [{ ...base, type: "number", name: n(), ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}), ...(integer ? { integer: true } : {}) }];
      }
      case "select": {
        const options = optionsFrom(c);
        const dataSrc = str(c.dataSrc) ?? "values";
        if (dataSrc !== "values" || options.length === 0) {
          this.warn({ code: "formio.w.external_options", params: { label, source: dataSrc } });
          return [{ ...base, type: "text", name: n() }];
        }
        if (c.multiple === true) return [{ ...base, type: "checkbox", name: n(), options }];
        return [{ ...base, type: "select", name: n(), options }];
      }
      case "radio": {
        const options = optionsFrom(c);
        if (!options.length) return this.skip({ code: "formio.w.no_options", params: { label } });
        return [{ ...base, type: "radio", name: n(), options }];
      }
      case "selectboxes": {
        const options = optionsFrom(c);
        if (!options.length) return this.skip({ code: "formio.w.no_options", params: { label } });
        return [{ ...base, type: "checkbox", name: n(), options }];
      }
      case "checkbox":
        return [{ ...base, type: "checkbox", name: n() }];
      case "day":
        return [{ ...base, type: "date", name: n() }];
      case "time":
        return [{ ...base, type: "text", name: n(), pattern: TIME_PATTERN, help: help ?? "hh:mm" }];
      case "datetime": {
        const enableDate = c.enableDate !== false;
        // Form.io's datetime has both parts unless switched off.
        const enableTime = c.enableTime !== false;
        const out: FormField[] = [];
        const name = n();
        if (enableDate) out.push({ ...base, type: "date", name });
        if (enableTime) {
          const timeName = enableDate ? this.name(`${name}_ora`, `${label} ora`) : name;
          out.push({ ...base, label: enableDate ? `${label} (ora)`.slice(0, 500) : label, type: "text", name: timeName, pattern: TIME_PATTERN, help: "hh:mm" });
          if (enableDate) this.warn({ code: "formio.w.date_time_split", params: { label, name, time: timeName } });
        }
        return out;
      }
      case "file": {
        const accept = acceptFrom(str(c.filePattern), (m) => this.warn(m), label);
        const maxSizeMb = maxSizeFrom(c.fileMaxSize, (m) => this.warn(m), label);
        return [{ ...base, type: "file", name: n(), accept: accept ?? ["application/pdf", "image/jpeg", "image/png"], maxSizeMb: maxSizeMb ?? 10, multiple: c.multiple === true }];
      }
      default:
        return this.skip({ code: "formio.w.unsupported_type", params: { label, type: type || "?" } });
    }
  }

  skip(w: FormioWarning): [] {
    this.warn(w);
    return [];
  }

  /** Components → our items. Fieldsets cannot nest: inside one, groups are flattened. */
  items(list: Comp[], inFieldset: boolean, onContent: (html: string) => void): Item[] {
    const out: Item[] = [];
    for (const c of list) {
      const type = str(c.type) ?? "";
      if (type === "button") continue;
      if (type === "content" || type === "htmlelement") {
        const text = (str(c.html) ?? str(c.content) ?? "").replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
        if (text) onContent(text);
        continue;
      }
      if (type === "panel" || type === "fieldset") {
        const legend = (str(c.title) ?? str(c.legend) ?? str(c.label) ?? "Sezione").slice(0, 500);
        const inner = this.items(comps(c.components), true, onContent);
        if (inFieldset) {
          out.push(...inner);
          continue;
        }
        const fields = inner.filter((i): i is FormField => i.type !== "fieldset");
        if (fields.length === 0) {
          this.warn({ code: "formio.w.empty_section", params: { label: legend } });
          continue;
        }
        out.push({ type: "fieldset", id: this.pageId(str(c.key), legend), legend, fields });
        continue;
      }
      if (type === "columns") {
        for (const col of comps(c.columns)) out.push(...this.items(comps(col.components), inFieldset, onContent));
        continue;
      }
      if (type === "table") {
        for (const row of Array.isArray(c.rows) ? c.rows : []) for (const cell of Array.isArray(row) ? row : []) if (isObj(cell)) out.push(...this.items(comps(cell.components), inFieldset, onContent));
        continue;
      }
      if (type === "tabs") {
        for (const tab of comps(c.components)) out.push(...this.items(comps(tab.components), inFieldset, onContent));
        continue;
      }
      if (type === "well" || type === "container") {
        if (type === "container") this.warn({ code: "formio.w.container", params: { label: str(c.label) ?? str(c.key) ?? "container" } });
        out.push(...this.items(comps(c.components), inFieldset, onContent));
        continue;
      }
      if (type === "datagrid" || type === "editgrid") {
        this.skip({ code: "formio.w.datagrid", params: { label: str(c.label) ?? str(c.key) ?? type } });
        continue;
      }
      out.push(...this.field(c));
    }
    return out;
  }

  page(title: string, key: string | undefined, list: Comp[]): FormPage | null {
    const texts: string[] = [];
    const items = this.items(list, false, (t) => texts.push(t));
    if (items.length === 0) {
      this.warn({ code: "formio.w.empty_page", params: { title } });
      return null;
    }
    const description = texts.join("\n\n").slice(0, 5000);
    return { id: this.pageId(key, title), title: title.slice(0, 300), ...(description ? { description } : {}), items };
  }
}

/** The form object inside what was pasted: a form, or a project export `{ forms: { name: form } }`. */
function findForm(input: unknown, c: Converter): Comp {
  if (!isObj(input)) throw new ValidationError("formio.not_a_form", [fieldError("formio", "formio.expected_components")]);
  if (Array.isArray(input.components)) return input;
  if (isObj(input.forms)) {
    const forms = Object.values(input.forms).filter(isObj);
    const first = forms[0];
    if (first && Array.isArray(first.components)) {
      if (forms.length > 1) c.warn({ code: "formio.w.many_forms", params: { n: forms.length, title: str(first.title) ?? str(first.name) ?? "1" } });
      return first;
    }
  }
  throw new ValidationError("formio.not_a_form", [fieldError("formio", "formio.expected_components")]);
}

export function importFormio(input: unknown): FormioImportResult {
  const c = new Converter();
  const form = findForm(input, c);
  const title = str(form.title) ?? "Modulo";
  const top = comps(form.components);
  const pages: FormPage[] = [];
  if (form.display === "wizard") {
    let loose: Comp[] = [];
    const flushLoose = () => {
      if (loose.length) {
        const p = c.page(title, "dati", loose);
        if (p) pages.push(p);
        loose = [];
      }
    };
    for (const comp of top) {
      if (comp.type === "panel") {
        flushLoose();
        const p = c.page(str(comp.title) ?? str(comp.label) ?? `Pagina ${pages.length + 1}`, str(comp.key), comps(comp.components));
        if (p) pages.push(p);
      } else loose.push(comp);
    }
    flushLoose();
  } else {
    if (form.display === "pdf") c.warn({ code: "formio.w.pdf_form", params: {} });
    const p = c.page(title, str(form.name) ?? str(form.path), top);
    if (p) pages.push(p);
  }
  if (pages.length === 0) throw new ValidationError("formio.nothing_importable", c.warnings.map((w) => fieldError("formio", w.code, w.params)));
  if (pages.length > 30) throw new ValidationError("formio.too_many_pages", [fieldError("formio", "formio.pages", { count: pages.length })]);
  const parsed = formDefinitionSchema.safeParse({ pages });
  if (!parsed.success) throw new ValidationError("formio.invalid", zodFieldErrors(parsed.error.issues));
  return { definition: parsed.data, warnings: c.warnings };
}
