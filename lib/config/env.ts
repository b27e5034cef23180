import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { loadIdpRegistry, type IdpConfig } from "./spid-idps";

/** Raised when the environment is wrong: one line naming the variable, so start-up stops clearly. */
export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`Configuration error: ${variable} ${problem}`);
    this.name = "ConfigError";
  }
}

const boolish = z
  .enum(["1", "0", "true", "false", "yes", "no", "on", "off"])
  .transform((v) => ["1", "true", "yes", "on"].includes(v));

const rawSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  DATA_DIR: z.string().min(1).default("./data"),
  APP_URL: z.url({ message: "must be an absolute URL such as http://localhost:3000" }).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Stanza <noreply@stanza.localhost>"),
  DEMO_MODE: boolish.optional(),
  TRUST_PROXY: boolish.optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).default("SPID / CIE"),
  WORKER: z.enum(["inline", "off"]).default("inline"),
  EMAIL_SHAPE_CACHE: boolish.default(true),
  /** How long an outbox claim holds before another worker takes the row as a dead worker's (longer than any send). */
  OUTBOX_LEASE_MS: z.coerce.number().int().min(1_000).max(60 * 60_000).default(5 * 60_000),
  SPID_IDPS_FILE: z.string().min(1).optional(),
  SPID_SP_KEY_FILE: z.string().min(1).optional(),
  SPID_SP_CERT_FILE: z.string().min(1).optional(),
  STAFF_IDLE_MINUTES: z.coerce.number().int("must be a whole number of minutes").min(1).max(24 * 60).default(30),
  // Attachment storage: local disk (DATA_DIR/files) unless STORAGE_URL names an S3 bucket.
  STORAGE_URL: z
    .string()
    .regex(/^(s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?|file:.+)$/, "must be s3://BUCKET/PREFIX (or file:PATH)")
    .optional(),
  S3_ENDPOINT: z.url({ message: "must be an absolute URL such as http://127.0.0.1:9000" }).optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_FORCE_PATH_STYLE: boolish.default(false),
  /** Bearer token for /metrics; unset: only loopback addresses may read it. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** Bearer token for the operations endpoints (backup of the embedded database); unset: loopback only. */
  OPS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  /** `npm run worker` serves its own /metrics on this port (unset: none). */
  WORKER_METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** On SIGTERM, how long requests in flight (and the worker's batch) may take before the process exits anyway. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(15_000),
  /** App IO's API (lib/channels/io): production by default; tests and the demo point it at a local fake. */
  IO_API_URL: z.url({ message: "must be an absolute URL such as https://api.io.pagopa.it/api/v1" }).default("https://api.io.pagopa.it/api/v1"),
  /** How often the worker reads the PEC mailboxes for receipts (lib/channels/pec). */
  PEC_POLL_MS: z.coerce.number().int().min(1_000).max(24 * 3_600_000).default(60_000),
  /** PEC servers on loopback, private or link-local addresses (an internal relay, tests); refused unless set or in demo mode. */
  PEC_ALLOW_PRIVATE_HOSTS: boolish.default(false),
});

/** Where attachments live (lib/storage). */
export type StorageConfig =
  | { kind: "disk"; root: string }
  | {
      kind: "s3";
      bucket: string;
      /** Key prefix inside the bucket, without leading or trailing slash ("" for none). */
      prefix: string;
      endpoint: string | undefined;
      region: string;
      accessKeyId: string | undefined;
      secretAccessKey: string | undefined;
      forcePathStyle: boolean;
    };

export type AppConfig = {
  databaseUrl: string | undefined;
  dataDir: string;
  appUrl: string;
  port: number;
  authSecret: string;
  smtpUrl: string | undefined;
  mailFrom: string;
  demoMode: boolean;
  trustProxy: boolean;
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string } | undefined;
  worker: "inline" | "off";
  /** OUTBOX_LEASE_MS: a claim older than this is a dead worker's, and its rows are taken again. */
  outboxLeaseMs: number;
  /**
   * The outbox worker renders emails from cached pieces per shape (lib/notifications/render-shapes.ts) instead of
   * one by one (lib/notifications/render.ts): the same emails; one by one, the worker sends 15–25% fewer a second.
   */
  emailShapeCache: boolean;
  /** A staff session without a request for this long ends. */
  staffIdleMinutes: number;
  /**
   * SPID/CIE over SAML (lib/spid): the identity providers, and the service provider's key and certificate files.
   * Without a key pair SPID is off, except in demo mode, which makes one in DATA_DIR (lib/spid/keys.ts).
   */
  spid: { idps: IdpConfig[]; keyFile: string | undefined; certFile: string | undefined };
  storage: StorageConfig;
  metricsToken: string | undefined;
  opsToken: string | undefined;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  workerMetricsPort: number | undefined;
  shutdownGraceMs: number;
  /** IO_API_URL without a trailing slash. */
  ioApiUrl: string;
  pecPollMs: number;
  pecAllowPrivateHosts: boolean;
};

function parseStorage(e: { STORAGE_URL?: string; S3_ENDPOINT?: string; S3_REGION: string; S3_ACCESS_KEY_ID?: string; S3_SECRET_ACCESS_KEY?: string; S3_FORCE_PATH_STYLE: boolean }, dataDir: string): StorageConfig {
  if (!e.STORAGE_URL) return { kind: "disk", root: path.join(dataDir, "files") };
  if (e.STORAGE_URL.startsWith("file:")) return { kind: "disk", root: path.resolve(e.STORAGE_URL.slice("file:".length).replace(/^\/\/(?=\/)/, "")) };
  const url = new URL(e.STORAGE_URL);
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError(e.S3_ACCESS_KEY_ID ? "S3_SECRET_ACCESS_KEY" : "S3_ACCESS_KEY_ID", "is required when the other S3 key variable is set");
  }
  let prefix: string;
  try {
    prefix = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, "");
  } catch {
    throw new ConfigError("STORAGE_URL", "has a malformed %-escape in its prefix");
  }
  return {
    kind: "s3",
    bucket: url.hostname,
    prefix,
    endpoint: e.S3_ENDPOINT,
    region: e.S3_REGION,
    accessKeyId: e.S3_ACCESS_KEY_ID,
    secretAccessKey: e.S3_SECRET_ACCESS_KEY,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
  };
}

/** Treat empty strings as unset: `FOO= npm start` should mean "no FOO". */
function cleanEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== "") out[k] = v;
  return out;
}

function loadOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  // English, for the operator reading the console (the app sets codes as zod's messages elsewhere).
  const parsed = rawSchema.safeParse(cleanEnv(env), { error: z.locales.en().localeError });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    throw new ConfigError(variable, issue?.message ?? "is invalid");
  }
  const e = parsed.data;
  // Demo mode opens a test identity provider and a public mailbox: only ever on when asked for by name
  // (`npm run demo` does), never inferred from the database a real installation happens to use.
  const demoMode = e.DEMO_MODE ?? false;
  const dataDir = path.resolve(e.DATA_DIR);
  let authSecret = e.AUTH_SECRET;
  if (!authSecret) {
    if (!demoMode) throw new ConfigError("AUTH_SECRET", "is required outside demo mode (32+ random characters)");
    authSecret = loadOrCreateSecret(dataDir);
  }
  const oidcParts = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID, e.OIDC_CLIENT_SECRET];
  const oidcSet = oidcParts.filter(Boolean).length;
  if (oidcSet > 0 && oidcSet < 3) {
    const missing = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"][oidcParts.findIndex((p) => !p)];
    throw new ConfigError(missing ?? "OIDC_ISSUER", "is required when any OIDC_* variable is set");
  }
  if (Boolean(e.SPID_SP_KEY_FILE) !== Boolean(e.SPID_SP_CERT_FILE)) {
    throw new ConfigError(e.SPID_SP_KEY_FILE ? "SPID_SP_CERT_FILE" : "SPID_SP_KEY_FILE", "is required when the other SPID_SP_* file is set");
  }
  let idps: IdpConfig[] = [];
  if (e.SPID_IDPS_FILE) {
    try {
      idps = loadIdpRegistry(path.resolve(e.SPID_IDPS_FILE));
    } catch (err) {
      throw new ConfigError("SPID_IDPS_FILE", err instanceof Error ? err.message : "is invalid");
    }
  }
  for (const [name, file] of [["SPID_SP_KEY_FILE", e.SPID_SP_KEY_FILE], ["SPID_SP_CERT_FILE", e.SPID_SP_CERT_FILE]] as const) {
    if (file && !existsSync(path.resolve(file))) throw new ConfigError(name, "names a file that does not exist");
  }
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir,
    appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ""),
    port: e.PORT,
    authSecret,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    demoMode,
    trustProxy: e.TRUST_PROXY ?? false,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, name: e.OIDC_NAME }
        : undefined,
    worker: e.WORKER,
    outboxLeaseMs: e.OUTBOX_LEASE_MS,
    emailShapeCache: e.EMAIL_SHAPE_CACHE,
    staffIdleMinutes: e.STAFF_IDLE_MINUTES,
    spid: {
      idps,
      keyFile: e.SPID_SP_KEY_FILE && path.resolve(e.SPID_SP_KEY_FILE),
      certFile: e.SPID_SP_CERT_FILE && path.resolve(e.SPID_SP_CERT_FILE),
    },
    storage: parseStorage(e, dataDir),
    metricsToken: e.METRICS_TOKEN,
    opsToken: e.OPS_TOKEN,
    logLevel: e.LOG_LEVEL,
    workerMetricsPort: e.WORKER_METRICS_PORT,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    ioApiUrl: e.IO_API_URL.replace(/\/+$/, ""),
    pecPollMs: e.PEC_POLL_MS,
    pecAllowPrivateHosts: e.PEC_ALLOW_PRIVATE_HOSTS,
  };
}

/** EMAIL_SHAPE_CACHE alone, for a tool that wires a worker without the whole configuration (bench/notifications.ts). */
export function emailShapeCacheFrom(env: Record<string, string | undefined>): boolean {
  const parsed = rawSchema.shape.EMAIL_SHAPE_CACHE.safeParse(cleanEnv(env).EMAIL_SHAPE_CACHE);
  if (!parsed.success) throw new ConfigError("EMAIL_SHAPE_CACHE", "must be on or off");
  return parsed.data;
}

let cached: AppConfig | undefined;

/** The validated configuration of this process, read once. */
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
