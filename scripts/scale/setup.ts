// Preparing the many-instances run: its own PostgreSQL database (created and dropped here), the demo seed loaded
// once before any instance starts, and the partners the checks need.
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import postgres from "postgres";
import { hashPassword } from "@/lib/auth/password";
import { checkCharacter } from "@/lib/services/codice-fiscale";

export type ScaleDb = { url: string; sql: postgres.Sql; drop: () => Promise<void> };

export async function createScaleDatabase(serverUrl: string): Promise<ScaleDb> {
  const name = `stanza_scale_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const sql = postgres(url.toString(), { max: 4, onnotice: () => {} });
  let dropped = false;
  return {
    url: url.toString(),
    sql,
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await sql.end({ timeout: 5 }).catch(() => {});
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** Migrates and seeds with `npm run db:seed` (the command an operator runs), once, before any instance starts. */
export function seedOnce(env: NodeJS.ProcessEnv): void {
  const r = spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", "scripts/seed.ts"], { env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`seeding failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

export const ENTE = "comune-di-bugliano";
export const PARTNER = "bugliano-protocollo";
export const PARTNER_SECRET = "stanza-demo-partner";
export const OPERATOR = { email: "operatore@bugliano.example", password: "stanza-demo" };

export type Fixtures = { citizen: { codiceFiscale: string; name: string }; rlPartner: string; offPartner: string; secret: string; rlLimit: number };

/**
 * The demo partner gets a limit the load cannot reach (the load is not about the limiter); two more partners are
 * made: one with a small limit (the shared-limit check), one to disable (the partner-row cache check).
 */
export async function prepareFixtures(sql: postgres.Sql, rlLimit: number): Promise<Fixtures> {
  await sql`update partners set rate_limit_per_minute = 1000000 where slug = ${PARTNER}`;
  const [ente] = await sql<{ id: string }[]>`select id from enti where slug = ${ENTE}`;
  if (!ente) throw new Error(`the seed has no ente ${ENTE}`);
  const secret = `scale-${randomBytes(12).toString("hex")}`;
  const hash = await hashPassword(secret);
  await sql`insert into partners (ente_id, slug, name, secret_hash, rate_limit_per_minute) values
    (${ente.id}, 'scale-rate-limit', 'Scale test: small limit', ${hash}, ${rlLimit}),
    (${ente.id}, 'scale-disable', 'Scale test: disabled mid-run', ${hash}, 1000000)`;
  const [citizen] = await sql<{ codice_fiscale: string; name: string }[]>`
    select codice_fiscale, name from users where codice_fiscale is not null and disabled_at is null order by name limit 1`;
  if (!citizen) throw new Error("the seed has no demo citizen");
  return { citizen: { codiceFiscale: citizen.codice_fiscale, name: citizen.name }, rlPartner: "scale-rate-limit", offPartner: "scale-disable", secret, rlLimit };
}

export const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;

/** A valid codice fiscale (check character computed) from 15 characters. */
export function codiceFiscale(first15: string): string {
  return first15 + checkCharacter(first15);
}
