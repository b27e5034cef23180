"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { citizenAction } from "@/lib/edge/actions";
import type { ActionFailure } from "@/lib/edge/failure";
import { enteSlug } from "@/lib/edge/schemas";
import { LANG_COOKIE } from "@/lib/i18n";
import { updateProfile } from "@/lib/profile/update";

type ProfileValues = { name?: string; email: string; phone: string; language: string; emailNotifications: boolean; ioEnabled: boolean; pecAddress: string };
/** `values`: what was submitted, so a refused form shows the citizen's input again (React resets the form). */
export type ProfileState = (Partial<ActionFailure> & { ok: boolean; values: ProfileValues }) | null;

const str = (v: unknown) => (typeof v === "string" ? v : "");
function valuesOf(raw: Record<string, unknown>): ProfileValues {
  return { name: typeof raw.name === "string" ? raw.name : undefined, email: str(raw.email), phone: str(raw.phone), language: str(raw.language), emailNotifications: raw.notifications === "email", ioEnabled: raw.io === "on", pecAddress: str(raw.pecAddress) };
}

export const saveProfileAction = citizenAction(
  {
    input: z.object({ ente: enteSlug, name: z.string().optional(), email: z.string().default(""), phone: z.string().default(""), language: z.string().default(""), notifications: z.string().optional(), io: z.string().optional(), pecAddress: z.string().default("") }),
    next: ({ ente }) => `/${ente}/area-personale/profilo`,
    onError: (failure, raw): ProfileState => ({ ok: false, ...failure, values: valuesOf(raw) }),
  },
  async ({ ctx }, input): Promise<ProfileState> => {
    const values = valuesOf(input);
    const user = await updateProfile(ctx, values);
    // The site follows the language chosen for messages.
    (await cookies()).set(LANG_COOKIE, user.language, { path: "/", sameSite: "lax", maxAge: 365 * 86_400 });
    return { ok: true, values: { ...values, email: user.email, phone: user.phone ?? "", ioEnabled: user.ioEnabled, pecAddress: user.pecAddress ?? "" } };
  },
);
