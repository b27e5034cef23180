import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import hoodiecrow from "hoodiecrow-imap";
import { SMTPServer } from "smtp-server";

/**
 * NOT FOR PRODUCTION. A local PEC provider for tests and the demo: an SMTP server that wants a login, and an IMAP
 * mailbox (hoodiecrow-imap) where, for every message it accepts, it puts the receipts a real provider would send
 * back to the sender: an acceptance (accettazione), then a delivery (avvenuta-consegna, with the original as
 * postacert.eml) or, for a recipient marked as failing, a non-delivery (errore-consegna). Receipts are shaped as
 * real ones (multipart/signed around a human-readable part and daticert.xml, headers X-Ricevuta and
 * X-Riferimento-Message-ID); the signature is random bytes, since nothing here checks it.
 *
 * Every mailbox user sees the same mailbox (hoodiecrow has one store): two enti with two users on one fake read the
 * same receipts, which is how the tests check that an ente applies only its own.
 */
export type PecFakeOptions = {
  /** SMTP and IMAP logins (user → password); the same for both. */
  users: Record<string, string>;
  smtpPort?: number;
  imapPort?: number;
  host?: string;
  /** The provider's name in receipts. */
  provider?: string;
};

export type PecSubmission = { user: string; from: string; to: string[]; messageId: string | null; subject: string; raw: string };

export type ReceiptKind = "accettazione" | "non-accettazione" | "avvenuta-consegna" | "errore-consegna" | "preavviso-errore-consegna";

type HoodiecrowServer = {
  listen(port: number, host: string, cb: () => void): void;
  close(cb?: () => void): void;
  server: { address(): AddressInfo | string | null };
  appendMessage(mailbox: string, flags: string[], internaldate: Date | false, raw: string): unknown;
};

export class PecFake {
  readonly submissions: PecSubmission[] = [];
  /** Recipients whose delivery fails (errore-consegna, no-dest). */
  readonly failing = new Set<string>();
  /** Recipients the provider does not accept for transport (non-accettazione receipt, after a 250 to SMTP). */
  readonly notAccepted = new Set<string>();
  /** Recipients refused at SMTP time (550 at RCPT TO). */
  readonly refused = new Set<string>();
  /** When false, messages are taken but no receipt is written (a provider late with its receipts). */
  issueReceipts = true;
  smtpPort = 0;
  imapPort = 0;
  readonly host: string;
  private smtp: SMTPServer | undefined;
  private imap: HoodiecrowServer | undefined;
  private readonly provider: string;
  private seq = 0;

  constructor(private readonly options: PecFakeOptions) {
    this.host = options.host ?? "127.0.0.1";
    this.provider = options.provider ?? "Gestore PEC di prova";
  }

  async start(): Promise<this> {
    const users = this.options.users;
    const smtp = new SMTPServer({
      secure: false,
      authOptional: false,
      allowInsecureAuth: true,
      disabledCommands: ["STARTTLS"],
      authMethods: ["PLAIN", "LOGIN"],
      logger: false,
      onAuth: (auth, _session, cb) => {
        if (auth.username && users[auth.username] !== undefined && users[auth.username] === auth.password) cb(null, { user: auth.username });
        else cb(Object.assign(new Error("Autenticazione non riuscita"), { responseCode: 535 }));
      },
      onRcptTo: (address, _session, cb) => {
        if (this.refused.has(address.address.toLowerCase())) cb(Object.assign(new Error("Destinatario rifiutato"), { responseCode: 550 }));
        else cb();
      },
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          const sub: PecSubmission = {
            user: String(session.user ?? ""),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            messageId: headerOf(raw, "Message-ID"),
            subject: headerOf(raw, "Subject") ?? "",
            raw,
          };
          this.submissions.push(sub);
          if (this.issueReceipts) this.receiptsFor(sub);
          cb(null, `ok: presa in carico ${this.submissions.length}`);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      smtp.once("error", reject);
      smtp.listen(this.options.smtpPort ?? 0, this.host, () => {
        smtp.off("error", reject);
        resolve();
      });
    });
    smtp.on("error", () => {});
    this.smtpPort = (smtp.server.address() as AddressInfo).port;
    this.smtp = smtp;

    const imap = hoodiecrow({
      plugins: ["ID", "UIDPLUS", "ENABLE", "SPECIAL-USE", "LITERALPLUS"],
      users: Object.fromEntries(Object.entries(users).map(([u, password]) => [u, { password }])),
      storage: { INBOX: { messages: [] }, "": {} },
    }) as HoodiecrowServer;
    await new Promise<void>((resolve) => imap.listen(this.options.imapPort ?? 0, this.host, resolve));
    this.imapPort = (imap.server.address() as AddressInfo).port;
    this.imap = imap;
    return this;
  }

  async stop(): Promise<void> {
    const smtp = this.smtp;
    const imap = this.imap;
    this.smtp = undefined;
    this.imap = undefined;
    await Promise.all([smtp ? new Promise<void>((r) => smtp.close(() => r())) : null, imap ? new Promise<void>((r) => imap.close(() => r())) : null]);
  }

  /** Puts any message in the mailbox (a foreign PEC, spam, garbage). */
  append(raw: string): void {
    if (!this.imap) throw new Error("PEC fake not started");
    this.imap.appendMessage("INBOX", [], false, raw);
  }

  /** Writes one receipt of the given kind about a submission (tests use it for late or repeated receipts). */
  receipt(kind: ReceiptKind, sub: PecSubmission, recipient: string | null, at: Date = new Date()): string {
    const raw = buildReceipt({ kind, sub, recipient, at, provider: this.provider, id: this.nextId() });
    this.append(raw);
    return raw;
  }

  private receiptsFor(sub: PecSubmission) {
    const now = new Date();
    const notAccepted = sub.to.filter((t) => this.notAccepted.has(t));
    if (notAccepted.length > 0) {
      this.receipt("non-accettazione", sub, null, now);
      return;
    }
    this.receipt("accettazione", sub, null, now);
    for (const to of sub.to) {
      this.receipt(this.failing.has(to) ? "errore-consegna" : "avvenuta-consegna", sub, to, new Date(now.getTime() + 1000));
    }
  }

  private nextId(): string {
    this.seq += 1;
    return `opec-fake.${Date.now()}.${this.seq}.${randomBytes(4).toString("hex")}@pec.fake.test`;
  }
}

export async function startPecFake(options: PecFakeOptions): Promise<PecFake> {
  return new PecFake(options).start();
}

function headerOf(raw: string, name: string): string | null {
  const head = (raw.split(/\r?\n\r?\n/, 1)[0] ?? "").replace(/\r?\n[ \t]+/g, " ");
  return new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1]?.trim() ?? null;
}

const xmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const b64Lines = (s: string | Buffer) => (Buffer.isBuffer(s) ? s : Buffer.from(s, "utf8")).toString("base64").replace(/.{1,76}/g, "$&\r\n");

/** Rome's wall clock for daticert's data (giorno, ora, zona). */
function romeParts(at: Date): { giorno: string; ora: string; zona: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Rome", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMin = Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMin >= 0 ? "+" : "-";
  const abs = Math.abs(offsetMin);
  return { giorno: `${parts.day}/${parts.month}/${parts.year}`, ora: `${parts.hour}:${parts.minute}:${parts.second}`, zona: `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}` };
}

const SUBJECT_PREFIX: Record<ReceiptKind, string> = {
  accettazione: "ACCETTAZIONE",
  "non-accettazione": "AVVISO DI NON ACCETTAZIONE",
  "avvenuta-consegna": "CONSEGNA",
  "errore-consegna": "AVVISO DI MANCATA CONSEGNA",
  "preavviso-errore-consegna": "AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO",
};

/** The words of the receipt's readable part (written for this fake). */
function readable(kind: ReceiptKind, sub: PecSubmission, recipient: string | null, when: string, id: string): string {
  const head = `Il ${when} il messaggio "${sub.subject}" inviato da "${sub.from}"`;
  const line = {
    accettazione: `${head} è stato accettato dal gestore e inoltrato a: ${sub.to.join(", ")}.`,
    "non-accettazione": `${head} non è stato accettato dal gestore e non è stato inoltrato.`,
    "avvenuta-consegna": `${head} è stato consegnato nella casella di ${recipient ?? ""}.`,
    "errore-consegna": `${head} non è stato consegnato a ${recipient ?? ""}: casella inesistente.`,
    "preavviso-errore-consegna": `${head} non risulta ancora consegnato a ${recipient ?? ""}.`,
  }[kind];
  return `Ricevuta (${kind})\r\n\r\n${line}\r\nIdentificativo del messaggio: ${id}\r\n`;
}

function buildReceipt(o: { kind: ReceiptKind; sub: PecSubmission; recipient: string | null; at: Date; provider: string; id: string }): string {
  const { kind, sub, recipient, at, provider, id } = o;
  const d = romeParts(at);
  const failed = kind === "errore-consegna" || kind === "non-accettazione" || kind === "preavviso-errore-consegna";
  const errore = kind === "errore-consegna" ? "no-dest" : kind === "non-accettazione" ? "altro" : "nessuno";
  const erroreEsteso = kind === "errore-consegna" ? "5.1.1 - casella del destinatario inesistente" : kind === "non-accettazione" ? "5.7.1 - messaggio non conforme" : kind === "preavviso-errore-consegna" ? "4.4.7 - tempo massimo superato" : null;
  const msgid = sub.messageId ?? "<sconosciuto@pec.fake.test>";
  const xml = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<!DOCTYPE postacert SYSTEM "Postacert.dtd">`,
    `<postacert tipo="${kind}" errore="${errore}">`,
    `  <intestazione>`,
    `    <mittente>${xmlEscape(sub.from)}</mittente>`,
    ...sub.to.map((t) => `    <destinatari tipo="certificato">${xmlEscape(t)}</destinatari>`),
    `    <risposte>${xmlEscape(sub.from)}</risposte>`,
    `    <oggetto>${xmlEscape(sub.subject)}</oggetto>`,
    `  </intestazione>`,
    `  <dati>`,
    `    <gestore-emittente>${xmlEscape(provider)}</gestore-emittente>`,
    `    <data zona="${d.zona}">`,
    `      <giorno>${d.giorno}</giorno>`,
    `      <ora>${d.ora}</ora>`,
    `    </data>`,
    `    <identificativo>${xmlEscape(id)}</identificativo>`,
    `    <msgid>${xmlEscape(msgid)}</msgid>`,
    ...(kind === "avvenuta-consegna" ? [`    <ricevuta tipo="completa" />`] : []),
    ...(recipient && kind !== "accettazione" && kind !== "non-accettazione" ? [`    <consegna>${xmlEscape(recipient)}</consegna>`] : []),
    ...(failed && erroreEsteso ? [`    <errore-esteso>${xmlEscape(erroreEsteso)}</errore-esteso>`] : []),
    `  </dati>`,
    `</postacert>`,
    ``,
  ].join("\r\n");
  const outer = `s-${randomBytes(8).toString("hex")}`;
  const inner = `m-${randomBytes(8).toString("hex")}`;
  const when = `${d.giorno} alle ore ${d.ora} (${d.zona})`;
  const parts = [
    `--${inner}`,
    `Content-Type: text/plain; charset=UTF-8`,
    `Content-Transfer-Encoding: base64`,
    ``,
    b64Lines(readable(kind, sub, recipient, when, id)),
    `--${inner}`,
    `Content-Type: application/xml; name="daticert.xml"`,
    `Content-Disposition: inline; filename="daticert.xml"`,
    `Content-Transfer-Encoding: base64`,
    ``,
    b64Lines(xml),
    ...(kind === "avvenuta-consegna"
      ? [`--${inner}`, `Content-Type: message/rfc822; name="postacert.eml"`, `Content-Disposition: inline; filename="postacert.eml"`, `Content-Transfer-Encoding: base64`, ``, b64Lines(sub.raw)]
      : []),
    `--${inner}--`,
    ``,
  ].join("\r\n");
  const subject = `${SUBJECT_PREFIX[kind]}: ${sub.subject}`;
  return [
    `Return-Path: <posta-certificata@pec.fake.test>`,
    `Date: ${at.toUTCString().replace("GMT", "+0000")}`,
    `From: "Per conto di: ${sub.from}" <posta-certificata@pec.fake.test>`,
    `To: ${sub.from}`,
    `Subject: =?UTF-8?B?${Buffer.from(subject, "utf8").toString("base64")}?=`,
    `Message-ID: <${id}>`,
    `X-Ricevuta: ${kind}`,
    `X-Riferimento-Message-ID: ${msgid}`,
    ...(kind === "avvenuta-consegna" ? [`X-TipoRicevuta: completa`] : []),
    `MIME-Version: 1.0`,
    `Content-Type: multipart/signed; protocol="application/pkcs7-signature"; micalg="sha-256"; boundary="${outer}"`,
    ``,
    `--${outer}`,
    `Content-Type: multipart/mixed; boundary="${inner}"`,
    ``,
    parts,
    `--${outer}`,
    `Content-Type: application/pkcs7-signature; name="smime.p7s"`,
    `Content-Disposition: attachment; filename="smime.p7s"`,
    `Content-Transfer-Encoding: base64`,
    ``,
    b64Lines(randomBytes(256)),
    `--${outer}--`,
    ``,
  ].join("\r\n");
}
