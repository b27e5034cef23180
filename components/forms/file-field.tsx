"use client";

import { useRef, useState } from "react";
import { formatBytes } from "@/lib/format/bytes";
import { useLang, useT } from "@/lib/i18n/client";
import { portalForm } from "@/lib/i18n/portal-form";
import type { FileRef, FormField } from "@/lib/services/form-schema";
import { describedBy, HelpAndError, LabelText } from "./fields";

export type FileFieldDef = Extract<FormField, { type: "file" }>;

/** Uploads one file for a field; resolves to the stored file's reference or rejects with a message to show. */
export type FileUploader = (field: FileFieldDef, file: File, onProgress: (fraction: number) => void) => Promise<FileRef>;

const SHORT: Record<string, string> = { "application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF", "image/webp": "WEBP" };
export const shortTypes = (accept: readonly string[]) => accept.map((m) => SHORT[m] ?? m.split("/").pop() ?? m).join(", ");

/**
 * A file field: the chosen files, an input to add one, a progress bar while uploading and the reason when a
 * file is refused (size is checked here for a quick answer; the server checks size and real type again).
 */
export function FileField({ field, id, error, value, onChange, upload }: {
  field: FormField;
  id: string;
  error?: string;
  value: FileRef[];
  onChange: (v: unknown) => void;
  upload?: FileUploader;
}) {
  const t = useT(portalForm);
  const lang = useLang();
  const [progress, setProgress] = useState<number | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [announce, setAnnounce] = useState("");
  const inputRef = useRef<HTMLInputElement>(null);
  if (field.type !== "file") return null;
  const limits = t.fileLimits({ types: shortTypes(field.accept), mb: field.maxSizeMb });
  const help = [field.help, limits].filter(Boolean).join(" ");
  const shownError = refusal ?? error;
  const canAdd = field.multiple ? value.length < 20 : true;

  async function onPick(e: React.ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = "";
    if (!file || !upload || field.type !== "file") return;
    setRefusal(null);
    if (file.size > field.maxSizeMb * 1024 * 1024) {
      setRefusal(t.fileTooLarge({ mb: field.maxSizeMb, name: file.name }));
      return;
    }
    setProgress(0);
    setAnnounce(t.fileUploadingName({ name: file.name }));
    try {
      const ref = await upload(field, file, (f) => setProgress(f));
      onChange(field.multiple ? [...value, ref] : [ref]);
      setAnnounce(t.fileUploaded({ name: ref.filename }));
    } catch (err) {
      setRefusal(err instanceof Error ? err.message : t.fileRefused);
      setAnnounce("");
    } finally {
      setProgress(null);
    }
  }

  return (
    <div>
      <label htmlFor={id} className="field-label">
        <LabelText field={field} />
      </label>
      {value.length > 0 && (
        <ul className="mb-2 space-y-1">
          {value.map((f) => (
            <li key={f.id} className="flex flex-wrap items-center gap-2 rounded-md border border-line bg-surface px-3 py-2">
              <span className="font-semibold break-all">{f.filename}</span>
              <span className="text-sm text-muted">({formatBytes(f.size, lang)})</span>
              <button
                type="button"
                className="ml-auto text-sm font-semibold text-danger-dark underline"
                onClick={() => onChange(value.filter((x) => x.id !== f.id))}
                aria-label={t.fileRemoveName({ name: f.filename })}
              >
                {t.fileRemove}
              </button>
            </li>
          ))}
        </ul>
      )}
      {canAdd && (
        <input
          ref={inputRef}
          id={id}
          name={field.name}
          type="file"
          accept={field.accept.join(",")}
          disabled={!upload || progress !== null}
          onChange={onPick}
          aria-invalid={shownError ? true : undefined}
          aria-describedby={describedBy(id, help, shownError)}
          className="block w-full text-sm file:mr-3 file:rounded-md file:border-2 file:border-primary file:bg-white file:px-3 file:py-2 file:font-semibold file:text-primary hover:file:bg-primary-light"
        />
      )}
      {progress !== null && (
        <div className="mt-2 flex items-center gap-3">
          <progress className="h-3 w-full max-w-sm" max={100} value={Math.round(progress * 100)} aria-label={t.fileUploading} />
          <span className="text-sm tabular-nums">{Math.round(progress * 100)}%</span>
        </div>
      )}
      {!upload && <p className="mt-1 text-sm text-muted">{t.filePreviewOnly}</p>}
      <p className="sr-only" aria-live="polite">
        {announce}
      </p>
      <HelpAndError id={id} help={help} error={shownError} />
    </div>
  );
}
