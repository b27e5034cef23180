import type { User } from "@/db/schema";
import type { EmailKind } from "@/lib/notifications/texts";
import { DEFAULT_CHANNEL_POLICY, type Channel, type ChannelPolicy } from "./types";

/**
 * The legally relevant acts, sent by the ente's "legal" list (PEC first by default, when the citizen has a digital
 * domicile): the outcome (the final act of the procedure, from whose notice the time to appeal runs), a request for
 * documents (it suspends the procedure's time limits and asks the citizen to act), and a revocation (an act of the
 * administration that ends the pratica against the citizen's will). Everything else is a courtesy notice: a receipt,
 * a status change, a message, a payment (pagoPA's own receipts and notices carry the legal weight there).
 */
export const LEGAL_NOTICE_KINDS: readonly EmailKind[] = ["outcome_ready", "integration_requested", "revoked"];

export type NoticeClass = keyof ChannelPolicy;

export function noticeClassOf(kind: string): NoticeClass {
  return (LEGAL_NOTICE_KINDS as readonly string[]).includes(kind) ? "legal" : "ordinary";
}

/** What decides whether a channel applies to one citizen's notice. */
export type ChannelFacts = {
  user: Pick<User, "email" | "emailNotifications" | "ioEnabled" | "codiceFiscale">;
  /** The service has an App IO key (services.ioApiKeyEnc). */
  serviceHasIoKey: boolean;
  /** The citizen's digital domicile (lib/channels/domicile.ts), or null. */
  domicile: string | null;
  /** The ente has set up its PEC (a row in ente_pec_settings). */
  entePecReady: boolean;
};

/** A usable email address: offline applicants get a placeholder ending in ".invalid". */
export function hasEmailAddress(email: string | null | undefined): boolean {
  return !!email && email.includes("@") && !email.endsWith(".invalid");
}

export function channelApplies(channel: Channel, f: ChannelFacts): boolean {
  switch (channel) {
    case "io":
      return f.user.ioEnabled && !!f.user.codiceFiscale && f.serviceHasIoKey;
    case "pec":
      return !!f.domicile && f.entePecReady;
    case "email":
      return hasEmailAddress(f.user.email) && f.user.emailNotifications;
  }
}

/**
 * The channels a notice goes to, in order: the policy's list for its class, without those that do not apply to this
 * citizen and without repeats. The first is used; the others are fallbacks. Empty: the notice is read in the
 * personal area only.
 */
export function channelsFor(policy: ChannelPolicy | null | undefined, kind: string, facts: ChannelFacts): Channel[] {
  const list = validList(policy?.[noticeClassOf(kind)]) ?? DEFAULT_CHANNEL_POLICY[noticeClassOf(kind)];
  const out: Channel[] = [];
  for (const c of list) if (!out.includes(c) && channelApplies(c, facts)) out.push(c);
  return out;
}

/** A stored list is jsonb: anything but a list of known channels reads as the default. */
function validList(v: unknown): Channel[] | null {
  if (!Array.isArray(v)) return null;
  const ok = v.filter((c): c is Channel => c === "io" || c === "email" || c === "pec");
  return ok.length === v.length ? ok : null;
}
