import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { users } from "@/db/schema";
import { getConfig } from "@/lib/config/env";
import { normalizeCodiceFiscale } from "@/lib/services/codice-fiscale";
import { verifyStaffLogin } from "./verify-staff";

class ThrottledSignin extends CredentialsSignin {
  override code = "throttled";
}

declare module "next-auth" {
  interface Session {
    user: { id: string; name?: string | null; email?: string | null; kind: "staff" | "citizen" };
  }
}

function clientKey(request: Request | undefined): string {
  const fwd = request?.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return fwd || request?.headers.get("x-real-ip") || "local";
}

/** Auth.js, configured lazily (the secret may live in DATA_DIR, and `next build` must not need it). */
async function buildConfig(): Promise<NextAuthConfig> {
  const config = getConfig();
  const providers: Provider[] = [
    Credentials({
      id: "staff",
      name: "Operatori",
      credentials: { ente: {}, email: {}, password: {} },
      async authorize(credentials, request) {
        const result = await verifyStaffLogin(await getDb(), credentials, clientKey(request));
        if (!result.ok) throw result.reason === "throttled" ? new ThrottledSignin() : new CredentialsSignin();
        return { id: result.user.id, name: result.user.name, email: result.user.email, kind: "staff" };
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
        return user ? { id: user.id, name: user.name, email: user.email, kind: "citizen" } : null;
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
          return { id: user.id, name: user.name, email: user.email, kind: "citizen" };
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
        return { id: user.id, name: user.name, email: user.email, kind: "citizen" };
      },
    });
  }
  return {
    secret: config.authSecret,
    trustHost: true,
    session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
    providers,
    pages: { error: "/auth/errore" },
    callbacks: {
      jwt({ token, user }) {
        if (user?.id) {
          token.uid = user.id;
          token.kind = (user as { kind?: string }).kind === "staff" ? "staff" : "citizen";
        }
        return token;
      },
      session({ session, token }) {
        session.user = {
          ...session.user,
          id: String(token.uid ?? ""),
          kind: token.kind === "staff" ? "staff" : "citizen",
        };
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());
