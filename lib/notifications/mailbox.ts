import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { fileBase, mailDir, type StoredMailSummary } from "./mailer";

const summarySchema = z.object({
  messageId: z.string(),
  from: z.string(),
  to: z.string(),
  subject: z.string(),
  date: z.string(),
  text: z.string(),
  html: z.string(),
  attachments: z.array(z.string()),
});

export type MailboxEntry = StoredMailSummary & { id: string };

/** The demo mailbox: what the file mailer wrote under DATA_DIR/mail, newest first. */
export async function listMailbox(dataDir: string, limit = 200): Promise<MailboxEntry[]> {
  const dir = mailDir(dataDir);
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json"));
  } catch {
    return [];
  }
  const entries = await Promise.all(names.map(async (n) => ({ n, mtime: (await stat(path.join(dir, n)).catch(() => null))?.mtimeMs ?? 0 })));
  entries.sort((a, b) => b.mtime - a.mtime);
  const out: MailboxEntry[] = [];
  for (const { n } of entries.slice(0, limit)) {
    const m = await readMail(dataDir, n.slice(0, -5));
    if (m) out.push(m);
  }
  return out;
}

/** One message by its id (the file name's base); ids are checked so nothing outside the folder is read. */
export async function readMail(dataDir: string, id: string): Promise<MailboxEntry | null> {
  if (!/^[A-Za-z0-9._-]{1,150}$/.test(id) || id !== fileBase(id)) return null;
  try {
    const json: unknown = JSON.parse(await readFile(path.join(mailDir(dataDir), `${id}.json`), "utf8"));
    const parsed = summarySchema.safeParse(json);
    return parsed.success ? { ...parsed.data, id } : null;
  } catch {
    return null;
  }
}
