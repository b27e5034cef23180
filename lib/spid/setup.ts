import type { Ente } from "@/db/schema";
import type { AppConfig } from "@/lib/config/env";
import type { IdpConfig } from "@/lib/config/spid-idps";
import { certBody, loadOrCreateKeyPair, readKeyPair, type KeyPair } from "./keys";

/** The identity providers and keys SPID/CIE work with in this process, or null when SPID is not configured. */
export type SpidSetup = { sp: KeyPair; idps: IdpConfig[] };

export const DEMO_IDP_ID = "demo";
export const demoIdpEntityId = (appUrl: string) => `${appUrl}/demo-idp`;

/** The SP's URLs and entityID for an ente: each ente is its own service provider, with its own metadata. */
export function spUrls(appUrl: string, ente: Pick<Ente, "slug">) {
  const base = `${appUrl}/${ente.slug}/spid`;
  return { entityId: base, metadata: `${base}/metadata`, acs: `${base}/acs`, slo: `${base}/slo`, login: `${base}/login` };
}

type SetupConfig = Pick<AppConfig, "appUrl" | "dataDir" | "demoMode" | "spid">;

let cached: { key: string; promise: Promise<SpidSetup | null> } | undefined;

async function build(config: SetupConfig): Promise<SpidSetup | null> {
  const idps = [...config.spid.idps];
  let sp: KeyPair | null = null;
  if (config.spid.keyFile && config.spid.certFile) sp = readKeyPair(config.spid.keyFile, config.spid.certFile);
  if (config.demoMode) {
    sp ??= await loadOrCreateKeyPair(config.dataDir, "sp", "Stanza demo SP");
    // The local test identity provider (app/demo-idp): demo mode only, never listed otherwise.
    const idp = await loadOrCreateKeyPair(config.dataDir, "demo-idp", "Stanza demo IdP");
    const demo = { entityId: demoIdpEntityId(config.appUrl), ssoUrl: `${config.appUrl}/demo-idp/sso`, certificates: [certBody(idp.certificate)] };
    idps.push({ id: DEMO_IDP_ID, kind: "spid", name: "Demo IdP", ...demo });
    // "Entra con CIE" in the demo goes to the same test provider; the session records CIE as the method.
    if (!idps.some((i) => i.kind === "cie")) idps.push({ id: "demo-cie", kind: "cie", name: "Demo CIE", ...demo });
  }
  if (!sp) return null;
  return { sp, idps };
}

/** The setup for this configuration (made once; demo keys are created on the first call). */
export function getSpidSetup(config: SetupConfig): Promise<SpidSetup | null> {
  const key = JSON.stringify([config.appUrl, config.dataDir, config.demoMode, config.spid]);
  if (!cached || cached.key !== key) cached = { key, promise: build(config) };
  return cached.promise;
}

/** The demo IdP's own key pair (demo mode only). */
export function demoIdpKeys(config: Pick<AppConfig, "dataDir">): Promise<KeyPair> {
  return loadOrCreateKeyPair(config.dataDir, "demo-idp", "Stanza demo IdP");
}

export const spidIdps = (s: SpidSetup) => s.idps.filter((i) => i.kind === "spid");
export const cieIdp = (s: SpidSetup) => s.idps.find((i) => i.kind === "cie") ?? null;
