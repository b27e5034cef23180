import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/auth/auth";
import { safeNext } from "@/lib/auth/safe-next";
import { getConfig } from "@/lib/config/env";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { BadRequestError, NotFoundError } from "@/lib/errors";
import { consumeSamlResponse, MAX_RESPONSE_BYTES, requestCookie, requestIdFromCookies } from "@/lib/spid/acs";
import { getSpidSetup } from "@/lib/spid/setup";

const body = z.object({ SAMLResponse: z.string().min(1).max(Math.ceil((MAX_RESPONSE_BYTES * 4) / 3) + 4), RelayState: z.string().max(200).optional() });
const see = (location: string) => new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });

/**
 * The Assertion Consumer Service: the identity provider's page posts the SAML Response here, from its own site —
 * the one browser write accepted cross-site (lib/edge/cross-site.ts), protected by the SAML checks instead
 * (lib/spid/acs.ts). Accepted: the session opens and the browser goes where the login was started from.
 * Refused: back to the login page with the reason's code, never a 500.
 */
export const POST = browserRoute(
  {
    params: z.object({ ente: enteSlug }),
    who: "public",
    origin: "identity-provider",
    onError: (failure, _status, { ente }) => see(`/${ente?.slug ?? ""}/accedi?accesso=${encodeURIComponent(failure.code)}`),
  },
  async ({ req, db, ente }) => {
    const config = getConfig();
    const setup = await getSpidSetup(config);
    if (!setup) throw new NotFoundError("spid.not_configured");
    let form: FormData;
    try {
      form = await req.formData();
    } catch {
      throw new BadRequestError("spid.invalid_response");
    }
    const parsed = body.safeParse(Object.fromEntries(form));
    if (!parsed.success) throw new BadRequestError("spid.invalid_response");
    const { ticket, next } = await consumeSamlResponse(db, ente, parsed.data.SAMLResponse, {
      appUrl: config.appUrl,
      setup,
      browserRequestId: requestIdFromCookies(req.headers.get("cookie")),
    });
    const target = safeNext(ente.slug, next);
    try {
      await signIn("saml", { ticket, redirect: false, redirectTo: target });
    } catch (err) {
      if (err instanceof AuthError) throw new BadRequestError("spid.invalid_response");
      throw err;
    }
    const answer = see(target);
    answer.headers.append("Set-Cookie", requestCookie(config.appUrl, ente.slug, "", 0));
    return answer;
  },
);
