import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { entePecSettings, users, type Ente, type User } from "./schema";
import { encryptPecSecret } from "@/lib/channels/pec/settings";
import { getConfig } from "@/lib/config/env";

/** The demo's PEC login on the local fake (scripts/pec-fake.ts prints the same). */
export const DEMO_PEC_USER = "comune.bugliano@pec.example";
export const DEMO_PEC_PASSWORD = "pec-demo-bugliano";
/** Digital domiciles in the demo: one that is delivered, one the fake marks as failing (to show the fallback). */
export const DEMO_PEC_DOMICILE = "mario.rossi@pec.example";
export const DEMO_PEC_FAILING = "giulia.bianchi@pec-inesistente.example";

/**
 * The demo's PEC, when DEMO_PEC_SMTP_PORT and DEMO_PEC_IMAP_PORT say where `npm run pec:fake` listens (on 127.0.0.1):
 * the demo ente's PEC provider points at it, Mario Rossi has a digital domicile and Giulia Bianchi one that cannot
 * be delivered to. Without the fake, nobody has a domicile: an ente's PEC set up later (by hand, or by a test) must
 * not take the demo citizens' legal notices to a provider that is not there. Only in demo mode.
 */
export async function seedPec(db: Db, ente: Ente, citizens: User[]): Promise<void> {
  if (!demoMode()) return;
  const smtpPort = port(process.env.DEMO_PEC_SMTP_PORT);
  const imapPort = port(process.env.DEMO_PEC_IMAP_PORT);
  if (!smtpPort || !imapPort) return;
  const [mario, giulia] = citizens;
  if (mario) await db.update(users).set({ pecAddress: DEMO_PEC_DOMICILE }).where(eq(users.id, mario.id));
  if (giulia) await db.update(users).set({ pecAddress: DEMO_PEC_FAILING }).where(eq(users.id, giulia.id));
  const values = {
    address: ente.pec ?? DEMO_PEC_USER,
    smtpHost: "127.0.0.1",
    smtpPort,
    smtpSecurity: "none",
    smtpUser: DEMO_PEC_USER,
    smtpPasswordEnc: encryptPecSecret(DEMO_PEC_PASSWORD),
    imapHost: "127.0.0.1",
    imapPort,
    imapSecurity: "none",
    imapUser: DEMO_PEC_USER,
    imapPasswordEnc: encryptPecSecret(DEMO_PEC_PASSWORD),
    imapMailbox: "INBOX",
    updatedAt: new Date(),
  };
  await db.insert(entePecSettings).values({ enteId: ente.id, ...values }).onConflictDoUpdate({ target: entePecSettings.enteId, set: values });
}

function demoMode(): boolean {
  try {
    return getConfig().demoMode;
  } catch {
    return false;
  }
}

function port(v: string | undefined): number | null {
  const n = Number(v);
  return v && Number.isInteger(n) && n > 0 && n < 65536 ? n : null;
}
