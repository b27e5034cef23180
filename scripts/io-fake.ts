/**
 * `npm run io:fake [-- --port 4580 --key <32 hex> --missing <CF> --blocked <CF>]`
 *
 * NOT FOR PRODUCTION: a local fake of App IO's services API, to try the IO channel on a laptop. It accepts the demo
 * services' keys (db/seed-io.ts) and any --key given; every valid codice fiscale has an IO profile that allows the
 * sender, except those named with --missing (no profile) or --blocked (the service blocked). Prints IO_API_URL; the
 * messages it received are at <url>/../../__fake/messages. Runs until stopped (Ctrl-C / SIGTERM).
 */
import { parseArgs } from "node:util";
import { DEMO_SERVICES } from "@/db/seed-data";
import { demoIoKey } from "@/db/seed-io";
import { startIoServer } from "@/tests/helpers/io-server";

const { values } = parseArgs({
  options: { port: { type: "string", default: "0" }, key: { type: "string", multiple: true }, missing: { type: "string", multiple: true }, blocked: { type: "string", multiple: true } },
  strict: true,
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error("io:fake: --port must be a port number");
  process.exit(2);
}
const keys = [...DEMO_SERVICES.map((s) => demoIoKey(s.slug)), ...(values.key ?? [])];
const server = await startIoServer({ port, keys, defaultProfile: "allowed", log: (line) => console.error(`io:fake: ${line}`) });
for (const cf of values.missing ?? []) server.setProfile(cf.toUpperCase(), "missing");
for (const cf of values.blocked ?? []) server.setProfile(cf.toUpperCase(), "blocked");
console.log(`IO_API_URL=${server.url}`);
console.error(`io:fake: listening on ${server.url} (not for production); received messages: ${new URL("/__fake/messages", server.url).toString()}`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
