import type { EmailModel } from "@/emails";
import type { Ente, OutboxRow, User } from "@/db/schema";
import type { Channel } from "@/db/schema/shapes/channels";
import type { Lang } from "@/lib/i18n";
import type { MailMessage } from "@/lib/notifications/mailer";
import type { EmailKind } from "@/lib/notifications/texts";
import type { Outcome } from "@/lib/outbox/record";

export { CHANNELS, DEFAULT_CHANNEL_POLICY, type Channel, type ChannelPolicy } from "@/db/schema/shapes/channels";

/**
 * What a row handed over by lib/channels/hand-over.ts carries in its payload besides the notice's own fields: the
 * channel it must use (no new choice is made for it) and the channels still left as fallbacks, in order.
 */
export type HandOverPayload = { via: Channel; fallbacks: Channel[]; handOverReason?: string };

/**
 * One notice to one citizen, ready for any channel: worded once (the service's texts, the citizen's language), with
 * what each channel needs. Built by `prepareNotice` from an outbox row of topic email, io or pec.
 */
export type NoticeContent = {
  kind: EmailKind;
  lang: Lang;
  ente: Ente;
  /** The citizen the notice is for (an active user). */
  recipient: User;
  praticaId: string;
  /** The pratica's number as people read it ("2026-000123"). */
  praticaNumber: string;
  /** The service as notices name it. */
  serviceName: string;
  subject: string;
  heading: string;
  paragraphs: string[];
  /** Where to read it in the personal area: the pratica's page (the Pagamenti page for a payment to make). */
  link: string;
  /** A deadline the notice is about (the answer to a request for documents, a payment), when it has one. */
  dueDate: Date | null;
  /** A payment to make: what App IO needs to offer "pay" in the app (amount in cents, the 18-digit notice number). */
  payment: { amountCents: number; noticeNumber: string; payeeFiscalCode: string | null; dueDate: Date | null } | null;
  /** The same notice as an email: what the email and PEC channels send (rendered by lib/notifications/render.ts). */
  email: { subject: string; model: EmailModel; attachments: NonNullable<MailMessage["attachments"]> };
};

/**
 * Reads and words the notice of a row (any channel's). An Outcome instead when there is nothing to send now: the
 * citizen is gone, the notice was switched off or already read, quiet hours (deferred).
 */
export type PrepareNotice = (row: OutboxRow, now: Date) => Promise<NoticeContent | Outcome>;
