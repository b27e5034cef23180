import { PassThrough, Readable } from "node:stream";
import { getDatabase } from "@/db";
import { isLoopback } from "@/lib/api/auth";
import { getConfig } from "@/lib/config/env";
import { pgliteClientOf, pgliteSource, writeBackup } from "@/lib/ops/backup";
import { logger } from "@/lib/ops/log";
import { sameSecret } from "@/lib/ops/metrics-endpoint";
import { isLoopbackSocket } from "@/lib/ops/shutdown";

export const dynamic = "force-dynamic";

const problem = (status: number, code: string, title: string) =>
  new Response(JSON.stringify({ type: "about:blank", title, status, code }), { status, headers: { "Content-Type": "application/problem+json", "Cache-Control": "no-store" } });

const busy = globalThis as { __stanzaBackupRunning?: boolean };

function allowed(req: Request, token: string | undefined): boolean {
  if (token) {
    const sent = /^Bearer (.+)$/.exec(req.headers.get("authorization") ?? "")?.[1] ?? "";
    return sameSecret(sent, token);
  }
  // No OPS_TOKEN: this machine only, and never a browser (a page of another site could make one ask).
  const fromBrowser = req.headers.has("origin") || (req.headers.get("sec-fetch-site") ?? "none") !== "none";
  return !fromBrowser && isLoopback(req) && isLoopbackSocket(req);
}

/**
 * `GET /api/ops/backup`: a backup of the embedded database (PGlite) and the disk attachment store, streamed as a
 * .tar.gz (lib/ops/backup.ts); `npm run backup` calls it. OPS_TOKEN as a bearer token, or without one a request
 * from this machine itself. On PostgreSQL: 409, use pg_dump. A GET because it changes nothing; never cached.
 */
export async function GET(req: Request) {
  const config = getConfig();
  if (!allowed(req, config.opsToken)) return problem(config.opsToken ? 401 : 403, "ops.forbidden", config.opsToken ? "OPS_TOKEN required" : "Only from this machine (or set OPS_TOKEN)");
  let database: Awaited<ReturnType<typeof getDatabase>>;
  try {
    database = await getDatabase();
  } catch (err) {
    logger("backup").error({ err }, "backup: the database cannot be opened");
    return problem(503, "ops.database_unavailable", "The database cannot be opened: try again later");
  }
  const { db, driver } = database;
  const client = driver === "pglite" ? pgliteClientOf(db) : null;
  if (!client) return problem(409, "ops.backup_postgres", "The database is PostgreSQL: back it up with pg_dump (docs/operations.md, Backups)");
  if (busy.__stanzaBackupRunning) return problem(409, "ops.backup_running", "A backup is already running");
  busy.__stanzaBackupRunning = true;
  const out = new PassThrough();
  const filesRoot = config.storage.kind === "disk" ? config.storage.root : null;
  void writeBackup(out, pgliteSource(client, filesRoot))
    .catch((err: unknown) => {
      logger("backup").error({ err }, "backup failed");
      // A cut archive: the client's gunzip fails and `npm run backup` reports it.
      out.destroy(err instanceof Error ? err : new Error("backup failed"));
    })
    .finally(() => (busy.__stanzaBackupRunning = false));
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return new Response(Readable.toWeb(out) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/gzip",
      "Content-Disposition": `attachment; filename="stanza-backup-${stamp}.tar.gz"`,
      "Cache-Control": "no-store",
      "X-Stanza-Storage": config.storage.kind,
    },
  });
}
