import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { attachments, type Ente, type Service, type User } from "@/db/schema";
import { BadRequestError, UnsupportedMediaTypeError } from "@/lib/errors";
import { readMultipart } from "@/lib/portal/multipart";
import { startDraft } from "@/lib/portal/start-draft";
import { CITIZEN_FILES_MAX, readCitizenUpload, storeCitizenFile } from "@/lib/portal/store-file";
import { receiveDraftUpload } from "@/lib/pratiche/uploads";
import type { FormDefinition } from "@/lib/services/form-schema";
import { getStorage, LocalDiskStorage, setStorage, withStoredFiles } from "@/lib/storage";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { citizenCtx, createCitizen, createEnte, createService, MINIMAL_PDF } from "./helpers/fixtures";
import { fileIoSettled } from "./helpers/wait";

/**
 * Nothing half-written: a refused upload keeps no file and no row; an upload cut off mid-way leaves no `.part`
 * file, settles (no hanging read) and raises no uncaught error.
 */
const FORM: FormDefinition = {
  pages: [
    {
      id: "dati",
      title: "Dati",
      items: [
        { type: "text", name: "oggetto", label: "Oggetto", required: false },
        { type: "file", name: "documento", label: "Documento", required: false, accept: ["application/pdf"], maxSizeMb: 1, multiple: false },
      ],
    },
  ],
};

let tdb: TestDatabase;
let ente: Ente;
let service: Service;
let citizen: User;
let root: string;
const stray: unknown[] = [];
const onStray = (err: unknown) => stray.push(err);

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
  service = await createService(tdb.db, ente, { formDefinition: FORM });
  citizen = await createCitizen(tdb.db);
  root = mkdtempSync(path.join(os.tmpdir(), "stanza-upload-"));
  setStorage(new LocalDiskStorage(root));
  process.on("unhandledRejection", onStray);
  process.on("uncaughtException", onStray);
});
afterAll(async () => {
  process.off("unhandledRejection", onStray);
  process.off("uncaughtException", onStray);
  await tdb?.close();
});
afterEach(async () => {
  // A late error would come from a file operation still under way (a .part file's write or removal): once none is
  // pending, it has surfaced.
  await fileIoSettled();
  expect(stray).toEqual([]);
});

/** Every file under the storage root, .part files included. */
function storedFiles(): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
}

async function attachmentRows(praticaId: string): Promise<number> {
  const [row] = await tdb.db.select({ n: count() }).from(attachments).where(eq(attachments.praticaId, praticaId));
  return row?.n ?? 0;
}

function multipartRequest(form: FormData): Request {
  return new Request("http://x/upload", { method: "POST", body: form });
}

/** A multipart body whose first file part starts, then the connection breaks (`how: "error"`) or just ends. */
function brokenRequest(how: "error" | "end", prefixFiles = 0): Request {
  const boundary = "----stanzaboundary";
  const enc = new TextEncoder();
  const whole = (name: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n${MINIMAL_PDF.toString("latin1")}\r\n`;
  const head = `${Array.from({ length: prefixFiles }, (_, i) => whole(`intero-${i}.pdf`)).join("")}--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="tronco.pdf"\r\nContent-Type: application/pdf\r\n\r\n`;
  let step = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      step++;
      if (step === 1) controller.enqueue(enc.encode(head));
      else if (step === 2) controller.enqueue(Buffer.concat([MINIMAL_PDF.subarray(0, 10), Buffer.alloc(4096, 0x20)]));
      else if (how === "error") controller.error(new Error("aborted"));
      else controller.close();
    },
  });
  return new Request("http://x/upload", { method: "POST", body, headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, duplex: "half" } as RequestInit);
}

describe("refused uploads keep nothing", () => {
  it("two files to the one-file draft upload: 400, no file, no attachment row", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const draft = await startDraft(ctx, service.slug, { privacyAcceptedAt: new Date() });
    const form = new FormData();
    form.append("file", new Blob([MINIMAL_PDF], { type: "application/pdf" }), "uno.pdf");
    form.append("file", new Blob([MINIMAL_PDF], { type: "application/pdf" }), "due.pdf");
    await expect(receiveDraftUpload(ctx, draft.id, "documento", multipartRequest(form))).rejects.toBeInstanceOf(BadRequestError);
    expect(await attachmentRows(draft.id)).toBe(0);
    expect(storedFiles()).toEqual([]);
  });

  it("a good file followed by a refused one: the good one is removed too", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const draft = await startDraft(ctx, service.slug, { privacyAcceptedAt: new Date() });
    const form = new FormData();
    form.append("file", new Blob([MINIMAL_PDF], { type: "application/pdf" }), "uno.pdf");
    form.append("file", new Blob([Buffer.from("GIF89a non un pdf")]), "due.pdf");
    await expect(receiveDraftUpload(ctx, draft.id, "documento", multipartRequest(form))).rejects.toBeInstanceOf(BadRequestError);
    expect(await attachmentRows(draft.id)).toBe(0);
    expect(storedFiles()).toEqual([]);
  });

  it("one good file is stored with its row", async () => {
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const draft = await startDraft(ctx, service.slug, { privacyAcceptedAt: new Date() });
    const form = new FormData();
    form.append("file", new Blob([MINIMAL_PDF], { type: "application/pdf" }), "uno.pdf");
    const ref = await receiveDraftUpload(ctx, draft.id, "documento", multipartRequest(form));
    expect(ref).toMatchObject({ filename: "uno.pdf", mimeType: "application/pdf" });
    expect(await attachmentRows(draft.id)).toBe(1);
    expect(storedFiles()).toHaveLength(1);
    const [row] = await tdb.db.select().from(attachments).where(eq(attachments.praticaId, draft.id));
    await (await getStorage()).remove(row?.storageKey ?? "");
    await tdb.db.delete(attachments).where(eq(attachments.praticaId, draft.id));
  });

  it("too many files on a citizen message or integration: none is kept", async () => {
    const form = new FormData();
    form.append("body", "testo");
    for (let i = 0; i <= CITIZEN_FILES_MAX; i++) form.append("files", new Blob([MINIMAL_PDF], { type: "application/pdf" }), `f${i}.pdf`);
    await expect(readCitizenUpload(multipartRequest(form))).rejects.toThrow(/Troppi file/);
    expect(storedFiles()).toEqual([]);
  });

  it("a refused file after accepted ones on a citizen message: none is kept", async () => {
    const form = new FormData();
    form.append("files", new Blob([MINIMAL_PDF], { type: "application/pdf" }), "a.pdf");
    form.append("files", new Blob([MINIMAL_PDF], { type: "application/pdf" }), "b.pdf");
    form.append("files", new Blob([Buffer.from("MZ eseguibile")]), "c.pdf");
    await expect(readCitizenUpload(multipartRequest(form))).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    expect(storedFiles()).toEqual([]);
  });
});

describe("uploads cut off mid-way", () => {
  for (const how of ["error", "end"] as const) {
    it(`the body ${how === "error" ? "errors (client aborted)" : "ends inside a file"}: 400, no .part file, no stray error`, async () => {
      await expect(readCitizenUpload(brokenRequest(how, 1))).rejects.toBeInstanceOf(BadRequestError);
      expect(storedFiles()).toEqual([]);

      const ctx = citizenCtx(tdb.db, ente, citizen);
      const draft = await startDraft(ctx, service.slug, { privacyAcceptedAt: new Date() });
      await expect(receiveDraftUpload(ctx, draft.id, "documento", brokenRequest(how))).rejects.toBeInstanceOf(BadRequestError);
      expect(await attachmentRows(draft.id)).toBe(0);
      expect(storedFiles()).toEqual([]);

      // The reader itself, with a handler that stores the stream as it comes, in a step that keeps nothing if it fails.
      const storage = await getStorage();
      await expect(
        withStoredFiles(storage, (files) =>
          readMultipart(brokenRequest(how, 2), {
            maxFiles: 5,
            onFile: async (f) => {
              const s = await storeCitizenFile({ filename: f.filename, body: f.stream });
              files.adopt(s);
              return s;
            },
          }),
        ),
      ).rejects.toBeInstanceOf(BadRequestError);
      expect(storedFiles()).toEqual([]);
    });
  }
});
