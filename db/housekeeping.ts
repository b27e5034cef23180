import { sql, type Table } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { pgliteClientOf, type DbOrTx } from "./client";
import { apiRateLimits } from "./schema/api";
import { appointmentCounters } from "./schema/appointments";
import { paymentNoticeCounters } from "./schema/enti";
import { outbox } from "./schema/outbox";
import { idempotencyKeys } from "./schema/partners";
import { payments } from "./schema/payments";
import { praticaCounters, pratiche } from "./schema/pratiche";
import { protocolCounters } from "./schema/protocol";
import { samlAssertions, samlRequests } from "./schema/saml";
import { staffTokens } from "./schema/staff-tokens";
import { authSessions, loginThrottle, verificationTokens } from "./schema/users";

/**
 * The tables whose rows are updated or deleted in the normal course of things: the outbox (every claim and every
 * record), sessions (last seen, logout, expiry), rate limits and login throttles, one-time tokens and SAML
 * requests, idempotency keys, the numbering counters, and the pratiche and payments that change state.
 */
export const CHURNING_TABLES: Table[] = [
  outbox,
  authSessions,
  apiRateLimits,
  loginThrottle,
  verificationTokens,
  staffTokens,
  samlRequests,
  samlAssertions,
  idempotencyKeys,
  praticaCounters,
  protocolCounters,
  appointmentCounters,
  paymentNoticeCounters,
  pratiche,
  payments,
];

/** How often the worker's sweep vacuums them on PGlite (lib/outbox/runtime.ts). */
export const PGLITE_VACUUM_EVERY_MS = 30 * 60_000;

/**
 * PGlite has no autovacuum: without this, every row version an update or a delete leaves behind stays in its table
 * and its indexes for good, and the planner's statistics stay those of the table's first days. On PGlite this runs
 * `VACUUM (ANALYZE)` over the churning tables (space of dead rows reused, statistics refreshed) and answers true;
 * on PostgreSQL it does nothing and answers false: autovacuum does it there. PGlite runs in this process's thread,
 * so the vacuum holds the database for its duration: a few milliseconds when little changed (pages with nothing
 * dead are skipped).
 */
export async function vacuumPglite(db: DbOrTx): Promise<boolean> {
  const client = pgliteClientOf(db);
  if (!client) return false;
  // Drizzle writes the tables' names (quoted, as in every other statement); VACUUM takes no bound parameters.
  await client.exec(new PgDialect().sqlToQuery(sql`vacuum (analyze) ${sql.join(CHURNING_TABLES, sql`, `)}`).sql);
  return true;
}
