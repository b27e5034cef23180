import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pratiche, type Ente, type Service, type User } from "@/db/schema";
import { countDashboardTabs, escapeLike, listDashboard } from "@/lib/backoffice/dashboard";
import { ForbiddenError } from "@/lib/errors";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, citizenCtx, createCitizen, createEnte, createService, createStaff, operatorCtx, praticaInStatus } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;
let svcA: Service;
let svcB: Service;
let op1: User;
let op2: User;
let admin: User;
let mario: User;
let anna: User;
const ids: Record<string, string> = {};

beforeAll(async () => {
  tdb = await createTestDatabase();
  const db = tdb.db;
  ente = await createEnte(db);
  svcA = await createService(db, ente, { name: "Accesso agli atti", allowWithdraw: true });
  svcB = await createService(db, ente, { name: "Bonus idrico" });
  op1 = await createStaff(db, ente, "operator", [svcA.id, svcB.id]);
  op2 = await createStaff(db, ente, "operator", [svcB.id]);
  admin = await createStaff(db, ente, "admin");
  mario = await createCitizen(db, { name: "Mario Rossi", givenName: "Mario", familyName: "Rossi", codiceFiscale: "RSSMRA80A01H501U" });
  anna = await createCitizen(db, { name: "Anna Zeta_100%", givenName: "Anna", familyName: "Zeta_100%", codiceFiscale: "ZTENNA90A41H501X" });
  const make = async (key: string, svc: Service, who: User, status: number, op = op1) => {
    ids[key] = (await praticaInStatus(db, ente, svc, who, op, admin, status)).id;
  };
  await make("draftA", svcA, mario, 1000);
  await make("submittedA", svcA, mario, 2000);
  await make("registeredB", svcB, anna, 3000);
  await make("pendingA", svcA, mario, 4000);
  await make("integrationB", svcB, anna, 4100);
  await make("pendingB_op2", svcB, mario, 4000, op2);
  await make("acceptedA", svcA, anna, 7000);
  await make("rejectedB", svcB, mario, 9000);
  await make("withdrawnA", svcA, anna, 20000);
});
afterAll(async () => tdb?.close());

const idsOf = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
const pick = (...keys: string[]) => keys.map((k) => ids[k] as string).sort();

describe("listDashboard tabs", () => {
  it("da gestire: assigned to me and not concluded", async () => {
    const page = await listDashboard(operatorCtx(tdb.db, ente, op1), { tab: "da-gestire" });
    expect(idsOf(page.rows)).toEqual(pick("pendingA", "integrationB"));
    expect(page.rows.every((r) => r.assignedToMe)).toBe(true);
  });

  it("da assegnare: submitted or registered, not yet taken", async () => {
    const page = await listDashboard(operatorCtx(tdb.db, ente, op1), { tab: "da-assegnare" });
    expect(idsOf(page.rows)).toEqual(pick("submittedA", "registeredB"));
  });

  it("concluse: accepted or rejected", async () => {
    const page = await listDashboard(operatorCtx(tdb.db, ente, op1), { tab: "concluse" });
    expect(idsOf(page.rows)).toEqual(pick("acceptedA", "rejectedB"));
  });

  it("tutte: everything of my services except drafts", async () => {
    const page = await listDashboard(operatorCtx(tdb.db, ente, op1), { tab: "tutte" });
    expect(idsOf(page.rows)).toEqual(pick("submittedA", "registeredB", "pendingA", "integrationB", "pendingB_op2", "acceptedA", "rejectedB", "withdrawnA"));
  });

  it("only the services the operator is enabled on", async () => {
    const page = await listDashboard(operatorCtx(tdb.db, ente, op2), { tab: "tutte" });
    expect(idsOf(page.rows)).toEqual(pick("registeredB", "integrationB", "pendingB_op2", "rejectedB"));
    const mine = await listDashboard(operatorCtx(tdb.db, ente, op2), { tab: "da-gestire" });
    expect(idsOf(mine.rows)).toEqual(pick("pendingB_op2"));
  });

  it("counts every tab", async () => {
    const counts = await countDashboardTabs(operatorCtx(tdb.db, ente, op1));
    expect(counts).toEqual({
      "da-gestire": { count: 2, capped: false },
      "da-assegnare": { count: 2, capped: false },
      concluse: { count: 2, capped: false },
      tutte: { count: 8, capped: false },
    });
  });
});

describe("search, sort and paging", () => {
  it("searches applicant name, codice fiscale and service, case-insensitively", async () => {
    const ctx = operatorCtx(tdb.db, ente, op1);
    expect(idsOf((await listDashboard(ctx, { tab: "tutte", q: "ROSSI" })).rows)).toEqual(pick("submittedA", "pendingA", "pendingB_op2", "rejectedB"));
    expect(idsOf((await listDashboard(ctx, { tab: "tutte", q: "zteNNA90" })).rows)).toEqual(pick("registeredB", "integrationB", "acceptedA", "withdrawnA"));
    expect(idsOf((await listDashboard(ctx, { tab: "concluse", q: "bonus" })).rows)).toEqual(pick("rejectedB"));
    expect((await countDashboardTabs(ctx, "rossi"))["tutte"]).toEqual({ count: 4, capped: false });
  });

  it("treats % and _ as plain characters", async () => {
    const ctx = operatorCtx(tdb.db, ente, op1);
    expect(escapeLike("a%b_c\\")).toBe("a\\%b\\_c\\\\");
    expect((await listDashboard(ctx, { tab: "tutte", q: "%" })).rows.length).toBe(4); // only Anna's name has a %
    expect((await listDashboard(ctx, { tab: "tutte", q: "zeta_1" })).rows.length).toBe(4);
    expect((await listDashboard(ctx, { tab: "tutte", q: "zeta_2" })).rows.length).toBe(0);
  });

  it("sorts by every column, both ways", async () => {
    const ctx = operatorCtx(tdb.db, ente, op1);
    // "Richiedente" sorts by surname: Rossi before Zeta, although Anna comes before Mario.
    const surname = (name: string) => name.split(" ").reverse().join(" ");
    const asc = (await listDashboard(ctx, { tab: "tutte", sort: "richiedente", dir: "asc" })).rows.map((r) => r.applicantName);
    expect(asc.map(surname)).toEqual(asc.map(surname).sort());
    expect(asc[0]).toBe("Mario Rossi");
    expect(asc.at(-1)).toBe("Anna Zeta_100%");
    const desc = (await listDashboard(ctx, { tab: "tutte", sort: "richiedente", dir: "desc" })).rows.map((r) => r.applicantName);
    expect(desc[0]).toBe("Anna Zeta_100%");
    const byService = (await listDashboard(ctx, { tab: "tutte", sort: "servizio", dir: "desc" })).rows.map((r) => r.subject);
    expect(byService[0]).toBe("Bonus idrico");
    expect(byService.at(-1)).toBe("Accesso agli atti");
    const byStatus = (await listDashboard(ctx, { tab: "tutte", sort: "stato", dir: "asc" })).rows.map((r) => r.status);
    expect(byStatus).toEqual([...byStatus].sort((a, b) => a - b));
    const bySubmitted = (await listDashboard(ctx, { tab: "tutte", sort: "inviata", dir: "asc" })).rows.map((r) => r.submittedAt?.getTime() ?? 0);
    expect(bySubmitted).toEqual([...bySubmitted].sort((a, b) => a - b));
    const byUpdated = (await listDashboard(ctx, { tab: "tutte", sort: "aggiornata", dir: "desc" })).rows.map((r) => r.updatedAt.getTime());
    expect(byUpdated).toEqual([...byUpdated].sort((a, b) => b - a));
  });

  it("pages without overlap or gaps", async () => {
    const ctx = operatorCtx(tdb.db, ente, op1);
    const all = (await listDashboard(ctx, { tab: "tutte", sort: "servizio", pageSize: 100 })).rows.map((r) => r.id);
    const pages: string[] = [];
    for (let page = 1; page <= 3; page++) pages.push(...(await listDashboard(ctx, { tab: "tutte", sort: "servizio", pageSize: 10, page })).rows.map((r) => r.id));
    expect(pages).toEqual(all);
  });

  it("falls back to defaults on nonsense input instead of failing", async () => {
    const page = await listDashboard(operatorCtx(tdb.db, ente, op1), { tab: "x", sort: "password_hash", dir: "sideways", page: "-3", pageSize: "100000", q: 42 });
    expect(page.query).toEqual({ tab: "da-gestire", q: "", sort: "inviata", dir: "desc", page: 1, pageSize: 25 });
  });

  it("copies the applicant's name onto the pratica", async () => {
    const [row] = await tdb.db.select({ n: pratiche.applicantName }).from(pratiche).where(eq(pratiche.id, ids.pendingA as string));
    expect(row?.n).toBe("Mario Rossi");
  });
});

describe("authorization", () => {
  it("refuses citizens and admins", async () => {
    await expect(listDashboard(citizenCtx(tdb.db, ente, mario), {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listDashboard(adminCtx(tdb.db, ente, admin), {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(countDashboardTabs(citizenCtx(tdb.db, ente, mario))).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("shows nothing of another ente, even to an operator of the same person", async () => {
    const other = await createEnte(tdb.db);
    // op1 acting in another ente has no services there.
    const page = await listDashboard(operatorCtx(tdb.db, other, op1), { tab: "tutte" });
    expect(page.rows).toEqual([]);
    expect((await countDashboardTabs(operatorCtx(tdb.db, other, op1)))["tutte"]).toEqual({ count: 0, capped: false });
  });
});
