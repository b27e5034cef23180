import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceFees, type Ente, type User } from "@/db/schema";
import { parseDemoRef } from "@/lib/payments/demo-ref";
import { formatDueDay } from "@/lib/payments/due-day";
import { dueForDraft } from "@/lib/portal/draft-due";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { citizenCtx, createCitizen, createEnte, createService } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let citizen: User;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
  other = await createEnte(tdb.db);
  citizen = await createCitizen(tdb.db);
});
afterAll(async () => tdb?.close());

const ctx = () => citizenCtx(tdb.db, ente, citizen);

describe("what the summary says is due (dueForDraft)", () => {
  it("nothing for a service without active fees, or whose fees come to zero: the plain submission", async () => {
    const free = await createService(tdb.db, ente);
    expect(await dueForDraft(ctx(), { serviceId: free.id, formData: {} })).toBeNull();
    const inactive = await createService(tdb.db, ente);
    await tdb.db.insert(serviceFees).values({ enteId: ente.id, serviceId: inactive.id, position: 1, kind: "fixed", causale: "Diritti", amountCents: 3000, active: false });
    expect(await dueForDraft(ctx(), { serviceId: inactive.id, formData: {} })).toBeNull();
    const zero = await createService(tdb.db, ente);
    await tdb.db.insert(serviceFees).values({ enteId: ente.id, serviceId: zero.id, position: 1, kind: "formula", causale: "Canone", expression: "giorni * 0" });
    expect(await dueForDraft(ctx(), { serviceId: zero.id, formData: { giorni: 3 } })).toBeNull();
  });

  it("each active fee in order with its amount from the answers, and the total", async () => {
    const s = await createService(tdb.db, ente);
    await tdb.db.insert(serviceFees).values([
      { enteId: ente.id, serviceId: s.id, position: 2, kind: "formula", causale: "Canone", expression: "superficie * giorni * 0,50" },
      { enteId: ente.id, serviceId: s.id, position: 1, kind: "stamp_duty", causale: "Bollo", amountCents: 1600 },
    ]);
    const due = await dueForDraft(ctx(), { serviceId: s.id, formData: { superficie: 20, giorni: 2 } });
    expect(due).toMatchObject({ ok: true, totalCents: 3600, lines: [{ causale: "Bollo", amountCents: 1600 }, { causale: "Canone", amountCents: 2000 }] });
  });

  it("names the fee that cannot be computed yet instead of guessing", async () => {
    const s = await createService(tdb.db, ente);
    await tdb.db.insert(serviceFees).values({ enteId: ente.id, serviceId: s.id, position: 1, kind: "formula", causale: "Canone", expression: "giorni * 2" });
    expect(await dueForDraft(ctx(), { serviceId: s.id, formData: {} })).toMatchObject({ ok: false, causale: "Canone" });
  });

  it("reads only the ente's own fees: another ente's service is free here", async () => {
    const theirs = await createService(tdb.db, other);
    await tdb.db.insert(serviceFees).values({ enteId: other.id, serviceId: theirs.id, position: 1, kind: "fixed", causale: "Diritti", amountCents: 3000 });
    expect(await dueForDraft(ctx(), { serviceId: theirs.id, formData: {} })).toBeNull();
  });
});

describe("the demo checkout's reference and the due day", () => {
  it("takes a provider reference, encoded or not, and refuses anything else", () => {
    expect(parseDemoRef("0b1c2d3e-0000-4000-8000-000000000001")).toBe("0b1c2d3e-0000-4000-8000-000000000001");
    expect(parseDemoRef("pos%3A12")).toBe("pos:12");
    for (const bad of ["", "a/b", "%E0%A4%A", "..%2F..%2Fadmin", "x".repeat(121), "<script>", "a b"]) expect(parseDemoRef(bad), bad).toBeNull();
  });

  it("writes a due day as the calendar day it is, whatever the time zone", () => {
    expect(formatDueDay("2026-12-31", "it", "Europe/Rome")).toBe("31 dicembre 2026");
    expect(formatDueDay("2027-03-28", "en", "Europe/Rome")).toBe("28 March 2027");
    expect(formatDueDay("2026-01-01", "it", "Pacific/Kiritimati")).toBe("1 gennaio 2026");
    expect(formatDueDay("non una data", "it", "Europe/Rome")).toBe("non una data");
  });
});
