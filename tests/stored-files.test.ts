import { mkdtempSync, readdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { FileTooLargeError, LocalDiskStorage, withStoredFiles, type FileStorage } from "@/lib/storage";

/** "Write the file, then delete it if the step fails": the one helper every path that stores files uses. */
let root: string;
let storage: LocalDiskStorage;
const files = () => readdirSync(root, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name);

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "stanza-step-files-"));
  storage = new LocalDiskStorage(root);
});

describe("withStoredFiles", () => {
  it("keeps what a successful step wrote and returns its result", async () => {
    const result = await withStoredFiles(storage, async (step) => {
      const a = await step.put(Buffer.from("uno"), { prefix: "uploads" });
      const b = await step.put(Buffer.from("due"), { prefix: "generated" });
      return [a.storageKey, b.storageKey];
    });
    expect(files()).toHaveLength(2);
    expect((await storage.get(result[0] ?? "")).toString()).toBe("uno");
    const long = await storage.put(Buffer.from("%PDF-1.4 ".repeat(20)));
    expect(long.head).toEqual(Buffer.from("%PDF-1.4 ".repeat(20)).subarray(0, 64));
  });

  it("removes every file the failed step wrote or adopted, and rethrows its error", async () => {
    const before = await storage.put(Buffer.from("caricato prima"), { prefix: "uploads" });
    const untouched = await storage.put(Buffer.from("di un altro"), { prefix: "uploads" });
    const failure = new Error("il passo non riesce");
    await expect(
      withStoredFiles(storage, async (step) => {
        step.adopt(before);
        await step.put(Buffer.from("uno"));
        await step.put(Buffer.from("due"));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(files()).toEqual([path.basename(untouched.storageKey)]);
  });

  it("the step's own error wins over a removal that fails", async () => {
    const failing: FileStorage = { put: (b, o) => storage.put(b, o), get: (k) => storage.get(k), stream: (k) => storage.stream(k), remove: () => Promise.reject(new Error("disco in sola lettura")), ready: () => storage.ready() };
    const failure = new Error("rifiutato");
    await expect(
      withStoredFiles(failing, async (step) => {
        await step.put(Buffer.from("uno"));
        throw failure;
      }),
    ).rejects.toBe(failure);
  });

  it("turns a file past its limit into the caller's refusal, with nothing left behind", async () => {
    const refusal = new Error("troppo grande per questo campo");
    await expect(withStoredFiles(storage, (step) => step.put(Buffer.alloc(2048), { maxBytes: 1024, tooLarge: () => refusal }))).rejects.toBe(refusal);
    await expect(withStoredFiles(storage, (step) => step.put(Buffer.alloc(2048), { maxBytes: 1024 }))).rejects.toBeInstanceOf(FileTooLargeError);
    expect(files()).toEqual([]);
  });
});
