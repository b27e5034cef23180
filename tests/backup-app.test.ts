import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkCharacter } from "@/lib/services/codice-fiscale";
import { waitFor } from "./helpers/wait";

/**
 * The issue's "done when": a backup taken during load restores to a working app. The production build runs on
 * PGlite with the demo seed; partners create pratiche with attachments through the API while `npm run backup`
 * asks the running app for a backup; the archive is restored into a new folder by `npm run restore`, the built
 * server is started on it, and every pratica created before the backup began is there with its attachment's bytes.
 * Needs `next build` (scripts/test-all.mjs runs this file again after the build); skipped without one.
 */
const BUILT = existsSync(path.join(process.cwd(), ".next", "BUILD_ID"));
if (!BUILT) console.warn("[backup-app.test] no production build (.next/BUILD_ID): skipped; run `npx next build` first.");

const PORT = Number(process.env.BACKUP_TEST_PORT ?? 3421);
const BASE = `http://127.0.0.1:${PORT}`;
const PARTNER = "bugliano-protocollo";
const AUTH = { authorization: `Basic ${Buffer.from(`${PARTNER}:stanza-demo-partner`).toString("base64")}` };

const cf = (first15: string): string => first15 + checkCharacter(first15);

type Server = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function startServer(dataDir: string): Server {
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    env: { ...process.env, NODE_ENV: "production", NEXT_MANUAL_SIG_HANDLE: "true", DATABASE_URL: "", SMTP_URL: "", STORAGE_URL: "", OPS_TOKEN: "", DATA_DIR: dataDir, APP_URL: BASE, AUTH_SECRET: "b".repeat(40), DEMO_MODE: "true", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  return { child, output: () => out, exited: new Promise((r) => child.on("exit", (code) => r(code))) };
}

async function ready(server: Server) {
  await waitFor(
    async () => {
      if (server.child.exitCode !== null) throw new Error(`the server exited:\n${server.output()}`);
      return (await fetch(`${BASE}/api/health/ready`).then((r) => r.status, () => 0)) === 200;
    },
    { timeout: 180_000, interval: 250, message: () => `the server was not ready:\n${server.output()}` },
  );
}

async function stop(server: Server) {
  server.child.kill("SIGTERM");
  expect(await server.exited, server.output()).toBe(0);
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { env: { ...process.env, DATABASE_URL: "", STORAGE_URL: "", OPS_TOKEN: "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

type Created = { id: string; sha256: string; url: string };

async function createPratica(i: number): Promise<Created> {
  const pdf = Buffer.from(`%PDF-1.4\n% pratica ${i} ${"z".repeat(i % 50)}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`);
  const suffix = String(i % 10);
  const res = await fetch(`${BASE}/api/v1.0/${PARTNER}/pratica/offline/create`, {
    method: "POST",
    headers: { ...AUTH, "content-type": "application/json" },
    body: JSON.stringify({
      servizio: "occupazione-suolo-pubblico",
      richiedente: { codiceFiscale: cf(`VRDLGU70A01G70${suffix}`), nome: "Luigi", cognome: "Verdi", email: `luigi.verdi.${i}@example.com` },
      dati: { nome: "Luigi", cognome: "Verdi", codiceFiscale: cf(`VRDLGU70A01G70${suffix}`), email: "luigi.verdi@example.com", indirizzo: "Via Roma 1", dal: "2026-06-01", al: "2026-06-03", superficie: 12, giorni: 3, motivo: "trasloco", privacy: true },
      allegati: [{ campo: "planimetria", nomeFile: `planimetria-${i}.pdf`, contentType: "application/pdf", contenuto: pdf.toString("base64") }],
    }),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`offline/create answered ${res.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { id: string; attachments: { purpose: string; url: string; filename?: string }[] };
  const file = body.attachments.find((a) => a.url.includes("/allegati/") && (a.filename ?? "").startsWith("planimetria")) ?? body.attachments[0];
  if (!file) throw new Error("no attachment in the answer");
  return { id: body.id, sha256: createHash("sha256").update(pdf).digest("hex"), url: file.url };
}

describe.skipIf(!BUILT)("a backup taken during load restores to a working app", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), "stanza-backup-app-"));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("backup from the running app under load, restore, start on the copy: everything committed before is there", { timeout: 600_000 }, async () => {
    const dataDir = path.join(work, "live");
    const server = startServer(dataDir);
    const archive = path.join(work, "backup.tar.gz");
    const before: Created[] = [];
    const during: Created[] = [];
    try {
      await ready(server);
      for (let i = 0; i < 5; i++) before.push(await createPratica(i));
      // Three partners' worth of writes going on during the whole backup.
      let loading = true;
      let n = 100;
      const errors: unknown[] = [];
      const load = Promise.all(
        Array.from({ length: 3 }, async () => {
          while (loading) await createPratica(n++).then((c) => during.push(c), (err: unknown) => errors.push(err));
        }),
      );
      const backup = await run(["scripts/backup.ts", "--out", archive, "--url", BASE], { DATA_DIR: dataDir });
      const afterBackup = during.length;
      await waitFor(() => during.length > afterBackup, { timeout: 60_000, message: "no write after the backup" });
      loading = false;
      await load;
      expect(errors).toEqual([]);
      expect(backup.code, backup.output).toBe(0);
      expect(backup.output).toMatch(/Backup made by the running app/);
      expect(backup.output).toMatch(/every sha256 checked/);
      // Without OPS_TOKEN the endpoint answers this machine only, and never a browser.
      expect((await fetch(`${BASE}/api/ops/backup`, { headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" } })).status).toBe(403);
      expect((await fetch(`${BASE}/api/ops/backup`, { headers: { "x-forwarded-for": "203.0.113.9" } })).status).toBe(403);
    } finally {
      if (server.child.exitCode === null) await stop(server);
    }

    // While the data folder is not in use, the command does the backup itself.
    const direct = await run(["scripts/backup.ts", "--out", path.join(work, "direct.tar.gz"), "--url", BASE], { DATA_DIR: dataDir });
    expect(direct.code, direct.output).toBe(0);
    expect(direct.output).toMatch(/backing up .* directly/);

    const restoredDir = path.join(work, "restored");
    const restore = await run(["scripts/restore.ts", archive, "--data-dir", restoredDir], {});
    expect(restore.code, restore.output).toBe(0);
    expect(restore.output).toMatch(/present with their sha256/);
    const again = await run(["scripts/restore.ts", archive, "--data-dir", restoredDir], {});
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/not empty/);

    const copy = startServer(restoredDir);
    try {
      await ready(copy);
      for (const c of before) {
        const pratica = await fetch(`${BASE}/api/v1.0/${PARTNER}/pratica/${c.id}`, { headers: AUTH });
        expect(pratica.status).toBe(200);
        const file = await fetch(`${BASE}${c.url}`, { headers: AUTH });
        expect(file.status).toBe(200);
        expect(createHash("sha256").update(Buffer.from(await file.arrayBuffer())).digest("hex")).toBe(c.sha256);
      }
      // The restored app takes new work.
      await createPratica(999);
    } finally {
      if (copy.child.exitCode === null) await stop(copy);
    }
  });
});
