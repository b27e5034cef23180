import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, type Ente } from "@/db/schema";
import { profileDomicile } from "@/lib/channels/domicile";
import { ValidationError } from "@/lib/errors";
import { updateProfile } from "@/lib/profile/update";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { citizenCtx, createCitizen, createEnte } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;
beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
});
afterAll(async () => {
  await tdb?.close();
});

describe("the citizen's channels in the profile", () => {
  it("turns IO off and on, sets a digital domicile, clears it with an empty field, keeps both when not sent", async () => {
    const citizen = await createCitizen(tdb.db);
    expect(citizen.ioEnabled).toBe(true);
    expect(citizen.pecAddress).toBeNull();
    const ctx = citizenCtx(tdb.db, ente, citizen);
    const base = { email: citizen.email, language: "it", emailNotifications: true };
    const off = await updateProfile(ctx, { ...base, ioEnabled: false, pecAddress: "  Mario.Rossi@PEC.Example.it " });
    expect(off.ioEnabled).toBe(false);
    expect(off.pecAddress).toBe("mario.rossi@pec.example.it");
    expect(await profileDomicile.domicileOf(off)).toBe("mario.rossi@pec.example.it");
    const [audit] = await tdb.db.select().from(auditLog).where(eq(auditLog.targetId, citizen.id)).orderBy(desc(auditLog.createdAt)).limit(1);
    expect(audit?.data).toMatchObject({ ioEnabled: false, pecChanged: true });
    // The address itself stays out of the audit log.
    expect(JSON.stringify(audit?.data)).not.toContain("mario.rossi");
    const untouched = await updateProfile(ctx, base);
    expect(untouched.ioEnabled).toBe(false);
    expect(untouched.pecAddress).toBe("mario.rossi@pec.example.it");
    const cleared = await updateProfile(ctx, { ...base, ioEnabled: true, pecAddress: "" });
    expect(cleared.ioEnabled).toBe(true);
    expect(cleared.pecAddress).toBeNull();
    expect(await profileDomicile.domicileOf(cleared)).toBeNull();
  });

  it("refuses a malformed PEC address with the field's error code, and changes nothing", async () => {
    const citizen = await createCitizen(tdb.db, { pecAddress: "vecchia@pec.example.it" });
    const ctx = citizenCtx(tdb.db, ente, citizen);
    for (const bad of ["non-una-pec", "mario@", "@pec.it", `${"a".repeat(250)}@pec.it`]) {
      const err = await updateProfile(ctx, { email: citizen.email, language: "it", emailNotifications: true, ioEnabled: false, pecAddress: bad }).catch((e: unknown) => e);
      expect(err, bad).toBeInstanceOf(ValidationError);
      expect((err as ValidationError).fieldErrors.map((f) => [f.path, f.code]), bad).toEqual([["pecAddress", "field.pec"]]);
    }
    const still = await updateProfile(ctx, { email: citizen.email, language: "it", emailNotifications: true });
    expect(still.pecAddress).toBe("vecchia@pec.example.it");
    expect(still.ioEnabled).toBe(true);
  });
});
