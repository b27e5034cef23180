import { and, eq } from "drizzle-orm";
import { ZodError } from "zod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { feedbackRatings, loginThrottle, type Ente, type Service, type User } from "@/db/schema";
import { toFailure } from "@/lib/edge/failure";
import { ForbiddenError, NotFoundError, RateLimitedError } from "@/lib/errors";
import { FEEDBACK_ADDRESS_POLICY, feedbackClientKey, submitFeedback } from "@/lib/feedback/submit";
import { backPath, encodeFlash, feedbackOutcome, readFlash } from "@/lib/feedback/flash";
import { getFeedbackReport, lastWeeks } from "@/lib/feedback/report";
import { feedbackTexts } from "@/lib/i18n/feedback";
import { createTestDatabase, errorText, type TestDatabase } from "./helpers/db";
import { adminCtx, createEnte, createService, createStaff, operatorCtx } from "./helpers/fixtures";

let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let svc: Service;
let hidden: Service;
let otherSvc: Service;
let admin: User;
let otherAdmin: User;
const SECRET = "a-test-secret-a-test-secret-a-test-secret";
const opts = { lang: "it" as const, clientKey: null };

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db);
  other = await createEnte(tdb.db);
  svc = await createService(tdb.db, ente, { name: "Mensa scolastica" });
  hidden = await createService(tdb.db, ente, { name: "Servizio interno", status: "private" });
  otherSvc = await createService(tdb.db, other, { name: "Servizio dell'altro ente" });
  admin = await createStaff(tdb.db, ente, "admin");
  otherAdmin = await createStaff(tdb.db, other, "admin");
});
afterAll(async () => tdb?.close());

/** The outcome key the route would put in its cookie for what `fn` throws. */
async function outcomeOf(fn: () => Promise<unknown>) {
  try {
    await fn();
  } catch (err) {
    return feedbackOutcome(toFailure(err, "it").failure);
  }
  throw new Error("expected a refusal");
}

describe("the validator's texts", () => {
  it("are the exact Italian sentences of Modello Comuni, and English is complete", () => {
    const it_ = feedbackTexts.it;
    expect(it_.title).toBe("Quanto sono chiare le informazioni su questa pagina?");
    expect(it_.positiveQuestion).toBe("Quali sono stati gli aspetti che hai preferito?");
    expect(it_.negativeQuestion).toBe("Dove hai incontrato le maggiori difficoltà?");
    expect(Object.values(it_.positive)).toEqual(["Le indicazioni erano chiare", "Le indicazioni erano complete", "Capivo sempre che stavo procedendo correttamente", "Non ho avuto problemi tecnici", "Altro"]);
    expect(Object.values(it_.negative)).toEqual(["A volte le indicazioni non erano chiare", "A volte le indicazioni non erano complete", "A volte non capivo se stavo procedendo correttamente", "Ho avuto problemi tecnici", "Altro"]);
    expect(Object.keys(feedbackTexts.en.positive)).toEqual(Object.keys(it_.positive));
    expect(Object.keys(feedbackTexts.en.negative)).toEqual(Object.keys(it_.negative));
  });
});

describe("submitFeedback", () => {
  it("stores a rating with the answer code of its own question, the comment and the language; nothing about the citizen", async () => {
    const { id } = await submitFeedback(
      tdb.db,
      ente,
      { page: `service:${svc.slug}`, rating: "5", answerPositive: "on_track", answerNegative: "tech_issues", comment: "  Tutto chiaro,\r\ngrazie  " },
      { lang: "en", clientKey: null },
    );
    const [row] = await tdb.db.select().from(feedbackRatings).where(eq(feedbackRatings.id, id));
    expect(row).toMatchObject({ enteId: ente.id, page: `service:${svc.slug}`, serviceId: svc.id, rating: 5, answer: "on_track", comment: "Tutto chiaro,\ngrazie", lang: "en" });
    expect(Object.keys(row ?? {}).sort()).toEqual(["answer", "comment", "createdAt", "enteId", "id", "lang", "page", "rating", "serviceId"]);

    const low = await submitFeedback(tdb.db, ente, { page: `flow-end:${svc.slug}`, rating: "2", answerPositive: "clear", answerNegative: "lost" }, opts);
    const [lowRow] = await tdb.db.select().from(feedbackRatings).where(eq(feedbackRatings.id, low.id));
    expect(lowRow).toMatchObject({ rating: 2, answer: "lost", comment: null, lang: "it", page: `flow-end:${svc.slug}` });
    // Only stars: no follow-up answer is fine.
    const bare = await submitFeedback(tdb.db, ente, { page: `service:${svc.slug}`, rating: "3" }, opts);
    expect((await tdb.db.select().from(feedbackRatings).where(eq(feedbackRatings.id, bare.id)))[0]?.answer).toBeNull();
  });

  it("refuses bad input with codes the component names: stars, answer, text length", async () => {
    const page = `service:${svc.slug}`;
    expect(await outcomeOf(() => submitFeedback(tdb.db, ente, { page }, opts))).toBe("rating");
    expect(await outcomeOf(() => submitFeedback(tdb.db, ente, { page, rating: "6" }, opts))).toBe("rating");
    expect(await outcomeOf(() => submitFeedback(tdb.db, ente, { page, rating: "0" }, opts))).toBe("rating");
    expect(await outcomeOf(() => submitFeedback(tdb.db, ente, { page, rating: "4", answerPositive: "Le indicazioni erano chiare" }, opts))).toBe("answer");
    expect(await outcomeOf(() => submitFeedback(tdb.db, ente, { page, rating: "4", comment: "x".repeat(501) }, opts))).toBe("too_long");
    // 500 characters with new lines sent as CRLF are still 500.
    await submitFeedback(tdb.db, ente, { page, rating: "4", comment: `${"x".repeat(249)}\r\n${"y".repeat(250)}` }, opts);
    expect(await outcomeOf(() => submitFeedback(tdb.db, ente, { page, rating: "4", comment: "a\u0000b" }, opts))).toBe("too_long");
    await expect(submitFeedback(tdb.db, ente, { page, rating: "x" }, opts)).rejects.toBeInstanceOf(ZodError);
  });

  it("rates only pages of this ente's services (public ones for the service sheet)", async () => {
    const refusal = (page: string) => submitFeedback(tdb.db, ente, { page, rating: "4" }, opts);
    await expect(refusal(`service:${otherSvc.slug}`)).rejects.toBeInstanceOf(NotFoundError);
    await expect(refusal("service:non-esiste")).rejects.toBeInstanceOf(NotFoundError);
    await expect(refusal(`service:${hidden.slug}`)).rejects.toBeInstanceOf(NotFoundError);
    await expect(refusal("home:/")).rejects.toBeInstanceOf(ZodError);
    await expect(refusal(`altro:${svc.slug}`)).rejects.toBeInstanceOf(ZodError);
    expect(await outcomeOf(() => refusal("service:non-esiste"))).toBe("generic");
    // The end of a request on a service no longer public can still be rated by its citizen.
    await expect(refusal(`flow-end:${hidden.slug}`)).resolves.toHaveProperty("id");
  });

  it("the database refuses an answer of the other question and out-of-range stars", async () => {
    const base = { enteId: ente.id, page: `service:${svc.slug}`, serviceId: svc.id };
    await expect(tdb.db.insert(feedbackRatings).values({ ...base, rating: 5, answer: "tech_issues" })).rejects.toSatisfy((e: unknown) => /feedback_ratings_answer_check/.test(errorText(e)));
    await expect(tdb.db.insert(feedbackRatings).values({ ...base, rating: 2, answer: "clear" })).rejects.toSatisfy((e: unknown) => /feedback_ratings_answer_check/.test(errorText(e)));
    await expect(tdb.db.insert(feedbackRatings).values({ ...base, rating: 7 })).rejects.toSatisfy((e: unknown) => /feedback_ratings_rating_check/.test(errorText(e)));
    await expect(tdb.db.insert(feedbackRatings).values({ ...base, rating: 4, comment: "x".repeat(501) })).rejects.toSatisfy((e: unknown) => /feedback_ratings_comment_check/.test(errorText(e)));
  });
});

describe("anti-abuse", () => {
  it("slows down one client address after a few ratings, without storing the address", async () => {
    const e = await createEnte(tdb.db);
    const s = await createService(tdb.db, e);
    const now = new Date("2026-11-10T10:00:00Z");
    const key = feedbackClientKey(SECRET, e.id, "203.0.113.7");
    expect(key).not.toContain("203.0.113.7");
    expect(feedbackClientKey(SECRET, e.id, "203.0.113.7")).toBe(key);
    expect(feedbackClientKey(SECRET, e.id, "203.0.113.8")).not.toBe(key);
    const send = (clientKey: string, at = now) => submitFeedback(tdb.db, e, { page: `service:${s.slug}`, rating: "4" }, { lang: "it", clientKey, now: at });
    for (let i = 0; i < FEEDBACK_ADDRESS_POLICY.freeAttempts - 1; i++) await send(key);
    // The last free one starts the first delay.
    await send(key);
    const refused = await send(key).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterSeconds).toBe(2);
    expect(await outcomeOf(() => send(key))).toBe("too_many");
    // Another address is not affected; once the delay is over, the first may rate again.
    await send(feedbackClientKey(SECRET, e.id, "203.0.113.8"));
    await send(key, new Date(now.getTime() + 3_000));
    const rows = await tdb.db.select().from(feedbackRatings).where(eq(feedbackRatings.enteId, e.id));
    expect(rows).toHaveLength(FEEDBACK_ADDRESS_POLICY.freeAttempts + 2);
    const throttle = await tdb.db.select().from(loginThrottle);
    expect(JSON.stringify(throttle)).not.toContain("203.0.113");
  });

  it("caps the ratings an ente receives in an hour, even when the address is unknown", async () => {
    const e = await createEnte(tdb.db);
    const s = await createService(tdb.db, e);
    const now = new Date("2026-11-10T10:00:00Z");
    const send = (at: Date) => submitFeedback(tdb.db, e, { page: `service:${s.slug}`, rating: "1" }, { lang: "it", clientKey: null, now: at, perEnteHourly: 3 });
    await send(new Date(now.getTime() - 50 * 60_000));
    await send(new Date(now.getTime() - 10 * 60_000));
    await send(now);
    const refused = await send(now).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(RateLimitedError);
    // The oldest of the hour leaves the window in ten minutes.
    expect((refused as RateLimitedError).retryAfterSeconds).toBe(600);
    await expect(send(new Date(now.getTime() + 601_000))).resolves.toHaveProperty("id");
    // Other entes are not affected.
    const fresh = await createEnte(tdb.db);
    const freshSvc = await createService(tdb.db, fresh);
    await expect(submitFeedback(tdb.db, fresh, { page: `service:${freshSvc.slug}`, rating: "1" }, { lang: "it", clientKey: null, now, perEnteHourly: 3 })).resolves.toHaveProperty("id");
  });
});

describe("the report for admins", () => {
  it("sums up counts, averages, stars, answers, pages, weekly trend and comments; filters by service", async () => {
    const e = await createEnte(tdb.db);
    const a = await createService(tdb.db, e, { name: "Alfa" });
    const b = await createService(tdb.db, e, { name: "Beta" });
    const boss = await createStaff(tdb.db, e, "admin");
    const now = new Date("2026-11-04T12:00:00Z"); // a Wednesday
    const at = (iso: string) => new Date(iso);
    const rows: [Service, string, number, string | null, string | null, Date][] = [
      [a, "service", 5, "clear", "Ottimo", at("2026-11-03T09:00:00Z")],
      [a, "service", 4, "clear", null, at("2026-11-01T23:30:00Z")], // Monday 2 November, 00:30 in Rome: this week
      [a, "flow-end", 2, "lost", "Non capivo", at("2026-10-27T10:00:00Z")], // the week after the change to winter time
      [b, "service", 1, "tech_issues", null, at("2026-10-25T10:00:00Z")], // Sunday: the week of 19 October
      [b, "service", 3, null, null, at("2026-06-01T10:00:00Z")], // older than twelve weeks
    ];
    for (const [s, kind, rating, answer, comment, createdAt] of rows) {
      await tdb.db.insert(feedbackRatings).values({ enteId: e.id, page: `${kind}:${s.slug}`, serviceId: s.id, rating, answer, comment, createdAt });
    }
    const r = await getFeedbackReport(adminCtx(tdb.db, e, boss), { now });
    expect(r.total).toEqual({ count: 5, average: 3, distribution: [1, 1, 1, 1, 1] });
    expect(r.last30).toEqual({ count: 4, average: 3, distribution: [1, 1, 0, 1, 1] });
    expect(r.positive).toEqual([
      { answer: "clear", count: 2 },
      { answer: "complete", count: 0 },
      { answer: "on_track", count: 0 },
      { answer: "no_tech_issues", count: 0 },
      { answer: "other", count: 0 },
    ]);
    expect(r.negative.find((x) => x.answer === "lost")?.count).toBe(1);
    expect(r.negative.find((x) => x.answer === "tech_issues")?.count).toBe(1);
    expect(r.byPage).toEqual([
      { page: `service:${a.slug}`, kind: "service", serviceId: a.id, serviceName: "Alfa", count: 2, average: 4.5, distribution: [0, 0, 0, 1, 1] },
      { page: `service:${b.slug}`, kind: "service", serviceId: b.id, serviceName: "Beta", count: 2, average: 2, distribution: [1, 0, 1, 0, 0] },
      { page: `flow-end:${a.slug}`, kind: "flow-end", serviceId: a.id, serviceName: "Alfa", count: 1, average: 2, distribution: [0, 1, 0, 0, 0] },
    ].sort((x, y) => y.count - x.count || x.page.localeCompare(y.page)));
    expect(r.trend).toHaveLength(12);
    expect(r.trend[0]?.week).toBe("2026-08-17");
    expect(r.trend.at(-1)).toEqual({ week: "2026-11-02", count: 2, average: 4.5 });
    expect(r.trend.at(-2)).toEqual({ week: "2026-10-26", count: 1, average: 2 });
    expect(r.trend.at(-3)).toEqual({ week: "2026-10-19", count: 1, average: 1 });
    expect(r.trend.reduce((n, w) => n + w.count, 0)).toBe(4);
    expect(r.trend.slice(0, -3).every((w) => w.count === 0 && w.average === null)).toBe(true);
    expect(r.comments.map((c) => c.comment)).toEqual(["Ottimo", "Non capivo"]);
    expect(r.services.map((s) => s.name)).toEqual(["Alfa", "Beta"]);

    const onlyB = await getFeedbackReport(adminCtx(tdb.db, e, boss), { now, serviceId: b.id });
    expect(onlyB.total.count).toBe(2);
    expect(onlyB.byPage.map((p) => p.serviceName)).toEqual(["Beta"]);
    expect(onlyB.comments).toEqual([]);
  });

  it("lastWeeks gives Mondays in the ente's time zone", () => {
    // Sunday 1 November 2026, 23:30 in Rome is still the week of 26 October; 00:30 on Monday is the next one.
    expect(lastWeeks(new Date("2026-11-01T22:30:00Z"), "Europe/Rome", 2)).toEqual({ weeks: ["2026-10-19", "2026-10-26"], since: new Date("2026-10-18T22:00:00Z") });
    expect(lastWeeks(new Date("2026-11-01T23:30:00Z"), "Europe/Rome", 1)).toEqual({ weeks: ["2026-11-02"], since: new Date("2026-11-01T23:00:00Z") });
  });

  it("is for the ente's admins only, and shows nothing of another ente", async () => {
    await submitFeedback(tdb.db, other, { page: `service:${otherSvc.slug}`, rating: "1", comment: "Commento dell'altro ente" }, opts);
    const mine = await getFeedbackReport(adminCtx(tdb.db, ente, admin));
    expect(JSON.stringify(mine)).not.toContain("Commento dell'altro ente");
    expect(mine.byPage.every((p) => p.serviceId !== otherSvc.id)).toBe(true);
    expect(mine.services.map((s) => s.id)).not.toContain(otherSvc.id);
    // Asking for the other ente's service through this ente finds nothing.
    expect((await getFeedbackReport(adminCtx(tdb.db, ente, admin), { serviceId: otherSvc.id })).total.count).toBe(0);
    const theirs = await getFeedbackReport(adminCtx(tdb.db, other, otherAdmin));
    expect(theirs.total.count).toBe(1);
    expect(theirs.comments.map((c) => c.comment)).toEqual(["Commento dell'altro ente"]);
    // The other ente's admin, an operator and a citizen are refused.
    await expect(getFeedbackReport(adminCtx(tdb.db, ente, otherAdmin))).rejects.toBeInstanceOf(ForbiddenError);
    const op = await createStaff(tdb.db, ente, "operator", [svc.id]);
    await expect(getFeedbackReport(operatorCtx(tdb.db, ente, op))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getFeedbackReport({ db: tdb.db, ente, actor: { kind: "citizen", userId: op.id } })).rejects.toBeInstanceOf(ForbiddenError);
    const count = await tdb.db.select().from(feedbackRatings).where(and(eq(feedbackRatings.enteId, other.id)));
    expect(count).toHaveLength(1);
  });
});

describe("the way back after posting", () => {
  it("the cookie names an outcome for one page only", () => {
    expect(readFlash(encodeFlash("ok", "service:mensa"), "service:mensa")).toBe("ok");
    expect(readFlash(encodeFlash("rating", "service:mensa"), "service:mensa")).toBe("rating");
    expect(readFlash(encodeFlash("ok", "service:mensa"), "flow-end:mensa")).toBeNull();
    expect(readFlash("<script>~service:mensa", "service:mensa")).toBeNull();
    expect(readFlash("ok~service:mensa~x", "service:mensa")).toBeNull();
    expect(readFlash(undefined, "service:mensa")).toBeNull();
  });

  it("goes back only to a path of the same ente", () => {
    expect(backPath("bugliano", "/bugliano/servizi/mensa")).toBe("/bugliano/servizi/mensa");
    expect(backPath("bugliano", "/bugliano/area-personale/pratiche/0b7c2b0e-6a43-4f7e-9d6c-1a2b3c4d5e6f")).toBe("/bugliano/area-personale/pratiche/0b7c2b0e-6a43-4f7e-9d6c-1a2b3c4d5e6f");
    for (const bad of ["//evil.example/x", "https://evil.example/", "/altro-ente/servizi", "/bugliano/../x", "/bugliano/servizi?x=1", "/buglianox/servizi", "/bugliano\\x", 42, undefined]) {
      expect(backPath("bugliano", bad)).toBe("/bugliano");
    }
  });
});
