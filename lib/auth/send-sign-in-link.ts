import type { DbOrTx } from "@/db/client";
import { enqueueSignInLink } from "@/lib/notifications/enqueue";

/** Queues the sign-in link email through the outbox (urgent: quiet hours never hold a sign-in). */
export async function sendSignInLink(db: DbOrTx, input: { enteId: string; email: string; url: string; lang: "it" | "en" }): Promise<void> {
  await enqueueSignInLink(db, input);
}
