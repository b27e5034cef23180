import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, deliveryAttempts, enti, outbox, partnerServices, partners, type Service } from "@/db/schema";
import { contrastRatio } from "@/lib/admin/colors";
import { createPartnerAdmin, listPartnerDeliveries, listPartners, rotatePartnerSecret, updatePartnerAdmin } from "@/lib/admin/partners";
import { isSafeSvg, removeEnteLogo, updateEnteSettings, uploadEnteLogo } from "@/lib/admin/settings";
import { verifyPassword } from "@/lib/auth/password";
import { toFailure } from "@/lib/edge/failure";
import { BadRequestError, ForbiddenError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from "@/lib/errors";
import { getStorage } from "@/lib/storage";
import { transition } from "@/lib/workflow/transition";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, citizenCtx, createAdminWorld, createService, createStaff, operatorCtx, submittedPratica, type AdminWorld } from "./helpers/fixtures";

let tdb: TestDatabase;
let w: AdminWorld;
let service2: Service;

beforeAll(async () => {
  tdb = await createTestDatabase();
  w = await createAdminWorld(tdb.db);
  service2 = await createService(tdb.db, w.ente);
});
afterAll(async () => tdb?.close());

const ctx = () => adminCtx(tdb.db, w.ente, w.admin);
const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

describe("partners", () => {
  it("create returns the secret once and stores only its hash; rotate replaces it", async () => {
    const slug = `protocollo-${w.ente.slug}`;
    const { partner, secret, webhookSecret } = await createPartnerAdmin(ctx(), { name: "Protocollo", slug, serviceIds: [w.service.id], webhookUrl: "https://example.org/hook", webhookEvents: ["pratica.submit", "pratica.accept"] });
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(partner)).not.toContain(secret);
    expect(JSON.stringify(partner)).not.toContain(webhookSecret);
    const [row] = await tdb.db.select().from(partners).where(eq(partners.id, partner.id));
    expect(row?.secretHash).not.toContain(secret);
    expect(await verifyPassword(secret, row?.secretHash)).toBe(true);
    const rotated = await rotatePartnerSecret(ctx(), partner.id);
    const [after] = await tdb.db.select().from(partners).where(eq(partners.id, partner.id));
    expect(await verifyPassword(secret, after?.secretHash)).toBe(false);
    expect(await verifyPassword(rotated, after?.secretHash)).toBe(true);
    const actions = (await tdb.db.select().from(auditLog).where(eq(auditLog.targetId, partner.id))).map((a) => a.action);
    expect(actions).toEqual(["partner.create", "partner.rotate_secret"]);
    expect(JSON.stringify(await tdb.db.select().from(auditLog).where(eq(auditLog.targetId, partner.id)))).not.toContain(rotated);
  });

  it("scopes to services (with per-service switch-off), validates webhook URL and events", async () => {
    const { partner } = await createPartnerAdmin(ctx(), { name: "Gestionale", slug: `gest-${w.ente.slug}`, serviceIds: [w.service.id] });
    const updated = await updatePartnerAdmin(ctx(), partner.id, { name: "Gestionale 2", serviceIds: [w.service.id, service2.id], disabledServiceIds: [w.service.id], webhookUrl: "http://127.0.0.1:9/x", webhookEvents: [] });
    expect(updated.services).toEqual([{ serviceId: w.service.id, disabled: true }, { serviceId: service2.id, disabled: false }]);
    const scopes = await tdb.db.select().from(partnerServices).where(eq(partnerServices.partnerId, partner.id));
    expect(scopes.find((s) => s.serviceId === w.service.id)?.disabledAt).toBeInstanceOf(Date);
    await expect(updatePartnerAdmin(ctx(), partner.id, { name: "G", serviceIds: [] })).rejects.toBeInstanceOf(ValidationError);
    await expect(updatePartnerAdmin(ctx(), partner.id, { name: "Gestionale", webhookUrl: "ftp://x.example/a" })).rejects.toBeInstanceOf(ValidationError);
    await expect(updatePartnerAdmin(ctx(), partner.id, { name: "Gestionale", webhookEvents: ["pratica.everything"] })).rejects.toBeInstanceOf(ValidationError);
    await expect(updatePartnerAdmin(ctx(), partner.id, { name: "Gestionale", serviceIds: [w.otherService.id] })).rejects.toBeInstanceOf(BadRequestError);
    await expect(createPartnerAdmin(ctx(), { name: "Doppio", slug: `gest-${w.ente.slug}` })).rejects.toBeInstanceOf(ValidationError);
  });

  it("the delivery log shows the partner's webhook rows and their attempts only", async () => {
    const { partner } = await createPartnerAdmin(ctx(), { name: "Hook", slug: `hook-${w.ente.slug}`, serviceIds: [service2.id], webhookUrl: "https://example.org/h" });
    const p = await submittedPratica(tdb.db, w.ente, service2, w.citizen);
    const op2 = await createStaff(tdb.db, w.ente, "operator", [service2.id]);
    await transition(operatorCtx(tdb.db, w.ente, op2), p.id, "assign");
    const log = await listPartnerDeliveries(ctx(), partner.id);
    expect(log.map((d) => d.kind).sort()).toEqual(["pratica.assign", "pratica.submit"]);
    expect(log.every((d) => d.log[0]?.status === "queued")).toBe(true);
    const [one] = log;
    if (!one) throw new Error("no delivery");
    await tdb.db.insert(deliveryAttempts).values({ outboxId: one.id, enteId: w.ente.id, status: "failed", detail: "HTTP 500" });
    expect((await listPartnerDeliveries(ctx(), partner.id)).find((d) => d.id === one.id)?.log.map((l) => l.status)).toEqual(["queued", "failed"]);
    const [row] = await tdb.db.select().from(outbox).where(eq(outbox.id, one.id));
    expect(row?.payload.partnerId).toBe(partner.id);
  });

  it("operators, citizens and other entes' admins cannot see or touch partners", async () => {
    const [p] = await listPartners(ctx());
    if (!p) throw new Error("no partner");
    await expect(listPartners(operatorCtx(tdb.db, w.ente, w.operator))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(rotatePartnerSecret(citizenCtx(tdb.db, w.ente, w.citizen), p.id)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(rotatePartnerSecret(adminCtx(tdb.db, w.other, w.otherAdmin), p.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updatePartnerAdmin(adminCtx(tdb.db, w.other, w.otherAdmin), p.id, { name: "Preso" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(listPartnerDeliveries(adminCtx(tdb.db, w.other, w.otherAdmin), p.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(rotatePartnerSecret(adminCtx(tdb.db, w.ente, w.otherAdmin), p.id)).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("settings", () => {
  const base = { name: "Comune di Prova", primaryColor: "#0066CC", languages: ["it", "en"], defaultLanguage: "it", quietHoursStart: "21:00", quietHoursEnd: "07:30", holidays: "2026-12-25\n2026-01-01, 2026-12-25", reminderDays: "5", publicMetrics: "on", email: "info@prova.example", website: "" };

  it("saves name, colour, contacts, languages, quiet hours and holidays, audited with the old values", async () => {
    const e = await updateEnteSettings(ctx(), base);
    expect(e).toMatchObject({ name: "Comune di Prova", primaryColor: "#0066cc", quietHoursStart: "21:00", quietHoursEnd: "07:30", holidays: ["2026-01-01", "2026-12-25"], reminderDays: 5, email: "info@prova.example", website: null });
    const [a] = await tdb.db.select().from(auditLog).where(and(eq(auditLog.targetId, w.ente.id), eq(auditLog.action, "ente.update")));
    expect(a?.data.changed).toEqual(expect.arrayContaining(["name", "quietHoursStart", "holidays", "reminderDays", "email"]));
    expect((a?.data.before as Record<string, unknown>).name).toBe(w.ente.name);
  });

  it("refuses a primary colour without 4.5:1 contrast on white text, and other bad input", async () => {
    expect(contrastRatio("#0066cc", "#ffffff")).toBeGreaterThan(4.5);
    const err = await updateEnteSettings(ctx(), { ...base, primaryColor: "#66ccff" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).fieldErrors[0]).toMatchObject({ path: "primaryColor" });
    expect((err as ValidationError).fieldErrors[0]?.message).toMatch(/4\.5:1/);
    // A code with its ratio, so an English admin reads it in English.
    expect((err as ValidationError).fieldErrors[0]).toMatchObject({ code: "field.contrast", params: { ratio: "1.80" } });
    expect(toFailure(err, "en").failure.fieldErrors.primaryColor).toBe("Contrast with white text 1.80:1, at least 4.5:1 is needed (WCAG AA): choose a darker colour");
    for (const bad of [{ primaryColor: "blue" }, { quietHoursStart: "25:00" }, { holidays: "2026-02-30" }, { languages: ["en"], defaultLanguage: "it" }, { email: "nope" }, { reminderDays: "0" }]) {
      await expect(updateEnteSettings(ctx(), { ...base, ...bad })).rejects.toBeInstanceOf(ValidationError);
    }
    const [row] = await tdb.db.select().from(enti).where(eq(enti.id, w.ente.id));
    expect(row?.primaryColor).toBe("#0066cc");
  });

  it("logo: PNG and safe SVG accepted (type from the bytes), everything else refused", async () => {
    const e = await uploadEnteLogo(ctx(), PNG);
    expect(e.logoMimeType).toBe("image/png");
    expect(e.logoUrl).toMatch(new RegExp(`^/${w.ente.slug}/logo\\?v=[0-9a-f]{12}$`));
    const bytes = await (await getStorage()).get(e.logoStorageKey ?? "");
    expect(bytes.equals(PNG)).toBe(true);
    const svg = Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#06c"/></svg>');
    expect((await uploadEnteLogo(ctx(), svg)).logoMimeType).toBe("image/svg+xml");
    expect(isSafeSvg(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBe(false);
    expect(isSafeSvg(Buffer.from('<svg onload="alert(1)"></svg>'))).toBe(false);
    expect(isSafeSvg(Buffer.from('<svg><a href="javascript:alert(1)"><rect/></a></svg>'))).toBe(false);
    await expect(uploadEnteLogo(ctx(), Buffer.from('<svg onload="alert(1)"></svg>'))).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    await expect(uploadEnteLogo(ctx(), Buffer.from("%PDF-1.4 not an image"))).rejects.toBeInstanceOf(UnsupportedMediaTypeError);
    await expect(uploadEnteLogo(ctx(), Buffer.concat([PNG, Buffer.alloc(600 * 1024)]))).rejects.toBeInstanceOf(PayloadTooLargeError);
    const removed = await removeEnteLogo(ctx());
    expect(removed.logoUrl).toBeNull();
    const actions = (await tdb.db.select().from(auditLog).where(eq(auditLog.targetId, w.ente.id))).map((a) => a.action).filter((a) => a.startsWith("ente.logo"));
    expect(actions).toEqual(["ente.logo", "ente.logo", "ente.logo_remove"]);
  });

  it("only this ente's admins change its settings", async () => {
    await expect(updateEnteSettings(operatorCtx(tdb.db, w.ente, w.operator), base)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateEnteSettings(citizenCtx(tdb.db, w.ente, w.citizen), base)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateEnteSettings(adminCtx(tdb.db, w.ente, w.otherAdmin), base)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(uploadEnteLogo(adminCtx(tdb.db, w.ente, w.otherAdmin), PNG)).rejects.toBeInstanceOf(ForbiddenError);
    // The other ente's admin edits their own ente only.
    await updateEnteSettings(adminCtx(tdb.db, w.other, w.otherAdmin), { ...base, name: "Altro Comune" });
    const [mine] = await tdb.db.select().from(enti).where(eq(enti.id, w.ente.id));
    expect(mine?.name).toBe("Comune di Prova");
  });
});
