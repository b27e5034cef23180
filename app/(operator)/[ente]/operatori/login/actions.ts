"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { z } from "zod";
import { signIn, ThrottledSignin } from "@/lib/auth/auth";
import { publicAction } from "@/lib/edge/actions";
import { enteSlug } from "@/lib/edge/schemas";

export type LoginState = { error?: string; code?: "invalid" | "throttled" | "missing" | string; email?: string; retryAfterS?: number };

/** Operators' and admins' login: credentials given by the municipality, one generic message on failure. */
export const staffLogin = publicAction(
  { input: z.object({ ente: enteSlug, email: z.string().trim().max(320).default(""), password: z.string().max(200).default("") }) },
  async ({ ente, email, password }): Promise<LoginState> => {
    if (!email || !password) return { code: "missing", email };
    try {
      await signIn("staff", { ente, email, password, redirectTo: `/${ente}/operatori/login` });
    } catch (error) {
      if (error instanceof ThrottledSignin) return { code: "throttled", email, retryAfterS: error.retryAfterS };
      if (error instanceof CredentialsSignin) return { code: "invalid", email };
      if (error instanceof AuthError) return { code: "invalid", email };
      throw error; // the redirect of a successful login
    }
    return {};
  },
);
