import { getTableColumns, sql, type InferSelectModel, type SQL, type Table } from "drizzle-orm";
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

/**
 * How every EXECUTE runs (`set local`: this statement's implicit transaction only, whatever else shares the
 * connection). The statement is planned once, generically, and that plan is kept: left to itself, PostgreSQL
 * planned the record afresh at every EXECUTE (its custom plan looked cheaper than the generic one), which is the
 * cost preparing it was meant to save (a five-row record: 0.92 ms against 0.64 ms). A plan made once may be made
 * while a table is nearly empty, when reading it whole looks cheapest; with sequential and bitmap scans off it
 * walks the indexes, as the statements here are meant to at any size (tests/db-prepared.test.ts looks at the
 * plans).
 */
export const PREPARED_PLAN_SETTINGS = "set local plan_cache_mode = force_generic_plan; set local enable_seqscan = off; set local enable_bitmapscan = off; ";

/** Dates and intervals come back as PostgreSQL wrote them, as drizzle's own PGlite driver has them: its columns' mappers read that text. */
const DRIZZLE_PARSERS: Record<number, (value: string) => unknown> = Object.fromEntries([1082, 1114, 1184, 1186, 1182, 1115, 1185, 1187, 1231].map((oid) => [oid, (value: string) => value]));

async function prepare(client: SimpleQueryClient, names: Set<string>, stmt: PreparedStatement): Promise<void> {
  try {
    await client.exec(`prepare ${stmt.name}(${stmt.types.join(", ")}) as ${stmt.text}`);
  } catch (err) {
    if (codeOf(err) !== DUPLICATE_PREPARED_STATEMENT) throw err;
  }
  names.add(stmt.name);
}

/** An argument of EXECUTE: a literal, or SQL's null. */
const argument = (value: string | null) => (value === null ? "null" : quoteLiteral(value));

/**
 * Runs `stmt` with `args` when `db` is a PGlite database and returns its rows (raw: column names as in the
 * database, dates as text; see `tableRows`); returns null for any other (the caller then runs the same statement
 * with bound parameters). Like `query()`, it waits for an open transaction to end.
 */
export async function execPreparedOnPglite(db: DbOrTx, stmt: PreparedStatement, args: (string | null)[]): Promise<Record<string, unknown>[] | null> {
  const client = pgliteClientOf(db);
  if (!client) return null;
  if (args.length !== stmt.types.length) throw new Error(`statement ${stmt.name} takes ${stmt.types.length} arguments, got ${args.length}`);
  let names = preparedOn.get(client);
  if (!names) preparedOn.set(client, (names = new Set()));
  const execute = `${PREPARED_PLAN_SETTINGS}execute ${stmt.name}(${args.map(argument).join(", ")})`;
  const run = async () => (await client.exec(execute, { parsers: DRIZZLE_PARSERS })).at(-1)?.rows ?? [];
  if (!names.has(stmt.name)) await prepare(client, names, stmt);
  try {
    return await run();
  } catch (err) {
    // Dropped meanwhile (DEALLOCATE, DISCARD ALL): prepared again, once.
    if (codeOf(err) !== UNDEFINED_PREPARED_STATEMENT) throw err;
    names.delete(stmt.name);
    await prepare(client, names, stmt);
    return await run();
  }
}

/**
 * Raw rows of `table` (`returning *` of a statement run by `execPreparedOnPglite`, or of `db.execute`) as drizzle
 * gives them: each column under its field's name, read by that column's own mapper (a timestamp's text to a Date).
 */
export function tableRows<T extends Table>(table: T, raw: Record<string, unknown>[]): InferSelectModel<T>[] {
  const columns = Object.entries(getTableColumns(table));
  return raw.map((r) => {
    const row: Record<string, unknown> = {};
    for (const [field, column] of columns) {
      const value = r[column.name];
      row[field] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row as InferSelectModel<T>;
  });
}
