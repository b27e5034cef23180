import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LocalDiskStorage } from "@/lib/storage";
import { isUuid } from "@/lib/uuid";

describe("isUuid", () => {
  it("accepts canonical uuids of any version, in either case", () => {
    for (const ok of ["3b241101-e2bb-4255-8caf-4136c566a962", "00000000-0000-0000-0000-000000000000", "3B241101-E2BB-4255-8CAF-4136C566A962", crypto.randomUUID()]) {
      expect(isUuid(ok), ok).toBe(true);
    }
  });

  it("refuses anything else, including non-strings", () => {
    for (const bad of ["", "3b241101e2bb42558caf4136c566a962", "{3b241101-e2bb-4255-8caf-4136c566a962}", " 3b241101-e2bb-4255-8caf-4136c566a962", "3b241101-e2bb-4255-8caf-4136c566a96g", "3b241101-e2bb-4255-8caf-4136c566a9620", "------------------------------------", undefined, null, 42, {}]) {
      expect(isUuid(bad), String(bad)).toBe(false);
    }
  });
});

describe("storage keys", () => {
  let root = "";
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it("reads only keys it could have written: a prefix and a uuid", async () => {
    root = await mkdtemp(path.join(tmpdir(), "stanza-keys-"));
    const storage = new LocalDiskStorage(root);
    const stored = await storage.put(Buffer.from("ciao"), { prefix: "uploads" });
    expect(stored.storageKey).toMatch(/^uploads\//);
    expect((await storage.get(stored.storageKey)).toString()).toBe("ciao");
    const id = stored.storageKey.split("/")[1] ?? "";
    for (const bad of ["../x", `../${id}`, `uploads/../${id}`, `uploads/${id}/x`, `/${id}`, id, `Uploads/${id}`, "uploads/------------------------------------", `uploads/${id}.part`]) {
      expect(() => storage.stream(bad), bad).toThrow("invalid storage key");
    }
  });
});
