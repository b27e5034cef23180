import type { TestProject } from "vitest/node";
import { ensurePgliteTemplate, ensurePostgresTemplate, templateKey } from "./db-template";

declare module "vitest" {
  export interface ProvidedContext {
    /** PGlite runs: the dump of a migrated data folder that createTestDatabase loads. */
    pgliteTemplate: string;
    /** PostgreSQL runs: the migrated database that createTestDatabase and databaseForProcesses copy. */
    postgresTemplate: string;
  }
}

/** Once per vitest run, before any test file: the migrated template test databases are copied from. */
export default async function setup(project: TestProject) {
  const key = templateKey();
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) project.provide("postgresTemplate", await ensurePostgresTemplate(serverUrl, key));
  else project.provide("pgliteTemplate", await ensurePgliteTemplate(key));
}
