import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import { exportAuditCsv, listAudit } from "@/lib/admin/audit";
import { csvCell } from "@/lib/format/csv";
import { dateKey, ROME } from "@/lib/time/wall-clock";
import { createOperator } from "@/lib/admin/operators";
import { createServiceAdmin } from "@/lib/admin/services";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { createTestDatabase, errorText, type TestDatabase } from "./helpers/db";
import { adminCtx, citizenCtx, createAdminWorld, operatorCtx, submittedPratica, type AdminWorld } from "./helpers/fixtures";

let tdb: TestDatabase;
let w: AdminWorld;

beforeAll(async () => {
  tdb = await createTestDatabase();
  w = await createAdminWorld(tdb.db);
  await createOperator(adminCtx(tdb.db, w.ente, w.admin), { name: "Op Uno", email: "op.uno@comune.example" }, { appUrl: "http://x" });
  await createServiceAdmin(adminCtx(tdb.db, w.ente, w.admin), { name: "Servizio =HYPERLINK(\"x\")" });
  await createServiceAdmin(adminCtx(tdb.db, w.other, w.otherAdmin), { name: "Servizio dell'altro ente" });
  await submittedPratica(tdb.db, w.ente, w.service, w.citizen);
});
afterAll(async () => tdb?.close());

const ctx = () => adminCtx(tdb.db, w.ente, w.admin);

describe("audit log viewer", () => {
  it("lists only this ente's rows, newest first, with the actor's name", async () => {
    const { rows } = await listAudit(ctx());
    expect(rows.map((r) => r.action)).toEqual(["pratica.submit", "service.create", "operator.create"]);
    expect(rows[2]).toMatchObject({ actorKind: "admin", actorId: w.admin.id, actorName: w.admin.name, targetType: "user" });
    expect(rows[0]).toMatchObject({ actorKind: "citizen", actorName: w.citizen.name });
  });

  it("filters by action (exact or prefix), actor kind, target and day; pages with a cursor", async () => {
    expect((await listAudit(ctx(), { action: "service.create" })).rows).toHaveLength(1);
    expect((await listAudit(ctx(), { action: "pratica" })).rows.map((r) => r.action)).toEqual(["pratica.submit"]);
    expect((await listAudit(ctx(), { actorKind: "citizen" })).rows).toHaveLength(1);
    expect((await listAudit(ctx(), { actorId: w.admin.id })).rows).toHaveLength(2);
    const today = dateKey(new Date(), ROME);
    expect((await listAudit(ctx(), { from: today, to: today })).rows).toHaveLength(3);
    expect((await listAudit(ctx(), { to: "2000-01-01" })).rows).toHaveLength(0);
    const page1 = await listAudit(ctx(), { limit: 2 });
    expect(page1.rows).toHaveLength(2);
    expect(page1.nextBefore).not.toBeNull();
    const page2 = await listAudit(ctx(), { limit: 2, before: page1.nextBefore ?? undefined });
    expect(page2.rows.map((r) => r.action)).toEqual(["operator.create"]);
    expect(page2.nextBefore).toBeNull();
    await expect(listAudit(ctx(), { from: "ieri" })).rejects.toBeInstanceOf(ValidationError);
  });

  it("exports CSV with a header, neutralised formulas and quoting", async () => {
    const csv = await exportAuditCsv(ctx());
    expect(csv.startsWith("\uFEFF")).toBe(true);
    const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    // The same separator as the operators' export (lib/format/csv).
    expect(lines[0]).toBe("id;created_at;actor_kind;actor_id;actor_name;action;target_type;target_id;data");
    expect(lines).toHaveLength(4);
    expect(csv).not.toContain("dell'altro ente");
    // The service name sits inside the JSON data cell, quoted.
    expect(csv).toContain('""name"":""Servizio =HYPERLINK(\\""x\\"")""');
    // A cell that would start a formula is neutralised.
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("-1+2")).toBe("'-1+2");
    expect(csvCell("a,b")).toBe('"a,b"');
  });

  it("is for this ente's admins only, and stays append-only", async () => {
    await expect(listAudit(operatorCtx(tdb.db, w.ente, w.operator))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listAudit(citizenCtx(tdb.db, w.ente, w.citizen))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(exportAuditCsv(adminCtx(tdb.db, w.ente, w.otherAdmin))).rejects.toBeInstanceOf(ForbiddenError);
    expect((await listAudit(adminCtx(tdb.db, w.other, w.otherAdmin))).rows.map((r) => r.action)).toEqual(["service.create"]);
    const err = await tdb.db.execute(sql`update ${auditLog} set action = 'x'`).catch((e: unknown) => e);
    expect(errorText(err)).toMatch(/append-only/);
  });
});
