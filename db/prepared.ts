import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { pgliteClientOf, type DbOrTx, type PgliteClient } from "./client";

/**
 * A hot statement run on PGlite without being parsed and planned each time.
 *
 * PGlite runs in this process's own thread, and every `query()` parses and plans its statement again (it has no
 * named statements), then crosses into WebAssembly six times (parse, describe, bind, describe, execute, sync). For a
 * statement that runs for every few messages the outbox sends, that was about half of its cost (a five-row record:
 * 1.5–1.9 ms against 0.6–0.9 ms prepared, bench/notifications.ts). PostgreSQL needs none of this: postgres-js
 * already prepares its statements on each connection, and the planning happens in the server's process.
 *
 * The statement is prepared once per PGlite database (SQL `PREPARE`) and run with `EXECUTE` over the simple
 * protocol, its arguments written as escaped string literals (EXECUTE takes no bind parameters): each becomes the
 * parameter's declared type, so an argument is only ever a value, never SQL.
 */
export type PreparedStatement = { name: string; types: string[]; text: string };

/**
 * Builds a statement from drizzle's `sql` (table names and all), with `$1…$n` where its arguments go. `build` gets
 * one placeholder per type.
 */
export function preparedStatement(name: string, types: string[], build: (...params: SQL[]) => SQL): PreparedStatement {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a statement name: ${name}`);
  const query = new PgDialect().sqlToQuery(build(...types.map((_, i) => sql.raw(`$${i + 1}`))));
  if (query.params.length > 0) throw new Error(`statement ${name}: its values must be its placeholders, not bound parameters`);
  return { name, types, text: query.sql };
}

/**
 * A string as a PostgreSQL literal, whatever `standard_conforming_strings` says: an escape string (`E'…'`) with
 * its backslashes and quotes doubled. A NUL cannot be in a PostgreSQL text: refused rather than cut short.
 */
export function quoteLiteral(value: string): string {
  if (value.includes("\u0000")) throw new Error("a NUL character cannot be written to PostgreSQL");
  return `E'${value.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
}

type SimpleQueryClient = Pick<PgliteClient, "exec">;

const preparedOn = new WeakMap<SimpleQueryClient, Set<string>>();
const DUPLICATE_PREPARED_STATEMENT = "42P05";
const UNDEFINED_PREPARED_STATEMENT = "26000";
const codeOf = (err: unknown) => (err && typeof err === "object" && "code" in err ? (err as { code: unknown }).code : undefined);

async function prepare(client: SimpleQueryClient, names: Set<string>, stmt: PreparedStatement): Promise<void> {
  try {
    await client.exec(`prepare ${stmt.name}(${stmt.types.join(", ")}) as ${stmt.text}`);
  } catch (err) {
    if (codeOf(err) !== DUPLICATE_PREPARED_STATEMENT) throw err;
  }
  names.add(stmt.name);
}

/**
 * Runs `stmt` with `args` when `db` is a PGlite database and returns true; returns false for any other (the caller
 * then runs the same statement with bound parameters). Like `query()`, it waits for an open transaction to end.
 */
export async function execPreparedOnPglite(db: DbOrTx, stmt: PreparedStatement, args: string[]): Promise<boolean> {
  const client = pgliteClientOf(db);
  if (!client) return false;
  if (args.length !== stmt.types.length) throw new Error(`statement ${stmt.name} takes ${stmt.types.length} arguments, got ${args.length}`);
  let names = preparedOn.get(client);
  if (!names) preparedOn.set(client, (names = new Set()));
  const execute = `execute ${stmt.name}(${args.map(quoteLiteral).join(", ")})`;
  if (!names.has(stmt.name)) await prepare(client, names, stmt);
  try {
    await client.exec(execute);
  } catch (err) {
    // Dropped meanwhile (DEALLOCATE, DISCARD ALL): prepared again, once.
    if (codeOf(err) !== UNDEFINED_PREPARED_STATEMENT) throw err;
    names.delete(stmt.name);
    await prepare(client, names, stmt);
    await client.exec(execute);
  }
  return true;
}
