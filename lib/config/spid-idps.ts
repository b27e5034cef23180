import { readFileSync } from "node:fs";
import { z } from "zod";

/**
 * The identity providers a citizen may pick (SPID) plus CIE's: configuration, not code. AgID publishes the SPID
 * registry (https://registry.spid.gov.it) and it changes — providers join, certificates roll — so an installation
 * keeps a JSON file of them and points SPID_IDPS_FILE at it (docs/spid.md shows the shape). Validated at start.
 */
const pem = z
  .string()
  .trim()
  .transform((s) => s.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, ""))
  .pipe(z.string().regex(/^[A-Za-z0-9+/]+=*$/, "must be a base64 X.509 certificate").min(200, "must be a base64 X.509 certificate"));

export const idpSchema = z.object({
  /** Short id used in our URLs (`?idp=`): letters, digits and dashes. */
  id: z.string().regex(/^[a-z0-9-]{2,40}$/, "id must be 2–40 lowercase letters, digits or dashes"),
  kind: z.enum(["spid", "cie"]).default("spid"),
  entityId: z.string().min(1).max(500),
  name: z.string().min(1).max(100),
  /** SingleSignOnService, HTTP-Redirect binding. */
  ssoUrl: z.url(),
  /** Signing certificates (several while a provider rolls its key). */
  certificates: z.array(pem).min(1),
});
export type IdpConfig = z.output<typeof idpSchema>;

const fileSchema = z.object({ idps: z.array(idpSchema).max(100) }).superRefine((f, ctx) => {
  const seen = new Set<string>();
  for (const [i, idp] of f.idps.entries()) {
    if (seen.has(idp.id) || seen.has(idp.entityId)) ctx.addIssue({ code: "custom", path: ["idps", i, "id"], message: `duplicate identity provider ${idp.id}` });
    seen.add(idp.id).add(idp.entityId);
  }
});

/** The registry in `file`; throws a one-line message naming the problem. */
export function loadIdpRegistry(file: string): IdpConfig[] {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new Error(`cannot be read as JSON (${err instanceof Error ? err.name : "error"})`);
  }
  const parsed = fileSchema.safeParse(raw, { error: z.locales.en().localeError });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`is invalid at ${issue?.path.join(".") || "top level"}: ${issue?.message ?? "invalid"}`);
  }
  return parsed.data.idps;
}
