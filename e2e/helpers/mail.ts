import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { simpleParser, type ParsedMail } from "mailparser";

const dataDir = process.env.E2E_DATA_DIR ?? path.resolve("test-results", "e2e-data");
export const SINK_DIR = path.join(dataDir, "smtp-sink");

/** Every message the SMTP sink received so far, oldest first. */
export async function receivedMail(): Promise<ParsedMail[]> {
  let files: string[] = [];
  try {
    files = readdirSync(SINK_DIR).filter((f) => f.endsWith(".eml")).sort();
  } catch {
    return [];
  }
  return Promise.all(files.map((f) => simpleParser(readFileSync(path.join(SINK_DIR, f)))));
}

/** Waits until a message matching `match` arrives (the outbox worker delivers asynchronously). */
export async function waitForMail(match: (m: ParsedMail) => boolean, timeoutMs = 30_000): Promise<ParsedMail> {
  let found: ParsedMail | undefined;
  await expect
    .poll(async () => (found = (await receivedMail()).find(match)) !== undefined, { message: "expected email did not arrive", timeout: timeoutMs })
    .toBe(true);
  if (!found) throw new Error("expected email did not arrive");
  return found;
}

export function recipients(m: ParsedMail): string[] {
  const to = Array.isArray(m.to) ? m.to : m.to ? [m.to] : [];
  return to.flatMap((a) => a.value.map((v) => (v.address ?? "").toLowerCase()));
}
