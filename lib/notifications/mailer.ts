import { mkdir, rename, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { parseConnectionUrl } from "nodemailer/lib/shared";
import type SMTPConnection from "nodemailer/lib/smtp-connection";
import type SMTPPool from "nodemailer/lib/smtp-pool";

export type MailMessage = {
  /** Stable per outbox row, so a receiving server can drop the rare duplicate. */
  messageId: string;
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  attachments?: { filename: string; content: Buffer; contentType: string }[];
  headers?: Record<string, string>;
};

export interface Mailer {
  /** Sends one message; resolves with the server's answer (or where the file went). Throws on failure. */
  send(msg: MailMessage): Promise<string>;
  close(): void;
}

function toNodemailer(msg: MailMessage): Mail.Options {
  return {
    messageId: msg.messageId,
    from: msg.from,
    to: msg.to,
    subject: msg.subject,
    html: msg.html,
    text: msg.text,
    attachments: msg.attachments,
    headers: msg.headers,
  };
}

type SocketCallback = (err: Error | null, socketOptions?: { connection: net.Socket }) => void;

/**
 * Plain-TCP SMTP connections with Nagle's algorithm off. Nodemailer leaves it on, and the small final write of
 * each message then waits for the server's delayed ACK (~40 ms per message on Linux). The socket is handed to
 * nodemailer at once, still connecting: a refused connection then fails through nodemailer's own socket error
 * handling and a silent one through its greeting timeout. (Reporting a failed connect through the callback
 * instead leaves nodemailer's pool believing that slot busy for good.) smtps:// keeps nodemailer's own TLS
 * socket; STARTTLS upgrades this socket as usual.
 */
function noDelaySocket(opts: { host?: string; port?: number }, callback: SocketCallback) {
  const socket = net.connect({ host: opts.host ?? "127.0.0.1", port: opts.port ?? 25 });
  socket.setNoDelay(true);
  callback(null, { connection: socket });
}

/**
 * An SMTP URL as nodemailer's connection options: host, port, TLS from the scheme, the credentials
 * percent-decoded (a user such as `avvisi%40comune.it`), and nodemailer's own query options (`?tls.servername=…`).
 */
export function parseSmtpUrl(url: string): SMTPConnection.Options {
  const options = parseConnectionUrl(url);
  const parsed = new URL(url);
  if (parsed.username || parsed.password) options.auth = { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) };
  return options;
}

/**
 * The nodemailer SMTP options Stanza uses (the bench's bare loop uses the same, for a fair comparison): a pool of
 * connections kept open across messages. The URL is parsed here, not passed as `url`: nodemailer reads only the
 * URL when an options object has one and silently drops every other option, pool included, which opened a new
 * connection (greeting, EHLO, often a reverse lookup on the server) for every message.
 */
export function smtpTransportOptions(url: string, maxConnections = 5): SMTPPool.Options & { maxRequeues: number } {
  const base = parseSmtpUrl(url);
  return {
    ...base,
    pool: true,
    maxConnections,
    maxMessages: Number.POSITIVE_INFINITY,
    // A pooled connection the server dropped just as a message started is retried once on a fresh one; past
    // that the send fails and the outbox's backoff takes over (the default requeues without end).
    maxRequeues: 1,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    ...(base.secure ? {} : { getSocket: noDelaySocket }),
  };
}

/** SMTP through a pooled nodemailer transport (connections reused across messages). */
export class SmtpMailer implements Mailer {
  private readonly transport;
  constructor(url: string, opts: { maxConnections?: number } = {}) {
    this.transport = nodemailer.createTransport(smtpTransportOptions(url, opts.maxConnections ?? 5));
  }
  async send(msg: MailMessage): Promise<string> {
    const info = await this.transport.sendMail(toNodemailer(msg));
    if (info.rejected.length > 0) throw Object.assign(new Error(`rejected: ${info.rejected.join(", ")}`), { responseCode: 550, response: info.response });
    return info.response;
  }
  close(): void {
    this.transport.close();
  }
}

/** The .eml file and a small JSON summary (what the demo mailbox lists) of a message. */
export type StoredMailSummary = { messageId: string; from: string; to: string; subject: string; date: string; text: string; html: string; attachments: string[] };

/**
 * No SMTP server: each message becomes DATA_DIR/mail/<id>.eml (+ .json). The file name comes from the
 * Message-ID, so sending the same message again rewrites the same file instead of adding a copy.
 */
export class FileMailer implements Mailer {
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  constructor(readonly dir: string) {}
  async send(msg: MailMessage): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const info = await this.transport.sendMail(toNodemailer(msg));
    const base = fileBase(msg.messageId);
    const eml = path.join(this.dir, `${base}.eml`);
    const summary: StoredMailSummary = {
      messageId: msg.messageId,
      from: msg.from,
      to: msg.to,
      subject: msg.subject,
      date: new Date().toISOString(),
      text: msg.text,
      html: msg.html,
      attachments: (msg.attachments ?? []).map((a) => a.filename),
    };
    await writeAtomically(eml, info.message as Buffer);
    await writeAtomically(path.join(this.dir, `${base}.json`), JSON.stringify(summary));
    return `written ${base}.eml`;
  }
  close(): void {}
}

/** SMTP, plus (demo mode) a copy in the local mailbox so that every notice can be followed on a laptop. */
export class CopyingMailer implements Mailer {
  constructor(
    private readonly primary: Mailer,
    private readonly copy: Mailer,
  ) {}
  async send(msg: MailMessage): Promise<string> {
    const answer = await this.primary.send(msg);
    await this.copy.send(msg).catch(() => undefined);
    return answer;
  }
  close(): void {
    this.primary.close();
    this.copy.close();
  }
}

export function fileBase(messageId: string): string {
  return messageId.replace(/[<>]/g, "").replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 150);
}

async function writeAtomically(file: string, data: Buffer | string) {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

export function mailDir(dataDir: string): string {
  return path.join(dataDir, "mail");
}

/** The process's mailer from the configuration: SMTP_URL, else .eml files under DATA_DIR/mail. */
export function createMailer(config: { smtpUrl: string | undefined; dataDir: string; demoMode: boolean }): Mailer {
  const files = new FileMailer(mailDir(config.dataDir));
  if (!config.smtpUrl) return files;
  const smtp = new SmtpMailer(config.smtpUrl);
  return config.demoMode ? new CopyingMailer(smtp, files) : smtp;
}

/** `<outbox-id@domain>` with the domain of MAIL_FROM: the same row always gets the same Message-ID. */
export function messageIdFor(outboxId: string, mailFrom: string): string {
  const domain = /@([A-Za-z0-9.-]+)/.exec(mailFrom)?.[1] ?? "stanza.localhost";
  return `<${outboxId}@${domain}>`;
}

/** The sender as "<Ente name>" <address of MAIL_FROM>: every email says which municipality sends it. */
export function senderFor(enteName: string, mailFrom: string): string {
  const address = /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return `"${enteName.replace(/["\\]/g, "")}" <${address}>`;
}
