import type { PortalFormMessages } from "@/lib/i18n/portal-form";

/**
 * Sends one file as multipart/form-data with XMLHttpRequest, which (unlike fetch) reports upload progress.
 * Resolves to the server's JSON `file`; rejects with the server's reason (413/415 come with one) or a network message.
 */
export function uploadWithProgress(url: string, file: File, onProgress: (fraction: number) => void, t: Pick<PortalFormMessages, "fileRefused" | "fileRefusedWhy" | "fileNetwork">): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as { file?: unknown; error?: string } | null;
      if (xhr.status === 201 && body?.file) resolve(body.file);
      else reject(new Error(body?.error ? t.fileRefusedWhy({ reason: body.error }) : t.fileRefused));
    };
    xhr.onerror = () => reject(new Error(t.fileNetwork));
    xhr.onabort = () => reject(new Error(t.fileNetwork));
    const data = new FormData();
    data.append("file", file, file.name);
    xhr.send(data);
  });
}
