import { createHash, createHmac, randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * A local S3-compatible server for tests and development (never production): `s3rver` on a loopback port, with
 * the bucket created and every request's AWS Signature V4 checked against one key pair. s3rver itself only checks
 * that the access key id exists (its V4 signature check is unimplemented), so the check is done here, in front
 * of it: a wrong secret is refused with 403 SignatureDoesNotMatch, an unknown key id with 403 InvalidAccessKeyId,
 * and an unsigned request with 403 AccessDenied. Payload hashes are not recomputed (the signed header is trusted).
 */
export type S3Server = {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  dir: string;
  /** Every request that reached the store, as "METHOD /path?query" (refused ones too), in order. */
  requests: string[];
  close(): Promise<void>;
};

type S3rverInstance = {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  configureBuckets(): Promise<unknown>;
};
type S3rverClass = new (opts: Record<string, unknown>) => S3rverInstance;
type AccountModule = { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void; revokeAccessKey(id: string): void } };

const require = createRequire(import.meta.url);

/** `port` 0 (the default) picks a free one; the key pair is random unless given. */
export async function startS3Server(
  opts: { port?: number; dir?: string; bucket?: string; accessKeyId?: string; secretAccessKey?: string } = {},
): Promise<S3Server> {
  const S3rver = require("s3rver") as S3rverClass;
  const accounts = require("s3rver/lib/models/account.js") as AccountModule;
  const dir = opts.dir ?? (await mkdtemp(path.join(os.tmpdir(), "stanza-s3-")));
  const ownDir = !opts.dir;
  const bucket = opts.bucket ?? "stanza-test";
  const accessKeyId = opts.accessKeyId ?? `AK${randomBytes(8).toString("hex").toUpperCase()}`;
  const secretAccessKey = opts.secretAccessKey ?? randomBytes(20).toString("base64url");
  accounts.DUMMY_ACCOUNT.createKeyPair(accessKeyId, secretAccessKey);
  const s3rver = new S3rver({ silent: true, directory: dir, configureBuckets: [{ name: bucket }], vhostBuckets: false, serviceEndpoint: "s3.local" });
  await s3rver.configureBuckets();
  const app = s3rver.callback();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method ?? "GET"} ${req.url ?? "/"}`);
    const refusal = checkSignature(req, accessKeyId, secretAccessKey);
    if (!refusal) return app(req, res);
    req.resume();
    res.writeHead(403, { "content-type": "application/xml" });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${refusal.message}</Message></Error>`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    accessKeyId,
    secretAccessKey,
    region: "us-east-1",
    dir,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      accounts.DUMMY_ACCOUNT.revokeAccessKey(accessKeyId);
      if (ownDir) await rm(dir, { recursive: true, force: true });
    },
  };
}

const encode = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const hmac = (key: Buffer | string, data: string) => createHmac("sha256", key).update(data).digest();

/** Recomputes the request's Signature V4 (header form) with the known secret; returns why it is refused, or null. */
function checkSignature(req: http.IncomingMessage, accessKeyId: string, secret: string): { code: string; message: string } | null {
  const auth = req.headers.authorization;
  if (!auth) return { code: "AccessDenied", message: "Anonymous access is forbidden" };
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return { code: "AccessDenied", message: "Unsupported authorization" };
  const [, keyId, date, region, service, signedHeaders, signature] = m as unknown as [string, string, string, string, string, string, string];
  if (keyId !== accessKeyId) return { code: "InvalidAccessKeyId", message: "The AWS Access Key Id you provided does not exist in our records." };
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const rawPath = q === -1 ? url : url.slice(0, q);
  const query = (q === -1 ? "" : url.slice(q + 1))
    .split("&")
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf("=");
      const k = decodeURIComponent(i === -1 ? pair : pair.slice(0, i));
      const v = i === -1 ? "" : decodeURIComponent(pair.slice(i + 1));
      return [encode(k), encode(v)] as const;
    })
    .filter(([k]) => k !== "X-Amz-Signature")
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const names = signedHeaders.split(";");
  const headers = names.map((n) => {
    const value = req.headers[n];
    return `${n}:${(Array.isArray(value) ? value.join(",") : (value ?? "")).trim().replace(/\s+/g, " ")}\n`;
  });
  const payload = String(req.headers["x-amz-content-sha256"] ?? "UNSIGNED-PAYLOAD");
  const canonical = [req.method ?? "GET", rawPath, query, headers.join(""), signedHeaders, payload].join("\n");
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, createHash("sha256").update(canonical).digest("hex")].join("\n");
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
  if (hmac(key, toSign).toString("hex") !== signature) {
    return { code: "SignatureDoesNotMatch", message: "The request signature we calculated does not match the signature you provided." };
  }
  return null;
}
