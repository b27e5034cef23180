import { checkPecHost } from "./host-guard";
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { entePecSettings, outbox, pecMessages, type EntePecSettings } from "@/db/schema";
import { asAdmin } from "@/lib/admin/authorize";
import { recordAudit } from "@/lib/audit/record";
import type { Ctx } from "@/lib/context";
import { ValidationError, fieldError, zodFieldErrors } from "@/lib/errors";
import { describeError } from "@/lib/outbox/errors";
import { atRestCipher } from "@/lib/security/at-rest";

/**
 * An ente's PEC provider: the SMTP server its PECs leave from and the IMAP mailbox their receipts come back to, each
 * with credentials of its own (never the ordinary email's SMTP_URL). Passwords are encrypted at rest and write-only:
 * the admin page learns only whether one is stored.
 */
const cipher = atRestCipher({ envKey: "PEC_ENCRYPTION_KEY", info: "stanza/pec-provider/v1" });
export const encryptPecSecret = (plain: string) => cipher.encrypt(Buffer.from(plain, "utf8"));
export const decryptPecSecret = (stored: string) => cipher.decrypt(stored).toString("utf8");

export const PEC_SECURITY = ["tls", "starttls", "none"] as const;
export type PecSecurity = (typeof PEC_SECURITY)[number];

/** Connections and commands that hang are cut: a PEC provider that does not answer is retried later by the outbox. */
export const PEC_TIMEOUTS = { connectMs: 15_000, greetingMs: 15_000, socketMs: 60_000 } as const;

/** After this long with no receipt at all, a sent PEC counts as "without receipts" for the admin (the rules give the provider 24 h). */
export const RECEIPT_OVERDUE_MS = 24 * 3_600_000;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;
const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$|^\d{1,3}(\.\d{1,3}){3}$|^\[?::1\]?$/;

const trimmed = (v: unknown) => (typeof v === "string" ? v.trim() : v);
const blankToNull = (v: unknown) => (typeof v === "string" ? (v.trim() === "" ? null : v) : (v ?? null));
const host = z.preprocess(trimmed, z.string().min(1, "pec.host_invalid").max(253, "pec.host_invalid").regex(HOSTNAME, "pec.host_invalid"));
const port = z.coerce.number("pec.port_invalid").int("pec.port_invalid").min(1, "pec.port_invalid").max(65535, "pec.port_invalid");
const security = z.enum(PEC_SECURITY, "pec.security_invalid");
const user = z.preprocess(trimmed, z.string().min(1, "pec.user_invalid").max(320, "pec.user_invalid"));
/** An empty password keeps the stored one. */
const password = z.preprocess(blankToNull, z.string().max(500, "field.max_chars").nullable());

/** The admin form. */
export const pecSettingsSchema = z
  .object({
    address: z.preprocess(trimmed, z.email("pec.address_invalid").max(254, "pec.address_invalid")),
    smtpHost: host,
    smtpPort: port,
    smtpSecurity: security,
    smtpUser: user,
    smtpPassword: password,
    imapHost: host,
    imapPort: port,
    imapSecurity: security,
    imapUser: user,
    imapPassword: password,
    imapMailbox: z.preprocess(trimmed, z.string().min(1, "pec.mailbox_invalid").max(200, "pec.mailbox_invalid")),
  })
  .superRefine((s, ctx) => {
    // Credentials in clear travel only within this machine (a local fake provider in tests and the demo).
    if (s.smtpSecurity === "none" && !LOOPBACK.test(s.smtpHost)) ctx.addIssue({ code: "custom", path: ["smtpSecurity"], message: "pec.insecure_remote" });
    if (s.imapSecurity === "none" && !LOOPBACK.test(s.imapHost)) ctx.addIssue({ code: "custom", path: ["imapSecurity"], message: "pec.insecure_remote" });
  });
export type PecSettingsInput = z.output<typeof pecSettingsSchema>;

/** What the admin page sees: everything but the passwords, plus the channel's health. */
export type PecSettingsView = {
  address: string;
  smtpHost: string;
  smtpPort: number;
  smtpSecurity: PecSecurity;
  smtpUser: string;
  hasSmtpPassword: boolean;
  imapHost: string;
  imapPort: number;
  imapSecurity: PecSecurity;
  imapUser: string;
  hasImapPassword: boolean;
  imapMailbox: string;
  lastPolledAt: Date | null;
  lastPollError: string | null;
  updatedAt: Date;
};

const asSecurity = (v: string): PecSecurity => ((PEC_SECURITY as readonly string[]).includes(v) ? (v as PecSecurity) : "tls");

function viewOf(r: EntePecSettings): PecSettingsView {
  return {
    address: r.address,
    smtpHost: r.smtpHost,
    smtpPort: r.smtpPort,
    smtpSecurity: asSecurity(r.smtpSecurity),
    smtpUser: r.smtpUser,
    hasSmtpPassword: r.smtpPasswordEnc !== "",
    imapHost: r.imapHost,
    imapPort: r.imapPort,
    imapSecurity: asSecurity(r.imapSecurity),
    imapUser: r.imapUser,
    hasImapPassword: r.imapPasswordEnc !== "",
    imapMailbox: r.imapMailbox,
    lastPolledAt: r.lastPolledAt,
    lastPollError: r.lastPollError,
    updatedAt: r.updatedAt,
  };
}

/** The ente's PEC settings as its admin sees them, or null before the first save. */
export async function getPecSettings(ctx: Ctx): Promise<PecSettingsView | null> {
  return asAdmin(ctx, async ({ db, ente }) => {
    const [row] = await db.select().from(entePecSettings).where(eq(entePecSettings.enteId, ente.id));
    return row ? viewOf(row) : null;
  });
}

/** PEC messages by state for the admin page, with those past RECEIPT_OVERDUE_MS still without any receipt. */
export async function getPecCounts(ctx: Ctx, now: Date = new Date()): Promise<{ sent: number; accepted: number; delivered: number; undelivered: number; overdue: number }> {
  return asAdmin(ctx, async ({ db, ente }) => {
    const rows = await db
      .select({ state: pecMessages.state, n: sql<number>`count(*)::int` })
      .from(pecMessages)
      .where(eq(pecMessages.enteId, ente.id))
      .groupBy(pecMessages.state);
    // Only PECs that did leave (the outbox row is sent): a send that failed and is being retried is not "without receipts".
    const [late] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(pecMessages)
      .innerJoin(outbox, eq(outbox.id, pecMessages.outboxId))
      .where(
        and(
          eq(pecMessages.enteId, ente.id),
          eq(outbox.enteId, ente.id),
          eq(outbox.status, "sent"),
          eq(pecMessages.state, "sent"),
          isNull(pecMessages.acceptedAt),
          lt(pecMessages.sentAt, new Date(now.getTime() - RECEIPT_OVERDUE_MS)),
        ),
      );
    const by = (s: string) => rows.find((r) => r.state === s)?.n ?? 0;
    return { sent: by("sent"), accepted: by("accepted"), delivered: by("delivered"), undelivered: by("undelivered"), overdue: late?.n ?? 0 };
  });
}

/**
 * Saves the ente's PEC provider: one audited upsert (`pec_provider.update`, naming the fields that changed, never a
 * password). Changing the mailbox's server, user or folder forgets the last UID read (a new mailbox is read afresh).
 */
export async function savePecSettings(ctx: Ctx, input: Record<string, unknown>): Promise<PecSettingsView> {
  const parsed = pecSettingsSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError("request.invalid_data", zodFieldErrors(parsed.error.issues));
  const s = parsed.data;
  // Never a server of the installation's own network from an admin's form (unless allowed): "test connection" and
  // the worker would otherwise reach internal services on the admin's say.
  const hostErrors = [];
  for (const field of ["smtpHost", "imapHost"] as const) {
    const check = await checkPecHost(s[field]);
    if (check === "internal") hostErrors.push(fieldError(field, "pec.host_internal"));
    if (check === "unresolvable") hostErrors.push(fieldError(field, "pec.host_unresolvable"));
  }
  if (hostErrors.length) throw new ValidationError("request.invalid_data", hostErrors);
  return asAdmin(ctx, async ({ db: tx, ente, actor }) => {
    const [current] = await tx.select().from(entePecSettings).where(eq(entePecSettings.enteId, ente.id)).for("update");
    // A stored password is kept only for the server and user it was given for: otherwise pointing the settings at a
    // server of one's own (then "test connection") would hand over the write-only password.
    const sameSmtp = current && current.smtpHost === s.smtpHost && current.smtpPort === s.smtpPort && current.smtpSecurity === s.smtpSecurity && current.smtpUser === s.smtpUser;
    const sameImap = current && current.imapHost === s.imapHost && current.imapPort === s.imapPort && current.imapSecurity === s.imapSecurity && current.imapUser === s.imapUser;
    const missing = [
      ...(!s.smtpPassword && !current?.smtpPasswordEnc ? [fieldError("smtpPassword", "pec.password_required")] : !s.smtpPassword && !sameSmtp ? [fieldError("smtpPassword", "pec.password_reenter")] : []),
      ...(!s.imapPassword && !current?.imapPasswordEnc ? [fieldError("imapPassword", "pec.password_required")] : !s.imapPassword && !sameImap ? [fieldError("imapPassword", "pec.password_reenter")] : []),
    ];
    if (missing.length) throw new ValidationError("request.invalid_data", missing);
    const plain = { address: s.address, smtpHost: s.smtpHost, smtpPort: s.smtpPort, smtpSecurity: s.smtpSecurity, smtpUser: s.smtpUser, imapHost: s.imapHost, imapPort: s.imapPort, imapSecurity: s.imapSecurity, imapUser: s.imapUser, imapMailbox: s.imapMailbox };
    const changed: string[] = Object.entries(plain)
      .filter(([k, v]) => !current || current[k as keyof typeof plain] !== v)
      .map(([k]) => k);
    if (s.smtpPassword) changed.push("smtpPassword");
    if (s.imapPassword) changed.push("imapPassword");
    if (current && changed.length === 0) return viewOf(current);
    const sameMailbox = current && current.imapHost === s.imapHost && current.imapPort === s.imapPort && current.imapUser === s.imapUser && current.imapMailbox === s.imapMailbox;
    const values = {
      ...plain,
      smtpPasswordEnc: s.smtpPassword ? encryptPecSecret(s.smtpPassword) : current!.smtpPasswordEnc,
      imapPasswordEnc: s.imapPassword ? encryptPecSecret(s.imapPassword) : current!.imapPasswordEnc,
      ...(sameMailbox ? {} : { imapUidValidity: null, imapLastUid: null }),
      lastPollError: null,
      updatedAt: new Date(),
    };
    const [row] = await tx
      .insert(entePecSettings)
      .values({ enteId: ente.id, ...values })
      .onConflictDoUpdate({ target: entePecSettings.enteId, set: values })
      .returning();
    const before = current ? Object.fromEntries(Object.keys(plain).map((k) => [k, current[k as keyof typeof plain]])) : null;
    await recordAudit(tx, { enteId: ente.id, actor, action: "pec_provider.update", targetType: "ente", targetId: ente.id, data: { changed, before, after: plain } });
    return viewOf(row!);
  });
}

/** The settings row of an ente, for the worker (no actor: the handler and the poll are the system). */
export async function loadPecSettings(db: DbOrTx, enteId: string): Promise<EntePecSettings | undefined> {
  return (await db.select().from(entePecSettings).where(eq(entePecSettings.enteId, enteId)))[0];
}

/** nodemailer's options for the ente's PEC SMTP (pooled: a busy ente sends many over one connection). */
export function smtpOptionsOf(s: EntePecSettings) {
  return {
    host: s.smtpHost,
    port: s.smtpPort,
    secure: s.smtpSecurity === "tls",
    requireTLS: s.smtpSecurity === "starttls",
    ignoreTLS: s.smtpSecurity === "none",
    auth: { user: s.smtpUser, pass: decryptPecSecret(s.smtpPasswordEnc) },
    connectionTimeout: PEC_TIMEOUTS.connectMs,
    greetingTimeout: PEC_TIMEOUTS.greetingMs,
    socketTimeout: PEC_TIMEOUTS.socketMs,
  };
}

/**
 * An IMAP client for the ente's PEC mailbox (not connected). imapflow is loaded here, at the first mailbox read: it
 * takes about 20 MB of memory that a server whose entes have no PEC never needs.
 */
export async function imapClientOf(s: EntePecSettings): Promise<ImapFlow> {
  const { ImapFlow } = await import("imapflow");
  return new ImapFlow({
    host: s.imapHost,
    port: s.imapPort,
    secure: s.imapSecurity === "tls",
    doSTARTTLS: s.imapSecurity === "starttls" ? true : s.imapSecurity === "none" ? false : undefined,
    auth: { user: s.imapUser, pass: decryptPecSecret(s.imapPasswordEnc) },
    logger: false,
    connectionTimeout: PEC_TIMEOUTS.connectMs,
    greetingTimeout: PEC_TIMEOUTS.greetingMs,
    socketTimeout: PEC_TIMEOUTS.socketMs,
    disableAutoIdle: true,
  });
}

export type PecConnectionTest = { smtp: { ok: boolean; error?: string }; imap: { ok: boolean; error?: string } };

/**
 * "Test connection": SMTP handshake and login (nodemailer's verify), IMAP login and the folder's status. Admin only;
 * says what failed in the server's own words (never a password: those are not in the errors).
 */
export async function testPecConnection(ctx: Ctx): Promise<PecConnectionTest> {
  const row = await asAdmin(ctx, async ({ db, ente }) => loadPecSettings(db, ente.id));
  if (!row) throw new ValidationError("pec.settings_missing");
  const smtp = await (async () => {
    const transport = nodemailer.createTransport(smtpOptionsOf(row));
    try {
      await transport.verify();
      return { ok: true };
    } catch (err) {
      return { ok: false, error: describeError(err) };
    } finally {
      transport.close();
    }
  })();
  const imap = await (async () => {
    const client = await imapClientOf(row);
    client.on("error", () => {});
    try {
      await client.connect();
      await client.status(row.imapMailbox, { messages: true });
      return { ok: true };
    } catch (err) {
      return { ok: false, error: imapError(err) };
    } finally {
      await client.logout().catch(() => client.close());
    }
  })();
  return { smtp, imap };
}

/** imapflow's errors say "Command failed" and keep the server's answer aside: both, in one line. */
export function imapError(err: unknown): string {
  const e = err as { responseText?: unknown; authenticationFailed?: unknown } | null;
  const base = describeError(err);
  if (e?.authenticationFailed) return `autenticazione rifiutata${typeof e.responseText === "string" ? `: ${e.responseText}` : ""}`.slice(0, 500);
  return (typeof e?.responseText === "string" && !base.includes(e.responseText) ? `${base} — ${e.responseText}` : base).slice(0, 500);
}
