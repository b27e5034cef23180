import type { DbOrTx } from "@/db/client";
import type { Lang } from "@/lib/i18n";
import { enqueueStaffInvite } from "@/lib/notifications/enqueue";

/**
 * Queues the email with the set-password link (kind "staff_invite", rendered and sent by the notifications
 * worker, which drops the URL from the row once sent). The database keeps only the token's hash.
 */
export async function sendStaffInvite(tx: DbOrTx, input: { enteId: string; email: string; url: string; lang: Lang }): Promise<void> {
  await enqueueStaffInvite(tx, { enteId: input.enteId, email: input.email, url: input.url, lang: input.lang });
}

export function setPasswordUrl(appUrl: string, enteSlug: string, token: string): string {
  return `${appUrl.replace(/\/$/, "")}/${enteSlug}/operatori/imposta-password/${token}`;
}
