import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, memberships, operatorServices, outbox, staffTokens, users, type Ente, type Service, type User } from "@/db/schema";
import { createOperator, disableOperator, enableOperator, listOperators, resetOperatorPassword, servicesOnlyHandledBy, updateOperatorServices } from "@/lib/admin/operators";
import { findStaffToken, hashStaffToken, issueStaffToken, setPasswordWithToken } from "@/lib/admin/staff-tokens";
import { verifyPassword } from "@/lib/auth/password";
import { verifyStaffLogin } from "@/lib/auth/verify-staff";
import type { Ctx } from "@/lib/context";
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, citizenCtx, createCitizen, createEnte, createService, createStaff, operatorCtx } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let service: Service;
let otherService: Service;
let admin: User;
let operator: User;
let otherAdmin: User;
let citizen: User;
const APP = { appUrl: "http://stanza.test" };

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
  other = await createEnte(tdb.db);
  service = await createService(tdb.db, ente);
  otherService = await createService(tdb.db, other);
  admin = await createStaff(tdb.db, ente, "admin");
  operator = await createStaff(tdb.db, ente, "operator", [service.id]);
  otherAdmin = await createStaff(tdb.db, other, "admin");
  citizen = await createCitizen(tdb.db);
});
afterAll(async () => tdb?.close());

const ctx = (): Ctx => adminCtx(tdb.db, ente, admin);

/** The clear token of the newest invite email to `email` (the worker would send it; here we read the outbox). */
async function linkTokenFor(email: string): Promise<string> {
  const rows = await tdb.db.select().from(outbox).where(eq(outbox.kind, "staff_invite"));
  const row = rows.filter((r) => r.payload.email === email).sort((a, b) => +b.createdAt - +a.createdAt)[0];
  const url = String(row?.payload.url ?? "");
  return url.split("/").pop() ?? "";
}

describe("createOperator", () => {
  it("creates the user, membership, services, an invite email and the audit row together", async () => {
    const user = await createOperator(ctx(), { name: "Anna Verdi", email: " Anna.Verdi@Comune.example ", serviceIds: [service.id] }, APP);
    expect(user.email).toBe("anna.verdi@comune.example");
    expect(user.passwordHash).toBeNull();
    const list = await listOperators(ctx());
    const row = list.find((o) => o.id === user.id);
    expect(row).toMatchObject({ roles: ["operator"], serviceIds: [service.id], disabled: false, hasPassword: false, lastLoginAt: null });
    const [mail] = await tdb.db.select().from(outbox).where(and(eq(outbox.kind, "staff_invite"), eq(outbox.enteId, ente.id)));
    expect(mail?.topic).toBe("email");
    expect(mail?.payload).toMatchObject({ to: "address", email: "anna.verdi@comune.example", lang: "it", urgent: true });
    expect(String(mail?.payload.url)).toMatch(new RegExp(`^http://stanza.test/${ente.slug}/operatori/imposta-password/[A-Za-z0-9_-]{40,}$`));
    // Only the hash is stored.
    const token = await linkTokenFor(user.email);
    const [stored] = await tdb.db.select().from(staffTokens).where(eq(staffTokens.userId, user.id));
    expect(stored?.tokenHash).toBe(hashStaffToken(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    const audits = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, user.id), eq(auditLog.action, "operator.create")));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorKind: "admin", actorId: admin.id, enteId: ente.id });
  });

  it("refuses a duplicate email, bad input and another ente's service, writing nothing", async () => {
    await expect(createOperator(ctx(), { name: "Doppione", email: operator.email }, APP)).rejects.toBeInstanceOf(ConflictError);
    const err = await createOperator(ctx(), { name: "X", email: "non-una-email" }, APP).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors.map((f) => f.path).sort()).toEqual(["email", "name"]);
    await expect(createOperator(ctx(), { name: "Mario Altro", email: "mario.altro@comune.example", serviceIds: [otherService.id] }, APP)).rejects.toBeInstanceOf(BadRequestError);
    expect(await tdb.db.select().from(users).where(eq(users.email, "mario.altro@comune.example"))).toHaveLength(0);
  });

  it("is forbidden to operators, citizens and other entes' admins", async () => {
    const input = { name: "Intruso", email: "intruso@comune.example" };
    await expect(createOperator(operatorCtx(tdb.db, ente, operator), input, APP)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createOperator(citizenCtx(tdb.db, ente, citizen), input, APP)).rejects.toBeInstanceOf(ForbiddenError);
    // An admin of another ente acting with this ente as context: not an admin here.
    await expect(createOperator(adminCtx(tdb.db, ente, otherAdmin), input, APP)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listOperators(adminCtx(tdb.db, ente, otherAdmin))).rejects.toBeInstanceOf(ForbiddenError);
    // A disabled admin is no admin.
    const gone = await createStaff(tdb.db, ente, "admin");
    await tdb.db.update(memberships).set({ disabledAt: new Date() }).where(eq(memberships.userId, gone.id));
    await expect(listOperators(adminCtx(tdb.db, ente, gone))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("services, disable, reset", () => {
  it("replaces the operator's services and audits the difference", async () => {
    const s2 = await createService(tdb.db, ente);
    // Someone else keeps the (available) services staffed, so they may be taken off this operator.
    const backup = await createStaff(tdb.db, ente, "operator", [service.id, s2.id]);
    const res = await updateOperatorServices(ctx(), operator.id, [s2.id]);
    expect(res).toEqual({ added: [s2.id], removed: [service.id] });
    const rows = await tdb.db.select().from(operatorServices).where(eq(operatorServices.userId, operator.id));
    expect(rows.map((r) => r.serviceId)).toEqual([s2.id]);
    const [audit] = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, operator.id), eq(auditLog.action, "operator.services")));
    expect(audit?.data).toEqual({ added: [s2.id], removed: [service.id] });
    await updateOperatorServices(ctx(), operator.id, [service.id]);
    await tdb.db.delete(operatorServices).where(eq(operatorServices.userId, backup.id));
  });

  it("refuses to take an open service off its last active operator; closed services and shared ones are fine", async () => {
    const open = await createService(tdb.db, ente, { name: "Servizio aperto", status: "available" });
    const scheduled = await createService(tdb.db, ente, { name: "Servizio programmato", status: "scheduled", scheduledFrom: new Date("2030-01-01T00:00:00Z") });
    const closed = await createService(tdb.db, ente, { name: "Servizio sospeso", status: "suspended" });
    const op = await createStaff(tdb.db, ente, "operator", [open.id, scheduled.id, closed.id]);
    const err = await updateOperatorServices(ctx(), op.id, []).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const fe = (err as ValidationError).fieldErrors;
    expect(fe[0]?.path).toBe("serviceIds");
    expect(fe[0]?.message).toMatch(/«Servizio aperto», «Servizio programmato» sono aperti ai cittadini/);
    // Nothing half-written: the closed service was not removed either.
    expect((await tdb.db.select().from(operatorServices).where(eq(operatorServices.userId, op.id))).map((r) => r.serviceId).sort()).toEqual([open.id, scheduled.id, closed.id].sort());
    expect(await updateOperatorServices(ctx(), op.id, [open.id, scheduled.id])).toEqual({ added: [], removed: [closed.id] });
    // An admin-only member does not count as the second operator; an active operator does.
    await createStaff(tdb.db, ente, "admin", [open.id]);
    await expect(updateOperatorServices(ctx(), op.id, [scheduled.id])).rejects.toBeInstanceOf(ValidationError);
    await createStaff(tdb.db, ente, "operator", [open.id]);
    expect(await updateOperatorServices(ctx(), op.id, [scheduled.id])).toEqual({ added: [], removed: [open.id] });
  });

  it("disabling the last operator of an open service is allowed but names the services left without one", async () => {
    const open = await createService(tdb.db, ente, { name: "Unico operatore", status: "available" });
    const shared = await createService(tdb.db, ente, { name: "Condiviso", status: "available" });
    const op = await createStaff(tdb.db, ente, "operator", [open.id, shared.id]);
    await createStaff(tdb.db, ente, "operator", [shared.id]);
    expect(await servicesOnlyHandledBy(ctx(), op.id)).toEqual([{ id: open.id, name: "Unico operatore" }]);
    expect(await disableOperator(ctx(), op.id)).toEqual({ orphanedServices: [{ id: open.id, name: "Unico operatore" }] });
    expect((await listOperators(ctx())).find((o) => o.id === op.id)?.disabled).toBe(true);
    // Disabling again changes nothing and warns about nothing; enabling warns about nothing.
    expect(await disableOperator(ctx(), op.id)).toEqual({ orphanedServices: [] });
    expect(await enableOperator(ctx(), op.id)).toEqual({ orphanedServices: [] });
  });

  it("cannot touch another ente's staff or services", async () => {
    await expect(updateOperatorServices(ctx(), otherAdmin.id, [])).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateOperatorServices(ctx(), operator.id, [otherService.id])).rejects.toBeInstanceOf(BadRequestError);
    await expect(disableOperator(ctx(), otherAdmin.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(resetOperatorPassword(ctx(), otherAdmin.id, APP)).rejects.toBeInstanceOf(NotFoundError);
    await expect(disableOperator(adminCtx(tdb.db, other, otherAdmin), operator.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(disableOperator(operatorCtx(tdb.db, ente, operator), operator.id)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("a disabled operator cannot log in; enabling restores access; an admin cannot disable themselves", async () => {
    const op = await createStaff(tdb.db, ente, "operator", [], "password-di-prova-1");
    const login = () => verifyStaffLogin(tdb.db, { ente: ente.slug, email: op.email, password: "password-di-prova-1" }, `k-${Math.random()}`);
    expect((await login()).ok).toBe(true);
    await disableOperator(ctx(), op.id);
    expect((await login()).ok).toBe(false);
    expect((await listOperators(ctx())).find((o) => o.id === op.id)?.disabled).toBe(true);
    await enableOperator(ctx(), op.id);
    expect((await login()).ok).toBe(true);
    expect((await listOperators(ctx())).find((o) => o.id === op.id)?.lastLoginAt).toBeInstanceOf(Date);
    const actions = (await tdb.db.select().from(auditLog).where(eq(auditLog.targetId, op.id))).map((a) => a.action);
    expect(actions).toEqual(["operator.disable", "operator.enable"]);
    await expect(disableOperator(ctx(), admin.id)).rejects.toBeInstanceOf(BadRequestError);
  });

  it("reset: the old password stops working, a new link sets a new one", async () => {
    const op = await createStaff(tdb.db, ente, "operator", [], "vecchia-password-1");
    await resetOperatorPassword(ctx(), op.id, APP);
    const [u] = await tdb.db.select().from(users).where(eq(users.id, op.id));
    expect(u?.passwordHash).toBeNull();
    const token = await linkTokenFor(op.email);
    expect((await findStaffToken(tdb.db, ente, token))?.purpose).toBe("reset");
    await setPasswordWithToken(tdb.db, ente, token, "una-nuova-password-lunga");
    const [after] = await tdb.db.select().from(users).where(eq(users.id, op.id));
    expect(await verifyPassword("una-nuova-password-lunga", after?.passwordHash)).toBe(true);
    const actions = (await tdb.db.select().from(auditLog).where(eq(auditLog.targetId, op.id))).map((a) => a.action);
    expect(actions).toEqual(["operator.reset_password", "operator.password_set"]);
  });
});

describe("set-password links", () => {
  it("are single-use, even when used twice at once", async () => {
    const user = await createOperator(ctx(), { name: "Luca Neri", email: "luca.neri@comune.example" }, APP);
    const token = await linkTokenFor(user.email);
    const results = await Promise.allSettled([
      setPasswordWithToken(tdb.db, ente, token, "password-molto-sicura-1"),
      setPasswordWithToken(tdb.db, ente, token, "password-molto-sicura-2"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected" && r.reason instanceof ValidationError)).toHaveLength(1);
    await expect(setPasswordWithToken(tdb.db, ente, token, "password-molto-sicura-3")).rejects.toBeInstanceOf(ValidationError);
    expect(await findStaffToken(tdb.db, ente, token)).toBeNull();
    expect((await verifyStaffLogin(tdb.db, { ente: ente.slug, email: user.email, password: "password-molto-sicura-3" }, "k-x")).ok).toBe(false);
  });

  it("expire, belong to one ente, and are superseded by a newer link", async () => {
    const op = await createStaff(tdb.db, ente, "operator");
    const first = await issueStaffToken(tdb.db, { enteId: ente.id, userId: op.id, purpose: "invite", createdBy: admin.id });
    expect(await findStaffToken(tdb.db, other, first.token)).toBeNull();
    expect(await findStaffToken(tdb.db, ente, first.token, new Date(Date.now() + 73 * 3_600_000))).toBeNull();
    await expect(setPasswordWithToken(tdb.db, ente, first.token, "password-abbastanza-lunga", new Date(Date.now() + 73 * 3_600_000))).rejects.toBeInstanceOf(ValidationError);
    const second = await issueStaffToken(tdb.db, { enteId: ente.id, userId: op.id, purpose: "reset", createdBy: admin.id });
    expect(await findStaffToken(tdb.db, ente, first.token)).toBeNull();
    expect(await findStaffToken(tdb.db, ente, second.token)).not.toBeNull();
    expect(await findStaffToken(tdb.db, ente, "not-a-token")).toBeNull();
  });

  it("refuse a short password and a disabled account, spending nothing", async () => {
    const op = await createStaff(tdb.db, ente, "operator");
    const link = await issueStaffToken(tdb.db, { enteId: ente.id, userId: op.id, purpose: "invite", createdBy: admin.id });
    await expect(setPasswordWithToken(tdb.db, ente, link.token, "corta")).rejects.toBeInstanceOf(ValidationError);
    expect(await findStaffToken(tdb.db, ente, link.token)).not.toBeNull();
    await disableOperator(ctx(), op.id);
    await expect(setPasswordWithToken(tdb.db, ente, link.token, "password-abbastanza-lunga")).rejects.toBeInstanceOf(ValidationError);
  });
});

describe("staff login throttle", () => {
  // Also pins the throttle on PostgreSQL (a failed login used to throw there instead of being counted).
  it("wrong passwords are counted and, after three, make even the right one wait", async () => {
    const op = await createStaff(tdb.db, ente, "operator", [], "password-giusta-123");
    const attempt = (password: string) => verifyStaffLogin(tdb.db, { ente: ente.slug, email: op.email, password }, "198.51.100.1");
    for (let i = 0; i < 3; i++) expect(await attempt("sbagliata")).toEqual({ ok: false, reason: "invalid" });
    expect(await attempt("password-giusta-123")).toEqual({ ok: false, reason: "throttled", retryAfterS: 2 });
  });
});

