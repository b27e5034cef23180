/**
 * `npm run s3:fake [-- --port 4569 --dir ./data/s3 --bucket stanza --access-key KEY --secret-key SECRET]`
 *
 * NOT FOR PRODUCTION: a local S3-compatible server (s3rver, a development dependency) for developers and for the
 * many-instances script. Starts it on 127.0.0.1 with the bucket created and one key pair (random unless given) (requests signed
 * with any other key are refused), prints the environment variables that point Stanza at it, and runs until
 * stopped (Ctrl-C / SIGTERM). Objects are kept in --dir (a temporary folder, removed on exit, when not given).
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { startS3Server } from "@/tests/helpers/s3-server";

const { values } = parseArgs({ options: { port: { type: "string", default: "0" }, dir: { type: "string" }, bucket: { type: "string", default: "stanza" }, "access-key": { type: "string" }, "secret-key": { type: "string" } }, strict: true });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error("s3:fake: --port must be a port number");
  process.exit(2);
}
const server = await startS3Server({ port, dir: values.dir && path.resolve(values.dir), bucket: values.bucket, accessKeyId: values["access-key"], secretAccessKey: values["secret-key"] });
console.log(`STORAGE_URL=s3://${server.bucket}/attachments`);
console.log(`S3_ENDPOINT=${server.endpoint}`);
console.log(`S3_REGION=${server.region}`);
console.log(`S3_ACCESS_KEY_ID=${server.accessKeyId}`);
console.log(`S3_SECRET_ACCESS_KEY=${server.secretAccessKey}`);
console.log("S3_FORCE_PATH_STYLE=true");
console.error(`s3:fake: listening on ${server.endpoint}, objects in ${server.dir} (not for production)`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
