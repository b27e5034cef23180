import { and, eq, isNotNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pratiche, protocolEntries, type Ente, type Partner, type Service, type User } from "@/db/schema";
import { ConflictError } from "@/lib/errors";
import { recordProtocolAnswers } from "@/lib/protocol/answers";
import { registerBuiltin } from "@/lib/protocol/builtin";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createCitizen, createEnte, createPartner, createService, submittedPratica } from "./helpers/fixtures";

/**
 * The built-in registry (the worker) and a partner's answer on …/protocolli race for the same submission's
 * request: exactly one number is recorded for it, every time; the partner that lost is told so (409), or its
 * answer is a replay when it carried the very number already stored.
 */
const ROUNDS = 25;

let tdb: TestDatabase;
let ente: Ente;
let svc: Service;
let partner: Partner;
let citizen: User;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
  svc = await createService(tdb.db, ente, { protocolRequired: true });
  partner = await createPartner(tdb.db, ente, [svc.id]);
  citizen = await createCitizen(tdb.db);
});
afterAll(async () => {
  await tdb?.close();
});

async function pendingRequest(praticaId: string): Promise<string> {
  const [request] = await tdb.db
    .select({ id: protocolEntries.id })
    .from(protocolEntries)
    .where(and(eq(protocolEntries.praticaId, praticaId), eq(protocolEntries.status, "requested")));
  if (!request) throw new Error("no protocol request");
  return request.id;
}

describe(`partner answer vs built-in registry (${ROUNDS} rounds, ${process.env.DATABASE_URL ? "PostgreSQL" : "PGlite"})`, () => {
  it("numbers each request exactly once; the loser gets 409", async () => {
    const outcomes = { builtin: 0, partner: 0 };
    for (let i = 0; i < ROUNDS; i++) {
      const p = await submittedPratica(tdb.db, ente, svc, citizen);
      const requestId = await pendingRequest(p.id);
      const partnerCtx = { db: tdb.db, ente, actor: { kind: "partner" as const, partnerId: partner.id } };
      // Alternate who starts first, and whether the partner names the request.
      const record = i % 2 === 0 ? { numero: `EXT/${i}` } : { idRichiesta: requestId, numeroProtocollo: `EXT/${i}` };
      const builtin = () => registerBuiltin(tdb.db, requestId);
      const answer = () => recordProtocolAnswers(partnerCtx, p.id, [record]);
      let builtinRun: ReturnType<typeof builtin>;
      let answerRun: ReturnType<typeof answer>;
      if (i % 3 === 0) {
        builtinRun = builtin();
        answerRun = answer();
      } else {
        answerRun = answer();
        builtinRun = builtin();
      }
      const [builtinResult, partnerResult] = await Promise.allSettled([builtinRun, answerRun]);
      expect(builtinResult.status).toBe("fulfilled");

      const answers = await tdb.db
        .select()
        .from(protocolEntries)
        .where(and(eq(protocolEntries.praticaId, p.id), eq(protocolEntries.status, "registered")));
      expect(answers, `round ${i}`).toHaveLength(1);
      expect(answers[0]?.requestId).toBe(requestId);
      const [row] = await tdb.db.select({ status: pratiche.status }).from(pratiche).where(eq(pratiche.id, p.id));
      expect(row?.status).toBe(3000);
      if (answers[0]?.source === "partner") {
        outcomes.partner++;
        expect(partnerResult.status).toBe("fulfilled");
        expect(answers[0].number).toBe(`EXT/${i}`);
      } else {
        outcomes.builtin++;
        expect(partnerResult.status).toBe("rejected");
        if (partnerResult.status === "rejected") expect(partnerResult.reason).toBeInstanceOf(ConflictError);
      }
      // No partner record with a number was kept beside the winner.
      const numbered = await tdb.db.select().from(protocolEntries).where(and(eq(protocolEntries.praticaId, p.id), isNotNull(protocolEntries.number)));
      expect(numbered).toHaveLength(1);
    }
    console.info("race winners", outcomes);
    expect(outcomes.builtin + outcomes.partner).toBe(ROUNDS);
  }, 120_000);

  it("the partner posting the number already stored is answered with it, not refused", async () => {
    const p = await submittedPratica(tdb.db, ente, svc, citizen);
    const requestId = await pendingRequest(p.id);
    const entry = await registerBuiltin(tdb.db, requestId);
    const ctx = { db: tdb.db, ente, actor: { kind: "partner" as const, partnerId: partner.id } };
    const again = await recordProtocolAnswers(ctx, p.id, [{ numero: entry?.number }]);
    expect(again.entries.map((e) => e.id)).toEqual([entry?.id]);
    await expect(recordProtocolAnswers(ctx, p.id, [{ numero: "ALTRO/1" }])).rejects.toBeInstanceOf(ConflictError);
    expect(await tdb.db.select().from(protocolEntries).where(and(eq(protocolEntries.praticaId, p.id), isNotNull(protocolEntries.number)))).toHaveLength(1);
  });
});
