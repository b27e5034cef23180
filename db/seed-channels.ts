import { and, asc, eq, isNotNull } from "drizzle-orm";
import type { Db } from "./client";
import { deliveryAttempts, outbox, pecMessages, pratiche, users, type DeliveryStatus, type Ente, type OutboxStatus, type OutboxTopic } from "./schema";

/**
 * The delivery record of a few demo pratiche as the channels leave it (the seed's own notices are not sent): a
 * notice read on App IO; one App IO refused (the citizen has no IO profile) that went out by email; a legally
 * relevant act by PEC with the provider's acceptance and delivery receipts; and a message App IO kept refusing
 * with a server error, left dead for the admin's "Riprova" on /admin/canali. Rows only, as the worker writes them.
 */
export async function seedChannels(db: Db, ente: Ente, now = Date.now()): Promise<void> {
  const list = await db
    .select({ id: pratiche.id, applicantId: pratiche.applicantId })
    .from(pratiche)
    .where(and(eq(pratiche.enteId, ente.id), isNotNull(pratiche.numero)))
    .orderBy(asc(pratiche.createdAt))
    .limit(4);
  if (list.length < 4) return;
  const [a, b, c, d] = list as [(typeof list)[number], (typeof list)[number], (typeof list)[number], (typeof list)[number]];
  const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000);
  let n = 0;

  async function row(
    praticaId: string,
    kind: string,
    topic: OutboxTopic,
    status: OutboxStatus,
    parent: { id: string; reason: string; via: OutboxTopic } | null,
    steps: [DeliveryStatus, string | null, number][],
  ) {
    const started = steps[0]?.[2] ?? 0;
    const ended = steps.at(-1)?.[2] ?? started;
    const [r] = await db
      .insert(outbox)
      .values({
        enteId: ente.id,
        praticaId,
        topic,
        kind,
        payload: parent ? { to: "applicant", via: parent.via, fallbacks: topic === "email" ? [] : ["email"], handOverReason: parent.reason } : { to: "applicant" },
        status,
        attempts: steps.filter(([s]) => s === "sent" || s === "failed").length,
        idempotencyKey: `demo-channels-${++n}`,
        parentId: parent?.id ?? null,
        lastError: status === "dead" ? (steps.at(-2)?.[1] ?? null) : null,
        createdAt: at(started + 1),
        doneAt: status === "pending" ? null : at(ended),
      })
      .returning({ id: outbox.id });
    if (!r) throw new Error("seed-channels: outbox insert failed");
    await db.insert(deliveryAttempts).values([
      { outboxId: r.id, enteId: ente.id, status: "queued", detail: null, createdAt: at(started + 1) },
      ...steps.map(([s, detail, m]) => ({ outboxId: r.id, enteId: ente.id, status: s, detail, createdAt: at(m) })),
    ]);
    return r.id;
  }

  // 1. An ordinary notice read on App IO.
  const rootA = await row(a.id, "taken_in_charge", "email", "routed", null, [["routed", "App IO: scelta dell'ente (avvisi ordinari)", 60]]);
  await row(a.id, "taken_in_charge", "io", "sent", { id: rootA, via: "io", reason: "scelta dell'ente (avvisi ordinari)" }, [["sent", "App IO: messaggio 01JDEMO0000000000000000001", 59]]);

  // 2. App IO refused (no IO profile for the codice fiscale): the fallback, email, delivered it.
  const rootB = await row(b.id, "integration_requested", "email", "routed", null, [["routed", "App IO: scelta dell'ente (avvisi ordinari)", 50]]);
  const ioB = await row(b.id, "integration_requested", "io", "routed", { id: rootB, via: "io", reason: "scelta dell'ente (avvisi ordinari)" }, [
    ["routed", "email: profilo App IO non trovato per il codice fiscale", 49],
  ]);
  await row(b.id, "integration_requested", "email", "sent", { id: ioB, via: "email", reason: "profilo App IO non trovato per il codice fiscale" }, [["sent", "250 2.0.0 Ok: queued", 48]]);

  // 3. A legally relevant act by PEC: sent, accepted by the provider, delivered to the citizen's digital domicile.
  const [citizen] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.id, c.applicantId));
  const pecAddress = `${(citizen?.email ?? "cittadino@example.com").split("@")[0]}@pec.example.it`;
  // The address is the PEC's own record (pec_messages); the citizen's profile is left alone, so that an ente's PEC set
  // up later does not send the demo citizen's legal notices to a provider that is not there.
  const rootC = await row(c.id, "outcome_ready", "email", "routed", null, [["routed", "PEC: scelta dell'ente (atti con valore legale)", 40]]);
  const pecC = await row(c.id, "outcome_ready", "pec", "sent", { id: rootC, via: "pec", reason: "scelta dell'ente (atti con valore legale)" }, [
    ["sent", "250 2.0.0 Ok: accettato dal server PEC", 39],
    ["accepted", "ricevuta di accettazione", 39],
    ["delivered", "ricevuta di avvenuta consegna", 37],
  ]);
  await db.insert(pecMessages).values({
    outboxId: pecC,
    enteId: ente.id,
    messageId: `<demo-${pecC}@pec.bugliano.example>`,
    toAddress: pecAddress,
    state: "delivered",
    sentAt: at(39),
    acceptedAt: at(39),
    deliveredAt: at(37),
  });

  // 4. App IO answered with server errors until the attempts stopped: a dead row for the admin to retry.
  const rootD = await row(d.id, "message_from_ente", "email", "routed", null, [["routed", "App IO: scelta dell'ente (avvisi ordinari)", 30]]);
  await row(d.id, "message_from_ente", "io", "dead", { id: rootD, via: "io", reason: "scelta dell'ente (avvisi ordinari)" }, [
    ["failed", "App IO: 503 servizio non disponibile", 29],
    ["failed", "App IO: 503 servizio non disponibile", 20],
    ["failed", "App IO: 503 servizio non disponibile", 10],
    ["dead", "tentativi esauriti: App IO non risponde", 10],
  ]);
}
