/**
 * `npm run setup -- --ente "Comune di X" --slug comune-di-x --admin nome@comune.example [--nome "Nome Cognome"] [--lang it|en]`
 *
 * First start of a real installation (not the demo): creates the first ente and its first admin in the
 * configured database (DATABASE_URL, or PGlite under DATA_DIR) and prints a single-use link, valid 72 hours,
 * where the admin chooses a password. Runs once: when an ente already exists it changes nothing.
 * Run it while the server is stopped when using PGlite (one process at a time may open its files).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { openDatabase } from "@/db/client";
import { setupInstallation } from "@/lib/admin/setup";
import { DomainError, ValidationError } from "@/lib/errors";
import { DEFAULT_LANG, isLang } from "@/lib/i18n";

const env = z
  .object({
    databaseUrl: z.string().regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres://").optional(),
    dataDir: z.string().default("./data"),
    appUrl: z.url("APP_URL must be an absolute URL").optional(),
    port: z.string().default("3000"),
  })
  .parse({
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: process.env.DATA_DIR || undefined,
    appUrl: process.env.APP_URL || undefined,
    port: process.env.PORT || undefined,
  });

const { values } = parseArgs({
  options: { ente: { type: "string" }, slug: { type: "string" }, admin: { type: "string" }, nome: { type: "string" }, lang: { type: "string" } },
  strict: true,
});

const database = env.databaseUrl
  ? await openDatabase({ driver: "postgres", url: env.databaseUrl })
  : await openDatabase({ driver: "pglite", dataDir: path.join(path.resolve(env.dataDir), "pglite") });
let exitCode = 0;
try {
  const result = await setupInstallation(
    database.db,
    { enteName: values.ente ?? "", slug: values.slug ?? "", adminEmail: values.admin ?? "", adminName: values.nome, lang: isLang(values.lang) ? values.lang : DEFAULT_LANG },
    { appUrl: env.appUrl ?? `http://localhost:${env.port}` },
  );
  console.log(`Ente "${result.ente.name}" created at /${result.ente.slug}; admin ${result.admin.email}.`);
  console.log(`Open this link once to choose the admin's password (valid until ${result.expiresAt.toISOString()}):`);
  console.log(`  ${result.setPasswordUrl}`);
  console.log(`Then sign in at ${result.setPasswordUrl.replace(/\/operatori\/imposta-password\/.*$/, "/operatori/login")}.`);
} catch (err) {
  exitCode = 1;
  if (err instanceof ValidationError) console.error(`Setup refused: ${err.fieldErrors.map((f) => f.message).join("; ") || err.message}`);
  else if (err instanceof DomainError) console.error(`Setup refused: ${err.message}`);
  else throw err;
} finally {
  await database.close();
}
process.exit(exitCode);
