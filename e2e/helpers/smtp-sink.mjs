// A real SMTP server for tests: accepts every message and writes it as an .eml file, one per message.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";

export async function startSmtpSink(port, dir) {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on("data", (c) => chunks.push(c));
      stream.on("end", () => {
        n += 1;
        const name = `${Date.now()}-${String(n).padStart(5, "0")}.eml`;
        writeFileSync(path.join(dir, name), Buffer.concat(chunks));
        callback(null, `queued as ${name}`);
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return { close: () => server.close() };
}
