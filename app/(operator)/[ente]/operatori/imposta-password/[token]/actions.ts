"use server";

import { z } from "zod";
import { setPasswordWithToken } from "@/lib/admin/staff-tokens";
import { requireEnte } from "@/lib/auth/session";
import { publicAction } from "@/lib/edge/actions";
import type { ActionState } from "@/lib/edge/failure";
import { enteSlug } from "@/lib/edge/schemas";
import { ValidationError, fieldError } from "@/lib/errors";
import { adminTexts } from "@/lib/i18n/admin";
import { getT } from "@/lib/i18n/server";

/** Anonymous by design: the link's token is the credential (single-use, expiring, stored hashed). */
export const setPasswordAction = publicAction(
  {
    input: z.object({ ente: enteSlug, token: z.string().max(200), password: z.string().max(1000).default(""), confirm: z.string().max(1000).default("") }),
    args: (ente: string, token: string, _prev: ActionState, fd: FormData) => ({ ente, token, password: fd.get("password") ?? "", confirm: fd.get("confirm") ?? "" }),
  },
  async ({ ente: slug, token, password, confirm }): Promise<ActionState> => {
    const { db, ente } = await requireEnte(slug);
    if (password !== confirm) throw new ValidationError("password.mismatch", [fieldError("confirm", "password.mismatch")]);
    await setPasswordWithToken(db, ente, token, password);
    return { ok: (await getT(adminTexts)).setPassword.done };
  },
);
