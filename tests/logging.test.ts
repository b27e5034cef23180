import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deliveryAttempts, outbox, type Ente } from "@/db/schema";
import { enqueueSignInLink } from "@/lib/notifications/enqueue";
import { SmtpMailer } from "@/lib/notifications/mailer";
import { createLogger, logger, scrubMessage, serializeError, setRootLogger } from "@/lib/ops/log";
import { withRequestContext } from "@/lib/ops/request-context";
import { createHandlers } from "@/lib/outbox/handlers";
import { OutboxWorker } from "@/lib/outbox/worker";
import { createTestDatabase, type TestDatabase } from "./helpers/db";
import { createEnte } from "./helpers/fixtures";
import { closeMailLine, openMailLine, SmtpSink } from "./helpers/smtp";

type Line = Record<string, unknown>;

/** A logger writing into memory: pino's destination is any object with write(). */
function capture(level: "info" | "debug" = "info") {
  const lines: string[] = [];
  const log = createLogger({ level, destination: { write: (chunk: string) => void lines.push(chunk) } });
  return { log, lines, parsed: () => lines.join("").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Line) };
}

let tdb: TestDatabase;
let ente: Ente;
let sink: SmtpSink;
let mailer: SmtpMailer;

beforeAll(async () => {
  tdb = await createTestDatabase();
  ente = await createEnte(tdb.db, { quietHoursStart: "00:00", quietHoursEnd: "00:00" });
  ({ sink, mailer } = await openMailLine());
});
afterAll(async () => {
  await closeMailLine({ sink, mailer });
  await tdb?.close();
});
afterEach(async () => {
  setRootLogger(undefined);
  await tdb.db.delete(deliveryAttempts);
  await tdb.db.delete(outbox);
  if (!(sink as unknown as { server?: unknown }).server) await sink.start();
});

describe("structured logs", () => {
  it("one JSON object per line, with service, instance, component, level, time and the request's id", async () => {
    const { log, parsed } = capture();
    await withRequestContext({ requestId: "req-logging-0001" }, async () => {
      await Promise.resolve();
      log.child({ component: "test" }).info({ praticaId: "p-1" }, "something happened");
    });
    log.warn("outside any request");
    const [inside, outside] = parsed();
    expect(inside).toMatchObject({ level: "info", service: "stanza", component: "test", requestId: "req-logging-0001", praticaId: "p-1", msg: "something happened" });
    expect(inside?.instance).toMatch(/^.+:\d+$/);
    expect(typeof inside?.time).toBe("string");
    expect(outside).toMatchObject({ level: "warn", msg: "outside any request" });
    expect(outside).not.toHaveProperty("requestId");
  });

  it("redacts personal fields and secrets, should one be logged by mistake", () => {
    const { log, lines, parsed } = capture();
    log.info(
      {
        email: "mario.rossi@example.com",
        user: { email: "anna.bianchi@example.com", fiscalCode: "RSSMRA80A01H501U", codiceFiscale: "BNCNNA85B41F205X", id: "u-1" },
        headers: { authorization: "Basic c2VncmV0bw==", cookie: "session=abc" },
        partner: { password: "hunter2", token: "tok-123", secret: "s3cr3t" },
      },
      "careless",
    );
    const out = lines.join("");
    for (const leaked of ["mario.rossi", "anna.bianchi", "RSSMRA80A01H501U", "BNCNNA85B41F205X", "c2VncmV0bw", "session=abc", "hunter2", "tok-123", "s3cr3t"]) {
      expect(out).not.toContain(leaked);
    }
    expect(parsed()[0]).toMatchObject({ email: "[redacted]", user: { email: "[redacted]", id: "u-1" }, headers: { authorization: "[redacted]" } });
  });

  it("an error is its type, code and message without addresses or query parameters; never the driver's detail", () => {
    const pgError = Object.assign(new Error("duplicate key value violates unique constraint \"users_email_uq\""), { code: "23505", detail: "Key (email)=(mario@example.com) already exists" });
    const drizzleError = new Error("Failed query: insert into users (email) values ($1)\nparams: mario@example.com", { cause: pgError });
    const s = serializeError(drizzleError);
    expect(JSON.stringify(s)).not.toContain("mario@example.com");
    expect(s).toMatchObject({ type: "Error", message: "Failed query: insert into users (email) values ($1)", cause: { code: "23505" } });
    expect(JSON.stringify(s)).not.toContain("already exists");
    expect(scrubMessage("550 5.1.1 <luigi.verdi@example.org>: Recipient address rejected, CF VRDLGU70C12L219K")).toBe("550 5.1.1 <[email]>: Recipient address rejected, CF [codice fiscale]");
    const { log, lines } = capture();
    log.error({ err: drizzleError }, "insert failed");
    expect(lines.join("")).not.toContain("mario@example.com");
  });

  it("the outbox worker logs each delivery with ids only, under the id of the request that enqueued it", async () => {
    const { log, lines, parsed } = capture("debug");
    setRootLogger(log);
    const rowId = await withRequestContext({ requestId: "req-signin-0042" }, () =>
      enqueueSignInLink(tdb.db, { enteId: ente.id, email: "giulia.neri@example.com", url: "http://stanza.test/accedi/link/SEGRETO-0042", lang: "it" }),
    );
    expect(rowId).toBeTruthy();
    const worker = (aheadMs: number) =>
      new OutboxWorker({
        db: tdb.db,
        workerId: "logging-test",
        handlers: createHandlers({ db: tdb.db, mailer, appUrl: "http://stanza.test", mailFrom: "Stanza <noreply@stanza.test>" }),
        now: () => new Date(Date.now() + aheadMs),
        random: () => 0,
      });
    // First with the SMTP server down: a failure, logged as a warning with the error's code.
    await sink.stop();
    await worker(5_000).drain(1);
    await sink.start();
    const failed = parsed().find((l) => l.result === "failed");
    expect(failed).toMatchObject({ level: "warn", component: "outbox", outboxId: rowId, topic: "email", kind: "sign_in_link", attempt: 1, requestId: "req-signin-0042" });
    expect((failed?.error as Line | undefined)?.message).toBeTruthy();
    // Then delivered, on its retry (due a minute later).
    await worker(10 * 60_000).drain(1);
    expect(sink.messages).toHaveLength(1);
    const sent = parsed().find((l) => l.result === "sent");
    expect(sent).toMatchObject({ level: "debug", component: "outbox", outboxId: rowId, kind: "sign_in_link", attempt: 2, requestId: "req-signin-0042" });
    const out = lines.join("");
    expect(out).not.toContain("giulia.neri");
    expect(out).not.toContain("SEGRETO-0042");
  });

  it("the process's logger is one per component, replaced for tests and back to stdout after", () => {
    const { log, parsed } = capture();
    setRootLogger(log);
    expect(logger("api")).toBe(logger("api"));
    logger("api").info({ errorId: "e-1" }, "hello");
    expect(parsed()[0]).toMatchObject({ component: "api", errorId: "e-1" });
    setRootLogger(undefined);
    expect(logger("api")).not.toBe(log);
  });
});
