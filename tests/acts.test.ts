import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import forge from "node-forge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { acts, attachments, auditLog, enteSeals, enti, protocolEntries, services, type Ente, type Service, type User } from "@/db/schema";
import { BUGLIANO_CREST_SVG } from "@/db/seed-crest";
import { crestForPdf } from "@/lib/acts/crest";
import { generateSelfSignedSeal, getSealInfo, inspectP12, installSeal, removeSealCertificate, saveSealCertificate } from "@/lib/acts/certificate";
import { updateEnteAppealText, updateServiceActFields } from "@/lib/acts/settings";
import { verifyDocument } from "@/lib/acts/verify";
import { ForbiddenError, NotFoundError, PayloadTooLargeError, ValidationError } from "@/lib/errors";
import { concludePratica } from "@/lib/pratiche/conclude";
import { renderModulo } from "@/lib/pratiche/modulo";
import { praticaNumber } from "@/lib/pratiche/number";
import { recordProtocolAnswers } from "@/lib/protocol/answers";
import { getStorage } from "@/lib/storage";
import { transition } from "@/lib/workflow/transition";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { adminCtx, createCitizen, createEnte, createPartner, createService, createStaff, operatorCtx, submittedPratica } from "./helpers/fixtures";
import { pdfText } from "./helpers/pdf-text";

process.env.AUTH_SECRET ??= "a".repeat(40);
process.env.DEMO_MODE ??= "false";

let tdb: TestDatabase;
let ente: Ente;
let other: Ente;
let service: Service;
let otherService: Service;
let citizen: User;
let operator: User;
let admin: User;
let otherAdmin: User;
let p12: Buffer;
const PASS = "sigillo-di-prova";

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db, { name: "Comune di Prova", codiceFiscale: "00112233445", pec: "protocollo@pec.prova.example", address: "Piazza Grande 1, Prova" });
  other = await createEnte(tdb.db);
  service = await createService(tdb.db, ente, { name: "Occupazione di suolo pubblico", responsibleOffice: "Ufficio Tributi", responsibleOfficer: "Dott.ssa Maria Bianchi" });
  otherService = await createService(tdb.db, other);
  citizen = await createCitizen(tdb.db, { name: "Mario Rossi" });
  operator = await createStaff(tdb.db, ente, "operator", [service.id]);
  admin = await createStaff(tdb.db, ente, "admin");
  otherAdmin = await createStaff(tdb.db, other, "admin");
  // Non-ASCII in the name, as a real ente's has ("Comune di Forlì — sigillo").
  p12 = generateSelfSignedSeal({ commonName: "Comune di Prova — sigillo", organization: "Comune di Forlì" }, PASS);
});
afterAll(async () => tdb.close());

async function decided(s: Service, outcome: "accepted" | "rejected", motivation = "Requisiti verificati in istruttoria") {
  const e = s.enteId === ente.id ? ente : other;
  const p = await submittedPratica(tdb.db, e, s, citizen);
  const reqs = await tdb.db.select().from(protocolEntries).where(and(eq(protocolEntries.praticaId, p.id), eq(protocolEntries.status, "requested")));
  // The inbound protocol, as the worker would register it.
  const { registerBuiltin } = await import("@/lib/protocol/builtin");
  for (const r of reqs) await registerBuiltin(tdb.db, r.id);
  const op = s.enteId === ente.id ? operator : await createStaff(tdb.db, other, "operator", [s.id]);
  await transition(operatorCtx(tdb.db, e, op), p.id, "assign");
  await concludePratica(operatorCtx(tdb.db, e, op), p.id, { outcome, motivation });
  const [act] = await tdb.db.select().from(acts).where(eq(acts.praticaId, p.id));
  const [file] = act ? await tdb.db.select().from(attachments).where(eq(attachments.id, act.attachmentId)) : [];
  const bytes = file ? await (await getStorage()).get(file.storageKey) : Buffer.alloc(0);
  return { pratica: p, act, file, bytes };
}

describe("the receipt (modulo)", () => {
  it("shows the applicant once when the form asks for it, and the account's data when it does not", async () => {
    const def = {
      pages: [
        { id: "richiedente", title: "Richiedente", items: [{ type: "text" as const, name: "nome", label: "Nome", required: true, prefill: "givenName" as const }] },
        { id: "dati", title: "Dati", items: [{ type: "text" as const, name: "oggetto", label: "Oggetto", required: true }] },
      ],
    };
    const p = await submittedPratica(tdb.db, ente, service, citizen);
    const withPage = pdfText(await renderModulo(ente, service, { ...p, formData: { nome: "Mario", oggetto: "x" } }, citizen, def, new Date("2026-03-04T10:00:00Z")));
    expect(withPage.match(/Richiedente/g)).toHaveLength(1);
    expect(withPage).toContain("2026");
    const without = pdfText(await renderModulo(ente, service, { ...p, formData: { oggetto: "x" } }, citizen, { pages: [def.pages[1]!] }, new Date("2026-03-04T10:00:00Z")));
    expect(without.match(/Richiedente/g)).toHaveLength(1);
    expect(without).toContain(citizen.email);
  });
});

describe("the outcome act", () => {
  it("carries its protocol number and date, the request reference, office, responsabile, decision, reasons and appeal clause", async () => {
    const { pratica, act, file, bytes } = await decided(service, "accepted");
    expect(act).toBeDefined();
    expect(act?.protocolNumber).toMatch(/^\d{4}\/\d{7}$/);
    expect(file).toMatchObject({ purpose: "response_document", kind: "generated", visibleToCitizen: true, mimeType: "application/pdf" });
    const [outbound] = await tdb.db.select().from(protocolEntries).where(and(eq(protocolEntries.praticaId, pratica.id), eq(protocolEntries.documentKind, "outcome"), eq(protocolEntries.status, "registered")));
    expect(outbound?.number).toBe(act?.protocolNumber);
    const [inbound] = await tdb.db.select().from(protocolEntries).where(and(eq(protocolEntries.praticaId, pratica.id), eq(protocolEntries.documentKind, "submission"), eq(protocolEntries.status, "registered")));
    const text = pdfText(bytes);
    if (process.env.DEBUG_ACT) console.log(text);
    const year = String(new Date().getFullYear());
    expect(text).toContain("Provvedimento di conclusione del procedimento");
    expect(text).toContain(`Protocollo n. ${act?.protocolNumber} del `);
    expect(text).toMatch(new RegExp(`del \\d{1,2} \\S+ ${year}`));
    expect(text).toContain("Comune di Prova");
    expect(text).toContain("00112233445");
    expect(text).toContain("Oggetto");
    expect(text).toContain(praticaNumber(pratica));
    expect(text).toContain(`n. ${inbound?.number}`);
    expect(text).toContain("Ufficio Tributi");
    expect(text).toContain("Dott.ssa Maria Bianchi");
    expect(text).toContain("ACCOGLIE");
    expect(text).toContain("Requisiti verificati in istruttoria");
    expect(text).toContain("Tribunale Amministrativo Regionale");
    expect(text).toContain("120 giorni");
    expect(text).toContain("Il responsabile del procedimento");
    expect(text).toContain("Pagina 1 di 1");
    expect(text).toContain(`/${ente.slug}/verifica`);
    expect(text).not.toMatch(/\b\d{2}\/\d{2}\/\d{2}\b(?!\d)/);
    expect(bytes.toString("latin1")).toContain("/Lang (it-IT)");
  });

  it("uses the service's own appeal clause, else the ente's default", async () => {
    await tdb.db.update(enti).set({ appealText: "Ricorso al TAR Toscana entro 60 giorni." }).where(eq(enti.id, ente.id));
    ente = { ...ente, appealText: "Ricorso al TAR Toscana entro 60 giorni." };
    const rejected = await decided(service, "rejected", "Mancano i requisiti");
    const text = pdfText(rejected.bytes);
    expect(text).toContain("NON ACCOGLIE");
    expect(text).toContain("Ricorso al TAR Toscana");
    const [own] = await tdb.db.update(services).set({ appealText: "Ricorso al Giudice di pace entro 30 giorni." }).where(eq(services.id, service.id)).returning();
    service = own ?? service;
    expect(pdfText((await decided(service, "accepted")).bytes)).toContain("Giudice di pace");
  });

  it("with an external registry, is issued when the registry answers with the number", async () => {
    const ext = await createService(tdb.db, ente, { protocolMode: "external" });
    const partner = await createPartner(tdb.db, ente, [ext.id], { isProtocolRegistry: true });
    const op = await createStaff(tdb.db, ente, "operator", [ext.id]);
    const p = await submittedPratica(tdb.db, ente, ext, citizen);
    const pctx = { db: tdb.db, ente, actor: { kind: "partner" as const, partnerId: partner.id } };
    await recordProtocolAnswers(pctx, p.id, [{ numero: "PG/2026/000100", data: "2026-05-04T09:00:00Z" }]);
    await transition(operatorCtx(tdb.db, ente, op), p.id, "assign");
    await concludePratica(operatorCtx(tdb.db, ente, op), p.id, { outcome: "accepted", motivation: "Conforme" });
    expect(await tdb.db.select().from(acts).where(eq(acts.praticaId, p.id))).toHaveLength(0);
    await recordProtocolAnswers(pctx, p.id, [{ numero: "PG/2026/000200", data: "2026-05-10T09:00:00Z" }]);
    const [act] = await tdb.db.select().from(acts).where(eq(acts.praticaId, p.id));
    expect(act?.protocolNumber).toBe("PG/2026/000200");
    const [file] = await tdb.db.select().from(attachments).where(eq(attachments.id, act?.attachmentId ?? ""));
    const text = pdfText(await (await getStorage()).get(file?.storageKey ?? ""));
    expect(text).toContain("Protocollo n. PG/2026/000200 del 10 maggio 2026");
    expect(text).toContain("n. PG/2026/000100 del 4 maggio 2026");
  });
});

describe("the crest on the act", () => {
  it("embeds PNG and JPEG as they are, draws an SVG crest (the demo's) to PNG, and gives up on anything else", async () => {
    const png = await crestForPdf(Buffer.from(BUGLIANO_CREST_SVG), "image/svg+xml");
    expect(png?.mimeType).toBe("image/png");
    expect(png?.bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);
    expect(await crestForPdf(jpeg, "image/jpeg")).toEqual({ bytes: jpeg, mimeType: "image/jpeg" });
    expect(await crestForPdf(Buffer.from("<svg><broken"), "image/svg+xml")).toBeNull();
    expect(await crestForPdf(Buffer.from("GIF89a"), "image/gif")).toBeNull();
  });
});

describe("the act's settings", () => {
  it("an admin sets office, responsabile and appeal clause of the ente's own services only; blanks clear them", async () => {
    const svc = await createService(tdb.db, ente);
    const updated = await updateServiceActFields(adminCtx(tdb.db, ente, admin), svc.id, { responsibleOffice: "  Ufficio Anagrafe ", responsibleOfficer: "Rag. Luca Neri", appealText: "" });
    expect(updated).toMatchObject({ responsibleOffice: "Ufficio Anagrafe", responsibleOfficer: "Rag. Luca Neri", appealText: null });
    await expect(updateServiceActFields(adminCtx(tdb.db, other, otherAdmin), svc.id, { responsibleOffice: "X" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateServiceActFields(operatorCtx(tdb.db, ente, operator), svc.id, { responsibleOffice: "X" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateServiceActFields(adminCtx(tdb.db, ente, admin), svc.id, { responsibleOffice: "x".repeat(201) })).rejects.toBeInstanceOf(ValidationError);
    const [audit] = await tdb.db.select().from(auditLog).where(and(eq(auditLog.action, "service.act_fields"), eq(auditLog.targetId, svc.id)));
    expect(audit?.enteId).toBe(ente.id);
    const e = await updateEnteAppealText(adminCtx(tdb.db, other, otherAdmin), { appealText: "Ricorso al TAR Lazio entro 60 giorni." });
    expect(e.appealText).toBe("Ricorso al TAR Lazio entro 60 giorni.");
    const [mine] = await tdb.db.select().from(enti).where(eq(enti.id, ente.id));
    expect(mine?.appealText).not.toBe("Ricorso al TAR Lazio entro 60 giorni.");
  });
});

describe("the seal certificate", () => {
  it("is refused with a code when the passphrase is wrong, the file is not PKCS#12, or the certificate expired", async () => {
    const wrong = await saveSealCertificate(adminCtx(tdb.db, ente, admin), p12, "sbagliata").catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(ValidationError);
    expect((wrong as ValidationError).code).toBe("seal.wrong_passphrase");
    const garbage = await saveSealCertificate(adminCtx(tdb.db, ente, admin), Buffer.from("non sono un certificato"), PASS).catch((e: unknown) => e);
    expect((garbage as ValidationError).code).toBe("seal.bad_file");
    expect(() => inspectP12(p12, PASS, new Date(Date.now() + 5 * 365 * 86_400_000))).toThrow(ValidationError);
    try {
      inspectP12(p12, PASS, new Date(Date.now() + 5 * 365 * 86_400_000));
    } catch (e) {
      expect((e as ValidationError).code).toBe("seal.expired");
    }
    expect(() => inspectP12(Buffer.alloc(70 * 1024, 1), PASS)).toThrow(PayloadTooLargeError);
    expect((await saveSealCertificate(adminCtx(tdb.db, ente, admin), Buffer.alloc(0), PASS).catch((e: unknown) => e)) as ValidationError).toMatchObject({ code: "seal.no_file" });
    expect(await getSealInfo(tdb.db, ente.id)).toBeNull();
  });

  it("only an admin of the ente sets it; stored encrypted, audited without secrets", async () => {
    await expect(saveSealCertificate(operatorCtx(tdb.db, ente, operator), p12, PASS)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(saveSealCertificate(adminCtx(tdb.db, ente, otherAdmin), p12, PASS)).rejects.toBeInstanceOf(ForbiddenError);
    const cert = await saveSealCertificate(adminCtx(tdb.db, ente, admin), p12, PASS);
    expect(cert.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const [row] = await tdb.db.select().from(enteSeals).where(eq(enteSeals.enteId, ente.id));
    expect(row?.p12Encrypted.startsWith("v1.")).toBe(true);
    expect(row?.passphraseEncrypted).not.toContain(PASS);
    expect(await getSealInfo(tdb.db, other.id)).toBeNull();
    const audits = await tdb.db.select().from(auditLog).where(and(eq(auditLog.enteId, ente.id), eq(auditLog.action, "ente.seal_certificate")));
    expect(audits).toHaveLength(1);
    expect(JSON.stringify(audits[0]?.data)).not.toContain(PASS);
  });
});

describe("sealing and verification", () => {
  it("seals the act; the untouched PDF verifies, a tampered one does not", async () => {
    const { pratica, act, bytes } = await decided(service, "accepted");
    expect(act?.sealFingerprint).toMatch(/^[0-9a-f]{64}$/);
    const raw = bytes.toString("latin1");
    expect(raw).toContain("/ByteRange");
    expect(raw).toContain("/SubFilter /ETSI.CAdES.detached");
    const ok = await verifyDocument(tdb.db, ente, bytes);
    expect(ok).toMatchObject({ valid: true, act: { praticaNumero: praticaNumber(pratica), protocolNumber: act?.protocolNumber, sealed: true } });
    expect(ok.seal?.subject).toContain("CN=Comune di Prova — sigillo");
    expect(ok.seal?.subject).toContain("O=Comune di Forlì");
    // PAdES: the claimed time is the dictionary's /M (no signing-time inside the CMS): the moment of sealing.
    expect(ok.seal?.signedAt).toBeInstanceOf(Date);
    expect(Math.abs((ok.seal?.signedAt?.getTime() ?? 0) - (act?.issuedAt.getTime() ?? 0))).toBeLessThan(60_000);

    // One byte of the content changed: the seal no longer matches.
    const tampered = Buffer.from(bytes);
    const at = raw.indexOf("/Title");
    tampered[at + 8] = (tampered[at + 8] ?? 0) ^ 1;
    expect(await verifyDocument(tdb.db, ente, tampered)).toMatchObject({ valid: false, reason: "bad_signature" });
    // Something appended after the seal: not the document issued.
    const appended = Buffer.concat([bytes, Buffer.from("\n% aggiunto\n")]);
    expect((await verifyDocument(tdb.db, ente, appended)).valid).toBe(false);
    // Another ente's page does not know this act.
    expect(await verifyDocument(tdb.db, other, bytes)).toMatchObject({ valid: false, reason: "other_certificate" });
  });

  it("the seal is PAdES baseline B-B: CAdES signed attributes with signing-certificate-v2, checked by OpenSSL too", async () => {
    await saveSealCertificate(adminCtx(tdb.db, ente, admin), p12, PASS);
    const { bytes } = await decided(service, "accepted");
    const raw = bytes.toString("latin1");
    const range = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(raw);
    expect(range).not.toBeNull();
    const [a, b, c, d] = (range ?? []).slice(1).map(Number) as [number, number, number, number];
    const cmsDer = Buffer.from(/<([0-9a-fA-F]+)>/.exec(raw.slice(b, c))?.[1]?.replace(/(00)+$/, "") ?? "", "hex");
    const signed = Buffer.concat([bytes.subarray(a, a + b), bytes.subarray(c, c + d)]);

    // The signed attributes, read with forge: exactly content-type, message-digest and signing-certificate-v2,
    // in DER order, and the certificate hash is the sealing certificate's SHA-256.
    const signedData = (forge.asn1.fromDer(forge.util.createBuffer(cmsDer.toString("binary"))).value as forge.asn1.Asn1[])[1]?.value as forge.asn1.Asn1[];
    const sd = signedData[0]?.value as forge.asn1.Asn1[];
    const signerInfo = (sd.at(-1)?.value as forge.asn1.Asn1[])[0]?.value as forge.asn1.Asn1[];
    const attrs = signerInfo[3]?.value as forge.asn1.Asn1[];
    const oids = attrs.map((at) => forge.asn1.derToOid((at.value as forge.asn1.Asn1[])[0]?.value as string));
    expect([...oids].sort()).toEqual(["1.2.840.113549.1.9.16.2.47", "1.2.840.113549.1.9.3", "1.2.840.113549.1.9.4"]);
    const ders = attrs.map((at) => Buffer.from(forge.asn1.toDer(at).getBytes(), "binary"));
    expect([...ders].sort(Buffer.compare)).toEqual(ders);
    const certs = (sd[3]?.value as forge.asn1.Asn1[]).map((x) => Buffer.from(forge.asn1.toDer(x).getBytes(), "binary"));
    const certHash = createHash("sha256").update(certs[0] ?? Buffer.alloc(0)).digest();
    const v2 = attrs[oids.indexOf("1.2.840.113549.1.9.16.2.47")];
    expect(Buffer.from(forge.asn1.toDer(v2 as forge.asn1.Asn1).getBytes(), "binary").includes(certHash)).toBe(true);

    // An independent implementation: OpenSSL checks the detached signature over the byte range.
    if (spawnSync("openssl", ["version"]).status === 0) {
      const dir = mkdtempSync(path.join(tmpdir(), "pades-"));
      writeFileSync(path.join(dir, "sig.der"), cmsDer);
      writeFileSync(path.join(dir, "content.bin"), signed);
      const check = spawnSync("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", path.join(dir, "sig.der"), "-content", path.join(dir, "content.bin"), "-noverify", "-out", "/dev/null"], { encoding: "utf8" });
      expect(check.stderr).toContain("Verification successful");
      const printed = spawnSync("openssl", ["cms", "-cmsout", "-print", "-inform", "DER", "-in", path.join(dir, "sig.der")], { encoding: "utf8" }).stdout;
      expect(printed).toMatch(/signingCertificateV2|id-smime-aa-signingCertificateV2/);
      expect(printed).not.toMatch(/signingTime/);
      // One byte of the content changed: OpenSSL refuses it as well.
      const tampered = Buffer.from(signed);
      tampered[200] = (tampered[200] ?? 0) ^ 1;
      writeFileSync(path.join(dir, "content.bin"), tampered);
      const bad = spawnSync("openssl", ["cms", "-verify", "-binary", "-inform", "DER", "-in", path.join(dir, "sig.der"), "-content", path.join(dir, "content.bin"), "-noverify", "-out", "/dev/null"], { encoding: "utf8" });
      expect(bad.status).not.toBe(0);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a document sealed with another certificate is not the ente's", async () => {
    const foreign = generateSelfSignedSeal({ commonName: "Comune di Prova", organization: "Comune di Prova" }, "altro");
    await installSeal(tdb.db, other, foreign, "altro");
    const { bytes } = await decided(otherService, "accepted");
    expect((await verifyDocument(tdb.db, other, bytes)).valid).toBe(true);
    expect(await verifyDocument(tdb.db, ente, bytes)).toMatchObject({ valid: false, reason: "other_certificate" });
  });

  it("answers garbage with a code or an 'unreadable' verdict, never an exception", async () => {
    await expect(verifyDocument(tdb.db, ente, Buffer.alloc(0))).rejects.toMatchObject({ code: "verify.no_file" });
    await expect(verifyDocument(tdb.db, ente, Buffer.from("ciao, non sono un PDF"))).rejects.toMatchObject({ code: "verify.not_pdf" });
    await expect(verifyDocument(tdb.db, ente, Buffer.alloc(21 * 1024 * 1024, 0x25))).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(await verifyDocument(tdb.db, ente, Buffer.from("%PDF-1.7\n/ByteRange [0 10 20 5] /Contents <zz>\n"))).toMatchObject({ valid: false, reason: "unreadable" });
    expect(await verifyDocument(tdb.db, ente, Buffer.from("%PDF-1.7\n/ByteRange [0 9999 99999 5]\n"))).toMatchObject({ valid: false, reason: "unreadable" });
    const junkCms = Buffer.from("%PDF-1.7\n/ByteRange [0 30 40 2]/Contents <3082000102>\n..");
    expect((await verifyDocument(tdb.db, ente, junkCms)).valid).toBe(false);
    expect(await verifyDocument(tdb.db, ente, Buffer.from("%PDF-1.4\n% prova\n%%EOF\n"))).toMatchObject({ valid: false, reason: "not_issued" });
  });

  it("an act issued without a seal verifies by its exact bytes", async () => {
    await removeSealCertificate(adminCtx(tdb.db, ente, admin));
    const { act, bytes } = await decided(service, "accepted");
    expect(act?.sealFingerprint).toBeNull();
    expect(bytes.toString("latin1")).not.toContain("/ByteRange");
    expect(await verifyDocument(tdb.db, ente, bytes)).toMatchObject({ valid: true, act: { sealed: false } });
    expect(await verifyDocument(tdb.db, other, bytes)).toMatchObject({ valid: false, reason: "not_issued" });
  });
});

