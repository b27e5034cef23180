import type { DbOrTx } from "@/db/client";
import type { OutboxRow } from "@/db/schema";
import { PermanentDeliveryError } from "@/lib/outbox/errors";
import type { Outcome } from "@/lib/outbox/record";
import { registerBuiltin } from "./builtin";
import { sendExternalRequest } from "./external";

/** Handler of topic "protocol": the built-in registry numbers the request; external mode calls the partner. */
export function createProtocolHandler(env: { db: DbOrTx; appUrl: string }) {
  return async (row: OutboxRow, now: Date): Promise<Outcome> => {
    const requestId = typeof row.payload.requestId === "string" ? row.payload.requestId : null;
    if (!requestId) throw new PermanentDeliveryError("richiesta di protocollo mancante");
    if (row.kind === "protocol_external") return sendExternalRequest(env.db, env.appUrl, row, requestId, now);
    if (row.kind !== "protocol_builtin") throw new PermanentDeliveryError(`tipo di richiesta sconosciuto: ${row.kind}`);
    const entry = await registerBuiltin(env.db, requestId, now);
    if (!entry) return { status: "skipped", detail: "richiesta di protocollo inesistente o già evasa" };
    return { status: "sent", detail: `protocollata n. ${entry.number ?? "?"}` };
  };
}
