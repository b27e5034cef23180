import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { getConfig } from "@/lib/config/env";
import { normalizeCodiceFiscale } from "@/lib/services/codice-fiscale";
import { clientAddress } from "./client-address";
import type { LoginMethod } from "./levels";
import { createAuthSession, endAuthSession, SESSION_MAX_AGE_S } from "./sessions";
import { verifyStaffLogin } from "./verify-staff";

export class ThrottledSignin extends CredentialsSignin {
  override code = "throttled";
  constructor(readonly retryAfterS: number) {
    super();
  }
}

declare module "next-auth" {
  interface Session {
    user: { id: string; name?: string | null; email?: string | null; kind: "staff" | "citizen"; sid: string };
  }
}

type SignedInUser = { id: string; kind: "staff" | "citizen"; mfa?: boolean; method?: LoginMethod; level?: number };

/** Whether session cookies are `Secure` (and `__Secure-`/`__Host-` prefixed): from the configured APP_URL only. */
export function authCookiesSecure(appUrl: string): boolean {
  return new URL(appUrl).protocol === "https:";
}

/** Auth.js, configured lazily (the secret may live in DATA_DIR, and `next build` must not need it). */
export async function buildConfig(): Promise<NextAuthConfig> {
  const config = getConfig();
  const providers: Provider[] = [
    Credentials({
      id: "staff",
      name: "Operatori",
      credentials: { ente: {}, email: {}, password: {} },
      async authorize(credentials, request) {
        const result = await verifyStaffLogin(await getDb(), credentials, clientAddress(request?.headers, config.trustProxy));
        if (!result.ok) throw result.reason === "throttled" ? new ThrottledSignin(result.retryAfterS) : new CredentialsSignin();
        // With a second factor enrolled, the session opens in "code pending" state (lib/auth/totp.ts).
        return { id: result.user.id, name: result.user.name, email: result.user.email, kind: "staff", mfa: Boolean(result.user.totpEnabledAt), method: "password", level: 0 };
      },
    }),
  ];
  // Sign-in by email link: the link's page posts email + token here (lib/auth/email-link.ts).
  providers.push(
    Credentials({
      id: "email-link",
      name: "Link via email",
      credentials: { email: {}, token: {} },
      async authorize(credentials) {
        const { consumeSignInLink } = await import("./email-link");
        const user = await consumeSignInLink(await getDb(), credentials);
        // An email link proves a mailbox, not an identity: the lowest level (lib/auth/levels.ts).
        return user ? { id: user.id, name: user.name, email: user.email, kind: "citizen", method: "email", level: 0 } : null;
      },
    }),
  );
  // SPID/CIE over SAML: the ACS (lib/spid/acs.ts) has checked the identity provider's Response and hands over a
  // one-time ticket; spending it here opens the session with the method and the level the assertion carried.
  providers.push(
    Credentials({
      id: "saml",
      name: "SPID / CIE",
      credentials: { ticket: {} },
      async authorize(credentials) {
        const { spendLoginTicket } = await import("@/lib/spid/acs");
        const spent = await spendLoginTicket(await getDb(), credentials?.ticket);
        return spent ? { id: spent.user.id, name: spent.user.name, email: spent.user.email, kind: "citizen", method: spent.method, level: spent.level } : null;
      },
    }),
  );
  if (config.demoMode) {
    // The SPID test environment's stand-in: pick a demo identity. Never registered outside demo mode.
    providers.push(
      Credentials({
        id: "demo-idp",
        name: "Identità di prova",
        credentials: { codiceFiscale: {} },
        async authorize(credentials) {
          const parsed = z.object({ codiceFiscale: z.string().min(11).max(16) }).safeParse(credentials);
          if (!parsed.success) return null;
          const db = await getDb();
          const [user] = await db.select().from(users).where(eq(users.codiceFiscale, normalizeCodiceFiscale(parsed.data.codiceFiscale)));
          if (!user || user.disabledAt) return null;
          await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, user.id));
          // Demo only: stands for the SPID test environment at its highest level, so every demo service opens.
          return { id: user.id, name: user.name, email: user.email, kind: "citizen", method: "demo", level: 3 };
        },
      }),
    );
  }
  if (config.oidc) {
    const { upsertCitizenFromIdentity } = await import("./citizen-identity");
    providers.push({
      id: "spid",
      name: config.oidc.name,
      type: "oidc",
      issuer: config.oidc.issuer,
      clientId: config.oidc.clientId,
      clientSecret: config.oidc.clientSecret,
      checks: ["pkce", "state", "nonce"],
      async profile(profile) {
        const user = await upsertCitizenFromIdentity(await getDb(), profile);
        // A gateway's profile does not say which level was reached: SpidL2, what such gateways ask by default.
        return { id: user.id, name: user.name, email: user.email, kind: "citizen", method: "oidc", level: 2 };
      },
    });
  }
  // TRUST_PROXY off: no forwarded header may steer Auth.js. It builds its own URLs from X-Forwarded-Host/-Proto
  // unless AUTH_URL is set (next-auth reads it from process.env), so pin it to APP_URL.
  if (!config.trustProxy) process.env.AUTH_URL ??= config.appUrl;
  return {
    secret: config.authSecret,
    trustHost: true,
    // Secure (`__Secure-`) cookies follow the configured APP_URL, never a request header: Auth.js would otherwise
    // decide from the request URL, which Next.js derives from X-Forwarded-Proto.
    useSecureCookies: authCookiesSecure(config.appUrl),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    providers,
    pages: { error: "/auth/errore" },
    callbacks: {
      // Only paths on this site, and as paths: the browser stays on the host it used (AUTH_URL may differ from
      // it when TRUST_PROXY is off), and no header can turn a redirect into another origin.
      redirect({ url, baseUrl }) {
        if (url.startsWith("/") && !url.startsWith("//")) return url;
        try {
          const target = new URL(url);
          if (target.origin === baseUrl) return `${target.pathname}${target.search}${target.hash}`;
        } catch {
          // not a URL: home
        }
        return "/";
      },
      async jwt({ token, user }) {
        if (user?.id) {
          // Sign-in: the cookie gets the id of a new server-side session (lib/auth/sessions.ts).
          const signedIn = user as SignedInUser;
          const kind = signedIn.kind === "staff" ? "staff" : "citizen";
          token.uid = user.id;
          token.kind = kind;
          token.sid = await createAuthSession(await getDb(), {
            userId: user.id,
            kind,
            mfaPending: kind === "staff" && signedIn.mfa === true,
            method: signedIn.method,
            level: kind === "citizen" ? (signedIn.level ?? 0) : 0,
          });
        }
        return token;
      },
      session({ session, token }) {
        session.user = {
          ...session.user,
          id: String(token.uid ?? ""),
          kind: token.kind === "staff" ? "staff" : "citizen",
          sid: String(token.sid ?? ""),
        };
        return session;
      },
    },
    events: {
      // Also for a sign-out through /api/auth/signout; the logout action ends the session itself first.
      async signOut(message) {
        const sid = "token" in message ? message.token?.sid : undefined;
        if (typeof sid === "string") await endAuthSession(await getDb(), sid);
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
