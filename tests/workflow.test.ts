import { and, count, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, outbox, pratiche, statusHistory, type Ente, type Service, type User } from "@/db/schema";
import type { Actor, ActorKind, Ctx } from "@/lib/context";
import { ConflictError, DomainError, ForbiddenError, InvalidTransitionError, NotFoundError, ValidationError } from "@/lib/errors";
import { getPratica } from "@/lib/pratiche/get";
import { STATUS_CODES, type StatusCode } from "@/lib/workflow/states";
import { EVENTS, TRANSITIONS, type WorkflowEvent } from "@/lib/workflow/table";
import { transition, type TransitionInput } from "@/lib/workflow/transition";
import { createTestDatabase, errorText, type TestDatabase } from "./helpers/db";
import { createCitizen, createEnte, createPartner, createService, createStaff, praticaInStatus, submittedPratica } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;
let service: Service;
let citizen: User;
let operator: User;
let admin: User;
let partnerId: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
  service = await createService(tdb.db, ente, { allowWithdraw: true, allowReopen: true, allowIntegrationRequests: true });
  citizen = await createCitizen(tdb.db);
  operator = await createStaff(tdb.db, ente, "operator", [service.id]);
  admin = await createStaff(tdb.db, ente, "admin");
  partnerId = (await createPartner(tdb.db, ente, [service.id])).id;
});
afterAll(async () => tdb?.close());

function actorOf(kind: ActorKind): Actor {
  switch (kind) {
    case "citizen":
      return { kind, userId: citizen.id };
    case "operator":
      return { kind, userId: operator.id };
    case "admin":
      return { kind, userId: admin.id };
    case "partner":
      return { kind, partnerId };
    case "system":
      return { kind };
  }
}
const ACTOR_KINDS: ActorKind[] = ["citizen", "operator", "admin", "partner", "system"];
const INPUT: TransitionInput = { message: "Messaggio di prova", motivation: "Motivazione di prova" };
const ctxOf = (kind: ActorKind): Ctx => ({ db: tdb.db, ente, actor: actorOf(kind) });

async function snapshot(id: string) {
  const [p] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, id));
  const [h] = await tdb.db.select({ n: count() }).from(statusHistory).where(eq(statusHistory.praticaId, id));
  const [o] = await tdb.db.select({ n: count() }).from(outbox).where(eq(outbox.praticaId, id));
  return { status: p?.status, version: p?.version, history: h?.n, outbox: o?.n };
}

/*
 * The expected workflow, written out here rather than read from `TRANSITIONS`, so that a wrong row in the table
 * fails this test instead of being copied into its expectations (the design's table in docs/architecture.md).
 * One line per (from states, event): who may fire it and where it lands. Every other (state, event, actor) is
 * refused. The fixture service allows withdraw, reopen and integration requests and needs no protocol; the
 * operator is the one the pratica is assigned to, the partner is enabled on the service (guards: below).
 */
const STATES = [1000, 1500, 1510, 1520, 1530, 2000, 3000, 4000, 4100, 4300, 7000, 9000, 20000, 50000] as const;
const ALL_EVENTS = [
  "submit",
  "register",
  "assign",
  "request_integration",
  "submit_integration",
  "resume",
  "accept",
  "reject",
  "withdraw",
  "reopen",
  "revoke",
  "require_payment",
  "request_payment",
  "start_payment",
  "confirm_payment",
  "fail_payment",
  "expire_payment",
  "cancel_payment",
] as const;
const EXPECTED: readonly { from: readonly number[]; event: WorkflowEvent; by: readonly ActorKind[]; to: number }[] = [
  { from: [1000], event: "submit", by: ["citizen", "partner"], to: 2000 },
  { from: [2000], event: "register", by: ["system", "partner"], to: 3000 },
  { from: [2000, 3000], event: "assign", by: ["operator", "partner"], to: 4000 },
  { from: [4000], event: "request_integration", by: ["operator", "partner"], to: 4100 },
  { from: [4100], event: "submit_integration", by: ["citizen"], to: 4300 },
  { from: [4300, 1520], event: "resume", by: ["system", "operator", "partner"], to: 4000 },
  { from: [4000], event: "accept", by: ["operator", "partner"], to: 7000 },
  { from: [4000], event: "reject", by: ["operator", "partner"], to: 9000 },
  { from: [2000, 3000, 4000], event: "withdraw", by: ["citizen"], to: 20000 },
  { from: [7000, 9000], event: "reopen", by: ["admin"], to: 4000 },
  { from: [2000, 3000, 4000, 4100, 4300], event: "revoke", by: ["admin"], to: 50000 },
  // Payments. The fixture's payment states are a deferred payment's (asked during processing: already submitted), and
  // its service has no fees: require_payment (feesDue), expire_payment and submit from 1520 (beforeSubmission) are refused.
  { from: [4000], event: "request_payment", by: ["operator", "partner"], to: 1500 },
  { from: [1500, 1530], event: "start_payment", by: ["citizen"], to: 1510 },
  { from: [1500, 1510, 1530], event: "confirm_payment", by: ["system"], to: 1520 },
  { from: [1500, 1510], event: "fail_payment", by: ["system"], to: 1530 },
  { from: [1500, 1530], event: "cancel_payment", by: ["system", "operator", "partner"], to: 4000 },
];

/** Where `event` by `kind` takes a pratica in `status`, or null when it must be refused. */
function expectedTarget(status: number, event: WorkflowEvent, kind: ActorKind): number | null {
  const row = EXPECTED.find((r) => r.event === event && r.from.includes(status) && r.by.includes(kind));
  return row ? row.to : null;
}

describe("the transition table", () => {
  it("knows exactly the states and events written out above", () => {
    expect([...STATUS_CODES].sort((a, b) => a - b)).toEqual([...STATES]);
    expect([...EVENTS].sort()).toEqual([...ALL_EVENTS].sort());
    expect(TRANSITIONS.map((t) => t.event).sort()).toEqual([...ALL_EVENTS].sort());
  });

  // Every (state, event, actor) triple: allowed ones succeed and land in the expected state with one iter row
  // and one audit row; all others throw a typed error and change nothing.
  for (const status of STATES) {
    describe(`from ${status}`, () => {
      let pratica: { id: string };
      beforeAll(async () => {
        pratica = await praticaInStatus(tdb.db, ente, service, citizen, operator, admin, status);
        expect((await snapshot(pratica.id)).status).toBe(status);
      });

      for (const event of ALL_EVENTS) {
        for (const kind of ACTOR_KINDS) {
          const to = expectedTarget(status, event, kind);
          it(`${event} by ${kind} is ${to === null ? "refused" : `allowed, to ${to}`}`, async () => {
            if (to === null) {
              const before = await snapshot(pratica.id);
              const err = await transition(ctxOf(kind), pratica.id, event, INPUT).catch((e: unknown) => e);
              expect(err).toBeInstanceOf(DomainError);
              expect(await snapshot(pratica.id)).toEqual(before);
              return;
            }
            // Allowed: on a fresh pratica in the same state, so the shared one stays put.
            const fresh = await praticaInStatus(tdb.db, ente, service, citizen, operator, admin, status);
            const before = await snapshot(fresh.id);
            const result = await transition(ctxOf(kind), fresh.id, event, INPUT);
            expect(result.pratica.status).toBe(to);
            const after = await snapshot(fresh.id);
            expect(after.status).toBe(to);
            expect(after.history).toBe((before.history ?? 0) + 1);
            expect(after.version).toBe((before.version ?? 0) + 1);
            const audits = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, fresh.id), eq(auditLog.action, `pratica.${event}`)));
            expect(audits).toHaveLength(1);
          });
        }
      }
    });
  }
});

describe("typed errors", () => {
  it("an event not allowed from the state lists the allowed events", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    const err = await transition(ctxOf("operator"), p.id, "accept", INPUT).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidTransitionError);
    // From 2000 an operator may only take it in charge (withdraw is the citizen's, register the registry's, revoke an admin's).
    expect((err as InvalidTransitionError).allowedEvents).toEqual(["assign"]);
  });

  it("an unknown event is an invalid transition, not a silent no-op", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    await expect(transition(ctxOf("operator"), p.id, "approve-everything" as WorkflowEvent)).rejects.toBeInstanceOf(InvalidTransitionError);
  });

  it("accept and reject need a motivation; request_integration a message", async () => {
    const p = await praticaInStatus(tdb.db, ente, service, citizen, operator, admin, 4000);
    await expect(transition(ctxOf("operator"), p.id, "accept", { motivation: "   " })).rejects.toBeInstanceOf(ValidationError);
    await expect(transition(ctxOf("operator"), p.id, "request_integration", {})).rejects.toBeInstanceOf(ValidationError);
    expect((await snapshot(p.id)).status).toBe(4000);
  });

  it("a stale expectedVersion is a conflict", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    await expect(transition(ctxOf("operator"), p.id, "assign", { expectedVersion: p.version - 1 })).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("guards", () => {
  it("an operator not enabled on the service is forbidden, and cannot even read the pratica", async () => {
    const other = await createStaff(tdb.db, ente, "operator", []);
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    const ctx: Ctx = { db: tdb.db, ente, actor: { kind: "operator", userId: other.id } };
    await expect(transition(ctx, p.id, "assign")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getPratica(ctx, p.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("only the assigned operator decides", async () => {
    const second = await createStaff(tdb.db, ente, "operator", [service.id]);
    const p = await praticaInStatus(tdb.db, ente, service, citizen, operator, admin, 4000);
    const ctx: Ctx = { db: tdb.db, ente, actor: { kind: "operator", userId: second.id } };
    await expect(transition(ctx, p.id, "accept", INPUT)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(transition(ctx, p.id, "request_integration", INPUT)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a citizen cannot act on another citizen's pratica, nor see it", async () => {
    const stranger = await createCitizen(tdb.db);
    const p = await praticaInStatus(tdb.db, ente, service, citizen, operator, admin, 4000);
    const ctx: Ctx = { db: tdb.db, ente, actor: { kind: "citizen", userId: stranger.id } };
    await expect(transition(ctx, p.id, "withdraw")).rejects.toBeInstanceOf(NotFoundError);
    await expect(getPratica(ctx, p.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it("a service that requires protocol cannot be taken in charge before registration", async () => {
    const protocolled = await createService(tdb.db, ente, { protocolRequired: true });
    const op = await createStaff(tdb.db, ente, "operator", [protocolled.id]);
    const p = await submittedPratica(tdb.db, ente, protocolled, citizen);
    const ctx: Ctx = { db: tdb.db, ente, actor: { kind: "operator", userId: op.id } };
    const err = await transition(ctx, p.id, "assign").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidTransitionError);
    expect((err as Error).message).toMatch(/protocollazione/);
    await transition({ db: tdb.db, ente, actor: { kind: "system" } }, p.id, "register");
    expect((await transition(ctx, p.id, "assign")).pratica.status).toBe(4000);
  });

  it("withdraw, reopen and integration requests follow the service's options", async () => {
    const strict = await createService(tdb.db, ente, { allowWithdraw: false, allowReopen: false, allowIntegrationRequests: false });
    const op = await createStaff(tdb.db, ente, "operator", [strict.id]);
    const p1 = await praticaInStatus(tdb.db, ente, strict, citizen, op, admin, 4000);
    await expect(transition({ db: tdb.db, ente, actor: { kind: "citizen", userId: citizen.id } }, p1.id, "withdraw")).rejects.toBeInstanceOf(InvalidTransitionError);
    await expect(transition({ db: tdb.db, ente, actor: { kind: "operator", userId: op.id } }, p1.id, "request_integration", INPUT)).rejects.toBeInstanceOf(InvalidTransitionError);
    const p2 = await praticaInStatus(tdb.db, ente, strict, citizen, op, admin, 7000);
    await expect(transition(ctxOf("admin"), p2.id, "reopen", INPUT)).rejects.toBeInstanceOf(InvalidTransitionError);
  });
});

describe("one transaction per transition", () => {
  it("a failing outbox insert rolls the whole transition back", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    const before = await snapshot(p.id);
    const [audits] = await tdb.db.select({ n: count() }).from(auditLog).where(eq(auditLog.targetId, p.id));
    await tdb.db.execute(sql`create or replace function stanza_test_fail() returns trigger as $$ begin raise exception 'outbox down'; end; $$ language plpgsql`);
    await tdb.db.execute(sql`create trigger stanza_test_outbox_fail before insert on outbox for each row execute function stanza_test_fail()`);
    try {
      expect(errorText(await transition(ctxOf("operator"), p.id, "assign").catch((e: unknown) => e))).toMatch(/outbox down/);
    } finally {
      await tdb.db.execute(sql`drop trigger stanza_test_outbox_fail on outbox`);
    }
    expect(await snapshot(p.id)).toEqual(before);
    const [auditsAfter] = await tdb.db.select({ n: count() }).from(auditLog).where(eq(auditLog.targetId, p.id));
    expect(auditsAfter?.n).toBe(audits?.n);
    // And the same transition works once the outbox is back.
    expect((await transition(ctxOf("operator"), p.id, "assign")).pratica.status).toBe(4000);
  });

  it("writes the citizen's email and the webhook to the outbox with the transition", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    await tdb.db.execute(sql`update partners set webhook_url = 'http://127.0.0.1:9/hook' where id = ${partnerId}`);
    try {
      await transition(ctxOf("operator"), p.id, "assign");
    } finally {
      await tdb.db.execute(sql`update partners set webhook_url = null where id = ${partnerId}`);
    }
    const rows = await tdb.db.select().from(outbox).where(eq(outbox.praticaId, p.id));
    expect(rows.map((r) => `${r.topic}:${r.kind}`).sort()).toEqual(
      ["email:operator_new_pratica", "email:receipt", "email:taken_in_charge", "protocol:protocol_builtin", "webhook:pratica.assign"].sort(),
    );
  });

  it("the iter is append-only", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    const upd = await tdb.db.execute(sql`update status_history set message = 'x' where pratica_id = ${p.id}`).catch((e: unknown) => e);
    expect(errorText(upd)).toMatch(/append-only/);
    const del = await tdb.db.execute(sql`delete from audit_log where target_id = ${p.id}`).catch((e: unknown) => e);
    expect(errorText(del)).toMatch(/append-only/);
  });
});

describe("concurrency", () => {
  it("20 concurrent assigns: exactly one wins, the others are told it was already taken", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    const operators = await Promise.all(Array.from({ length: 20 }, () => createStaff(tdb.db, ente, "operator", [service.id])));
    const results = await Promise.allSettled(
      operators.map((op) => transition({ db: tdb.db, ente, actor: { kind: "operator", userId: op.id } }, p.id, "assign")),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const l of lost) {
      expect(l.reason).toBeInstanceOf(ConflictError);
      expect((l.reason as Error).message).toMatch(/già stata presa in carico/);
    }
    const iter = await tdb.db.select().from(statusHistory).where(and(eq(statusHistory.praticaId, p.id), eq(statusHistory.event, "assign")));
    expect(iter).toHaveLength(1);
    const [row] = await tdb.db.select().from(pratiche).where(eq(pratiche.id, p.id));
    const winner = won[0] as PromiseFulfilledResult<{ pratica: { assignedOperatorId: string | null } }>;
    expect(row?.assignedOperatorId).toBe(winner.value.pratica.assignedOperatorId);
    expect(row?.version).toBe(p.version + 1);
  });
});

describe("tenant isolation", () => {
  let other: Ente;
  beforeAll(async () => {
    other = await createEnte(tdb.db);
  });

  it("another ente's staff, citizens and partners cannot see or change a pratica", async () => {
    const p = await praticaInStatus(tdb.db, ente, service, citizen, operator, admin, 4000);
    const otherService = await createService(tdb.db, other);
    const otherOp = await createStaff(tdb.db, other, "operator", [otherService.id]);
    const otherAdmin = await createStaff(tdb.db, other, "admin");
    const otherPartner = await createPartner(tdb.db, other, [otherService.id]);
    const actors: Actor[] = [
      { kind: "operator", userId: otherOp.id },
      { kind: "admin", userId: otherAdmin.id },
      { kind: "partner", partnerId: otherPartner.id },
      { kind: "citizen", userId: citizen.id },
      { kind: "system" },
    ];
    for (const actor of actors) {
      const ctx: Ctx = { db: tdb.db, ente: other, actor };
      await expect(getPratica(ctx, p.id)).rejects.toBeInstanceOf(NotFoundError);
      await expect(transition(ctx, p.id, "accept", INPUT)).rejects.toBeInstanceOf(NotFoundError);
      await expect(transition(ctx, p.id, "revoke", INPUT)).rejects.toBeInstanceOf(NotFoundError);
    }
    expect((await snapshot(p.id)).status).toBe(4000);
  });

  it("a partner of the same ente not enabled on the service is refused", async () => {
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    const stranger = await createPartner(tdb.db, ente, []);
    const ctx: Ctx = { db: tdb.db, ente, actor: { kind: "partner", partnerId: stranger.id } };
    await expect(transition(ctx, p.id, "assign")).rejects.toBeInstanceOf(ForbiddenError);
  });
});

// Keep the status type honest: every code in the table is a StatusCode.
const _codes: StatusCode[] = TRANSITIONS.map((t) => t.to);
void _codes;
