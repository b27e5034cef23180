import "server-only";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db";
import type { Db } from "@/db/client";
import type { Ente, User } from "@/db/schema";
import { getCurrentUser, getStaffRoles } from "@/lib/auth/session";
import type { Ctx } from "@/lib/context";
import { getEnteBySlug } from "@/lib/enti/get";
import { ForbiddenError, NotFoundError, UnauthorizedError, type ErrorCode } from "@/lib/errors";
import type { Lang } from "@/lib/i18n";
import { getLang } from "@/lib/i18n/server";
import { logger } from "@/lib/ops/log";
import { toFailure, type ActionFailure } from "./failure";
import { assertSameOrigin } from "./guard";
import { UNSAFE_METHODS } from "./origin";
import { inRequestContext } from "./request-id";

/**
 * The wrappers every browser route handler (`route.ts` outside the partner API) is made with: the request's
 * origin on every state-changing method, the path parameters parsed with zod (a bad one is a 404), the actor
 * authorized, then the handler; anything it throws becomes the one refusal shape (`ActionFailure`) as JSON with
 * the error's status, or whatever `onError` answers (a plain HTML form: a 303 back to its page with the error's
 * code, never its text).
 */
type Who = "public" | "citizen" | "operator" | "admin";
type Actor<W extends Who> = W extends "citizen"
  ? { kind: "citizen"; userId: string }
  : W extends "operator"
    ? { kind: "operator"; userId: string }
    : W extends "admin"
      ? { kind: "admin"; userId: string }
      : null;

export type RouteRequest<P, W extends Who> = {
  req: Request;
  url: URL;
  params: P;
  lang: Lang;
  db: Db;
  /** The ente of the path (`{ente}`), when the route has one. */
  ente: Ente;
  /** For routes of a signed-in actor: ctx with that actor; the public ones get a system-less ctx of null. */
  ctx: W extends "public" ? null : Ctx & { actor: Actor<W> };
  user: W extends "public" ? null : User;
};

type RouteOptions<P extends z.ZodType, W extends Who> = {
  /** Path parameters; `ente` (a slug) is resolved to the ente, an unknown one is a 404. */
  params: P;
  who: W;
  /** What a path that does not parse is not found as (default: a page). */
  notFound?: ErrorCode;
  /** Signed out: the answer (a plain form redirects to the login page); JSON 401 by default. */
  onSignedOut?: (r: { req: Request; ente: Ente; params: z.output<P> }) => Response;
  /**
   * "identity-provider": the one route whose POST comes from another site by design, the SAML Assertion Consumer
   * Service (an identity provider's page posts the Response). Its origin is not checked; the SAML checks
   * (signature, InResponseTo, audience, time, replay: lib/spid/acs.ts) protect it instead. Nothing else uses it.
   */
  origin?: "same" | "identity-provider";
  /** A refusal as the answer (default: JSON `ActionFailure` with the error's status). */
  onError?: (failure: ActionFailure, status: number, r: { req: Request; params: z.output<P> | null; ente: Ente | null }) => Response;
};

export const noStoreJson = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  Response.json(body, { status, headers: { "Cache-Control": "no-store", ...headers } });

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

export function browserRoute<P extends z.ZodType<{ ente: string }>, W extends Who>(
  opts: RouteOptions<P, W>,
  handler: (r: RouteRequest<z.output<P>, W>) => Promise<Response>,
) {
  return (req: Request, context: RouteContext): Promise<Response> => inRequestContext(req.headers, () => serve(req, context));
  async function serve(req: Request, context: RouteContext): Promise<Response> {
    let lang: Lang = "it";
    let params: z.output<P> | null = null;
    let ente: Ente | null = null;
    try {
      lang = await getLang();
      if (UNSAFE_METHODS.has(req.method) && opts.origin !== "identity-provider") assertSameOrigin(req.headers);
      const parsed = opts.params.safeParse(await context.params);
      if (!parsed.success) throw new NotFoundError(opts.notFound ?? "page.not_found");
      params = parsed.data as z.output<P>;
      const db = await getDb();
      ente = await getEnteBySlug(db, params.ente);
      if (!ente) throw new NotFoundError("page.not_found");
      let ctx: Ctx | null = null;
      let user: User | null = null;
      if (opts.who !== "public") {
        const current = await getCurrentUser();
        const signedIn = current && (opts.who === "citizen" ? current.kind === "citizen" : current.kind === "staff");
        if (!current || !signedIn) {
          if (opts.onSignedOut) return opts.onSignedOut({ req, ente, params });
          throw new UnauthorizedError("request.unauthorized");
        }
        if (opts.who !== "citizen") {
          const roles = await getStaffRoles(db, current.user.id, ente.id);
          if (!roles.includes(opts.who as "operator" | "admin")) throw new ForbiddenError(opts.who === "admin" ? "admin.only" : "operator.only");
        }
        user = current.user;
        ctx = { db, ente, actor: { kind: opts.who as "citizen" | "operator" | "admin", userId: current.user.id } };
      }
      return await handler({ req, url: new URL(req.url), params, lang, db, ente, ctx, user } as RouteRequest<z.output<P>, W>);
    } catch (err) {
      unstable_rethrow(err);
      const { status, failure } = toFailure(err, lang);
      if (opts.onError) return opts.onError(failure, status, { req, params, ente });
      return noStoreJson(status, failure);
    }
  }
}

/** A state-changing route of the whole site, outside any ente (the language switch): origin, then the handler. */
export function siteRoute(handler: (r: { req: Request; url: URL; lang: Lang }) => Promise<Response>) {
  return (req: Request): Promise<Response> =>
    inRequestContext(req.headers, async () => {
      let lang: Lang = "it";
      try {
        lang = await getLang();
        if (UNSAFE_METHODS.has(req.method)) assertSameOrigin(req.headers);
        return await handler({ req, url: new URL(req.url), lang });
      } catch (err) {
        unstable_rethrow(err);
        const { status, failure } = toFailure(err, lang);
        return noStoreJson(status, failure);
      }
    });
}

/** The largest payment notification accepted (a pagoPA outcome is well under 2 KB). */
const MAX_CALLBACK_BYTES = 64 * 1024;

/**
 * The wrapper of a payment provider's notification (`POST /api/pagamenti/{ente}/notifica`): a server-to-server call,
 * so no browser origin to check (lib/edge/cross-site.ts lets it through) — the handler checks the provider's
 * signature instead, before believing a byte. Here: the ente slug parsed, the raw body read with a size limit (413
 * beyond), and every refusal a JSON `{ outcome, code }` with its status, never a 500 with details.
 */
export function providerCallbackRoute(handler: (r: { req: Request; enteSlug: string; rawBody: string; db: Db }) => Promise<{ status: number; body: unknown }>) {
  return (req: Request, context: RouteContext): Promise<Response> => inRequestContext(req.headers, () => serve(req, context));
  async function serve(req: Request, context: RouteContext): Promise<Response> {
    try {
      const params = z.object({ ente: z.string().regex(/^[a-z0-9-]{1,100}$/) }).safeParse(await context.params);
      if (!params.success) return noStoreJson(404, { outcome: "refused", code: "page.not_found" });
      const declared = Number(req.headers.get("content-length") ?? "0");
      if (declared > MAX_CALLBACK_BYTES) return noStoreJson(413, { outcome: "refused", code: "request.bad" });
      const buf = Buffer.from(await req.arrayBuffer());
      if (buf.length > MAX_CALLBACK_BYTES) return noStoreJson(413, { outcome: "refused", code: "request.bad" });
      const db = await getDb();
      const answer = await handler({ req, enteSlug: params.data.ente, rawBody: buf.toString("utf8"), db });
      return noStoreJson(answer.status, answer.body);
    } catch (err) {
      unstable_rethrow(err);
      logger("payments").error({ err }, "payment callback failed");
      // The provider retries a 503: nothing was recorded.
      return noStoreJson(503, { outcome: "retry", code: "request.internal" });
    }
  }
}
