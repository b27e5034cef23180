"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn, ThrottledSignin } from "@/lib/auth/auth";

export type LoginState = { error?: "invalid" | "throttled" | "missing"; email?: string; retryAfterS?: number };

/** Operators' and admins' login: credentials given by the municipality, one generic message on failure. */
export async function staffLogin(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const ente = String(formData.get("ente") ?? "");
  const email = String(formData.get("email") ?? "").trim();
  const password = String(formData.get("password") ?? "");
  if (!email || !password) return { error: "missing", email };
  try {
    await signIn("staff", { ente, email, password, redirectTo: `/${ente}/operatori/login` });
  } catch (error) {
    if (error instanceof ThrottledSignin) return { error: "throttled", email, retryAfterS: error.retryAfterS };
    if (error instanceof CredentialsSignin) return { error: "invalid", email };
    if (error instanceof AuthError) return { error: "invalid", email };
    throw error; // the redirect of a successful login
  }
  return {};
}
