import path from "node:path";
import { z } from "zod";

/**
 * What `npm run backup` and `npm run restore` read from the environment: only where the data is (the full
 * configuration would ask for AUTH_SECRET and the rest, which a restore does not need).
 */
const schema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  STORAGE_URL: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  OPS_TOKEN: z.string().min(1).optional(),
});

export function backupEnv(env: Record<string, string | undefined>) {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = schema.safeParse(clean);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    console.error(`Configuration error: ${String(issue?.path[0] ?? "environment")} ${issue?.message ?? "is invalid"}`);
    process.exit(2);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  // Attachments: DATA_DIR/files by default, a file: URL's folder, or S3 (null: not in the archive).
  const filesRoot = !e.STORAGE_URL ? path.join(dataDir, "files") : e.STORAGE_URL.startsWith("file:") ? path.resolve(e.STORAGE_URL.slice("file:".length).replace(/^\/\/(?=\/)/, "")) : null;
  return { databaseUrl: e.DATABASE_URL, dataDir, filesRoot, port: e.PORT, opsToken: e.OPS_TOKEN };
}
