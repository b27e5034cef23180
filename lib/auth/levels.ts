import { z } from "zod";
import type { LoginMethod } from "@/db/schema/shapes/login";

/**
 * Login levels, as numbers so they compare: 0 = no verified identity (a link by email proves only a mailbox),
 * 1–3 = SPID's SpidL1 (password), SpidL2 (second factor), SpidL3 (smart card or equivalent). CIE answers with
 * the same three classes. A service's minimum is one of these; a session records the one it reached.
 */
export const AUTH_LEVELS = [0, 1, 2, 3] as const;
export type AuthLevel = (typeof AUTH_LEVELS)[number];
export const authLevelSchema = z.coerce.number().int().min(0).max(3).transform((n) => n as AuthLevel);
/** A SAML login asks for at least L1. */
export const samlLevelSchema = z.coerce.number().int().min(1).max(3).transform((n) => n as 1 | 2 | 3);

/** New services ask for SpidL2, as AgID recommends for services that handle personal data. */
export const DEFAULT_MIN_AUTH_LEVEL: AuthLevel = 2;

const SPID_LEVEL_URI = "https://www.spid.gov.it/SpidL";
export const spidLevelUri = (level: 1 | 2 | 3) => `${SPID_LEVEL_URI}${level}`;
/** The level an AuthnContextClassRef names, or null for anything else. */
export function levelFromUri(uri: string | undefined | null): 1 | 2 | 3 | null {
  const m = /^https:\/\/www\.spid\.gov\.it\/SpidL([123])$/.exec((uri ?? "").trim());
  return m ? (Number(m[1]) as 1 | 2 | 3) : null;
}

export type { LoginMethod };

/** Whether a session of `level` may use a service asking for `min`. */
export const meetsLevel = (level: number, min: number) => level >= min;

/** Where a session below a service's level goes: the login page asking for that level, coming back to `next`. */
export function levelRedirect(enteSlug: string, sessionLevel: number, minLevel: number, next: string): string | null {
  if (meetsLevel(sessionLevel, minLevel)) return null;
  return `/${enteSlug}/accedi?${new URLSearchParams({ next, livello: String(minLevel) }).toString()}`;
}
