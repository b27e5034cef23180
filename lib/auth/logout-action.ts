"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { signOut } from "@/lib/auth/auth";
import { publicAction } from "@/lib/edge/actions";
import { enteSlug } from "@/lib/edge/schemas";

/** Ends the session and returns to the municipality's home page. */
export const logout = publicAction({ input: z.object({ ente: enteSlug.optional().catch(undefined) }), onError: () => redirect("/") }, async ({ ente }): Promise<void> => {
  await signOut({ redirectTo: ente ? `/${ente}` : "/" });
});
