"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import { auth, signOut } from "@/lib/auth/auth";
import { endAuthSession } from "./sessions";
import { publicAction } from "@/lib/edge/actions";
import { enteSlug } from "@/lib/edge/schemas";

/**
 * Ends the session on the server (its row goes, so a copy of the cookie is worthless on every instance), then
 * clears the cookie and returns to the municipality's home page.
 */
export const logout = publicAction({ input: z.object({ ente: enteSlug.optional().catch(undefined) }), onError: () => redirect("/") }, async ({ ente }): Promise<void> => {
  const sid = (await auth())?.user?.sid;
  if (sid) await endAuthSession(await getDb(), sid);
  await signOut({ redirectTo: ente ? `/${ente}` : "/" });
});
