import { createHash } from "node:crypto";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { enqueue } from "@/lib/outbox/enqueue";

const linkSchema = z.object({
  enteId: z.uuid(),
  email: z.email().transform((e) => e.toLowerCase()),
  url: z.url(),
  lang: z.enum(["it", "en"]).default("it"),
});
export type LinkEmailInput = z.input<typeof linkSchema>;

/** Same link twice (a double click on "send") is one email; a new link is a new email. */
const keyOf = (kind: string, url: string) => `${kind}:${createHash("sha256").update(url).digest("hex").slice(0, 32)}`;

/**
 * The citizen's sign-in link (Auth.js email provider): urgent, so quiet hours never hold it, and sent whatever
 * the notice preferences (it is the sign-in itself). The URL is removed from the row once it has been sent.
 * Returns the outbox row id (null when the same link was already queued).
 */
export async function enqueueSignInLink(db: DbOrTx, input: LinkEmailInput): Promise<string | null> {
  const v = linkSchema.parse(input);
  const [id] = await enqueue(db, [
    { enteId: v.enteId, praticaId: null, topic: "email", kind: "sign_in_link", payload: { to: "address", email: v.email, url: v.url, lang: v.lang, urgent: true }, idempotencyKey: keyOf("signin", v.url) },
  ]);
  return id ?? null;
}

/** A new staff member's set-password link (admin area). Urgent like the sign-in link. */
export async function enqueueStaffInvite(db: DbOrTx, input: LinkEmailInput): Promise<string | null> {
  const v = linkSchema.parse(input);
  const [id] = await enqueue(db, [
    { enteId: v.enteId, praticaId: null, topic: "email", kind: "staff_invite", payload: { to: "address", email: v.email, url: v.url, lang: v.lang, urgent: true }, idempotencyKey: keyOf("invite", v.url) },
  ]);
  return id ?? null;
}
