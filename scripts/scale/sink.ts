// An SMTP sink that counts messages by Message-ID: the worker sends every outbox row's email as
// `<outbox id@domain>` (lib/notifications/mailer.ts messageIdFor), so two messages with one id are one row sent twice.
import { SMTPServer } from "smtp-server";

export type Sink = { byMessageId: Map<string, number>; total: () => number; close: () => Promise<void> };

export async function startSink(port: number): Promise<Sink> {
  const byMessageId = new Map<string, number>();
  let total = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? "";
        const id = /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? `(none ${total})`;
        total += 1;
        byMessageId.set(id, (byMessageId.get(id) ?? 0) + 1);
        callback(null);
      });
    },
  });
  // A sender killed mid-message (the SIGKILL of a worker) resets its connection: that is the test, not a failure.
  server.on("error", () => {});
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return { byMessageId, total: () => total, close: () => new Promise((r) => server.close(() => r())) };
}
