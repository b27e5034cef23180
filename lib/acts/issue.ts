import { and, desc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { acts, attachments, pratiche, protocolEntries, services, users, type Act, type Ente, type ProtocolEntry } from "@/db/schema";
import { getConfig } from "@/lib/config/env";
import { isLang, pick, type Lang } from "@/lib/i18n";
import { actTexts } from "@/lib/i18n/acts";
import { praticaNumber } from "@/lib/pratiche/number";
import { getStorage } from "@/lib/storage";
import { crestForPdf } from "./crest";
import { renderOutcomeAct } from "./render";

/** Documents are written in the municipality's own language, the language of its records. */
export function documentLang(ente: Pick<Ente, "defaultLanguage">): Lang {
  return isLang(ente.defaultLanguage) ? ente.defaultLanguage : "it";
}

/** Where citizens verify the ente's acts (printed in every act's footer). */
export function verifyUrl(ente: Pick<Ente, "slug">): string {
  let base: string;
  try {
    base = getConfig().appUrl;
  } catch {
    // Tools and tests that run without a full configuration.
    base = process.env.APP_URL ?? "http://localhost:3000";
  }
  return `${base.replace(/\/$/, "")}/${ente.slug}/verifica`;
}

/**
 * Issues the outcome act of a decided pratica once its outbound protocol number exists: renders it with that
 * number and date, seals it when the ente has a seal certificate, stores it as the pratica's response document
 * (visible to the citizen) and records its SHA-256 in `acts`. Runs inside the transaction that registers the
 * number: the built-in registry's (synchronously at the decision, lib/pratiche/conclude.ts) or an external
 * registry's answer. Idempotent per protocol entry.
 */
export async function issueOutcomeAct(tx: DbOrTx, ente: Ente, entry: ProtocolEntry, opts: { now?: Date } = {}): Promise<Act | null> {
  if (entry.documentKind !== "outcome" || entry.status !== "registered" || !entry.number) return null;
  const [already] = await tx.select().from(acts).where(and(eq(acts.enteId, ente.id), eq(acts.protocolEntryId, entry.id)));
  if (already) return already;
  const [pratica] = await tx.select().from(pratiche).where(and(eq(pratiche.id, entry.praticaId), eq(pratiche.enteId, ente.id)));
  if (!pratica?.outcome) return null;
  const [service] = await tx.select().from(services).where(eq(services.id, pratica.serviceId));
  const [applicant] = await tx.select().from(users).where(eq(users.id, pratica.applicantId));
  if (!service || !applicant) return null;
  const [inbound] = await tx
    .select({ number: protocolEntries.number, registeredAt: protocolEntries.registeredAt })
    .from(protocolEntries)
    .where(and(eq(protocolEntries.praticaId, pratica.id), eq(protocolEntries.documentKind, "submission"), eq(protocolEntries.status, "registered")))
    .orderBy(desc(protocolEntries.createdAt))
    .limit(1);

  const storage = await getStorage();
  const logo = ente.logoStorageKey
    ? await storage
        .get(ente.logoStorageKey)
        .then((bytes) => crestForPdf(bytes, ente.logoMimeType))
        .catch(() => null)
    : null;
  const now = opts.now ?? new Date();
  const outboundDate = entry.registeredAt ?? now;
  // The seal's modules (node-forge, @signpdf) are loaded by the first act issued, not by every process that could
  // issue one: the outbox worker and the pages that conclude a pratica import this file.
  const { loadSealMaterial } = await import("./certificate");
  const seal = await loadSealMaterial(tx, ente.id, new Date());
  const lang = documentLang(ente);
  const rendered = await renderOutcomeAct({
    lang,
    ente,
    logo,
    service,
    pratica,
    applicant,
    inbound: inbound?.number ? { number: inbound.number, date: inbound.registeredAt ?? outboundDate } : null,
    outbound: { number: entry.number, date: outboundDate },
    decidedAt: pratica.concludedAt ?? outboundDate,
    verifyUrl: verifyUrl(ente),
    sealed: Boolean(seal),
  });
  const t = pick(actTexts, lang).pdf;
  const body = seal
    ? await (await import("./seal")).sealPdf(rendered, seal, { reason: t.sealReason({ number: entry.number }), location: ente.name, contactInfo: ente.pec ?? ente.email ?? "", signingTime: new Date() })
    : rendered;
  const stored = await storage.put(body, { prefix: "generated" });
  const [file] = await tx
    .insert(attachments)
    .values({
      enteId: ente.id,
      praticaId: pratica.id,
      kind: "generated",
      purpose: "response_document",
      filename: `esito-${praticaNumber(pratica).replace(/[^A-Za-z0-9-]/g, "-")}.pdf`,
      mimeType: "application/pdf",
      size: stored.size,
      sha256: stored.sha256,
      storageKey: stored.storageKey,
      visibleToCitizen: true,
      createdAt: outboundDate,
    })
    .returning({ id: attachments.id });
  if (!file) throw new Error("act attachment insert returned nothing");
  const [act] = await tx
    .insert(acts)
    .values({
      enteId: ente.id,
      praticaId: pratica.id,
      attachmentId: file.id,
      protocolEntryId: entry.id,
      kind: "outcome",
      protocolNumber: entry.number,
      protocolDate: outboundDate,
      sha256: stored.sha256,
      sealFingerprint: seal?.certificate.fingerprint ?? null,
      issuedAt: outboundDate,
    })
    .returning();
  return act ?? null;
}
