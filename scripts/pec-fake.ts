/**
 * `npm run pec:fake [-- --smtp-port 2526 --imap-port 1143]`
 *
 * NOT FOR PRODUCTION: a local PEC provider for the demo (tests/helpers/pec-server.ts): an SMTP server wanting the
 * demo's login, and an IMAP mailbox where the receipts of every message it takes appear (acceptance, then delivery;
 * a non-delivery for the demo's failing domicile). Listens on 127.0.0.1, prints the environment variables that make
 * the demo seed point the demo ente at it, and runs until stopped (Ctrl-C / SIGTERM). Nothing is kept on disk.
 */
import { parseArgs } from "node:util";
import { DEMO_PEC_FAILING, DEMO_PEC_PASSWORD, DEMO_PEC_USER } from "@/db/seed-pec";
import { startPecFake } from "@/tests/helpers/pec-server";

const { values } = parseArgs({ options: { "smtp-port": { type: "string", default: "0" }, "imap-port": { type: "string", default: "0" } }, strict: true });
const asPort = (v: string | undefined) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) {
    console.error("pec:fake: --smtp-port and --imap-port must be port numbers");
    process.exit(2);
  }
  return n;
};
const fake = await startPecFake({ users: { [DEMO_PEC_USER]: DEMO_PEC_PASSWORD }, smtpPort: asPort(values["smtp-port"]), imapPort: asPort(values["imap-port"]), provider: "Gestore PEC dimostrativo" });
fake.failing.add(DEMO_PEC_FAILING);
console.log(`DEMO_PEC_SMTP_PORT=${fake.smtpPort}`);
console.log(`DEMO_PEC_IMAP_PORT=${fake.imapPort}`);
console.error(`pec:fake: SMTP on 127.0.0.1:${fake.smtpPort}, IMAP on 127.0.0.1:${fake.imapPort}, login ${DEMO_PEC_USER} (not for production)`);
const stop = async () => {
  await fake.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
