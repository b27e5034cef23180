import type { AddressInfo, Socket } from "node:net";
import { SMTPServer } from "smtp-server";
import { SmtpMailer } from "@/lib/notifications/mailer";

export type SinkMessage = { raw: string; messageId: string | null; to: string[]; subject: string | null };

/**
 * A real SMTP server in the test process that keeps what it receives. `stop()` / `start()` on the same port
 * simulate an SMTP outage; `delayMs` slows each message down (to kill a worker mid-batch).
 */
export class SmtpSink {
  readonly messages: SinkMessage[] = [];
  private server: SMTPServer | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;
  delayMs = 0;
  /** Connection errors the server saw (a client reset, for one). */
  readonly errors: Error[] = [];
  /** SMTP sessions opened since start (a pooled mailer keeps one open across messages). */
  connections = 0;

  async start(): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onConnect: (_session, callback) => {
        this.connections += 1;
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          const header = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
          const unfolded = header.replace(/\r?\n[ \t]+/g, " ");
          const get = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "im").exec(unfolded)?.[1]?.trim() ?? null;
          const done = () => {
            this.messages.push({ raw, messageId: get("Message-ID"), to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()), subject: get("Subject") });
            callback(null, `queued as ${this.messages.length}`);
          };
          if (this.delayMs > 0) setTimeout(done, this.delayMs);
          else done();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    // A client that dies mid-session (a killed worker) resets its connection: a server notes it and goes on.
    server.on("error", (err: Error) => this.errors.push(err));
    server.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.once("close", () => this.sockets.delete(socket));
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /**
   * Goes down like a crashed server: open sessions (a pooled client keeps one) are cut, not waited for — each gets
   * the FIN a dying process's sockets send, and no SMTP goodbye. Resolves once every client has seen its session
   * end and closed its side (the listener's close waits for all connections), as a client over a network would
   * long before the next message: client and server share this process, so the test must not go on before.
   */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    for (const socket of this.sockets) socket.end();
    const cut = setTimeout(() => {
      // A client that ignores the end of its session (none should) is cut off for good after a while.
      for (const socket of this.sockets) socket.destroy();
    }, 5_000);
    await closed;
    clearTimeout(cut);
    this.sockets.clear();
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** How many times each Message-ID arrived. */
  counts(): Map<string, number> {
    const m = new Map<string, number>();
    for (const msg of this.messages) if (msg.messageId) m.set(msg.messageId, (m.get(msg.messageId) ?? 0) + 1);
    return m;
  }
}

/** A sink and a mailer that delivers into it, as a test file opens them before its tests. */
export async function openMailLine(): Promise<{ sink: SmtpSink; mailer: SmtpMailer }> {
  const sink = await new SmtpSink().start();
  return { sink, mailer: new SmtpMailer(sink.url) };
}

/** Closes what `openMailLine` opened; either may be missing when the setup failed part-way. */
export async function closeMailLine({ sink, mailer }: { sink?: SmtpSink; mailer?: SmtpMailer }): Promise<void> {
  mailer?.close();
  await sink?.stop();
}
