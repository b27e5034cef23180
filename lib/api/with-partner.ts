import { and, eq, or } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/db/client";
import { partnerServices, services, type Ente, type Partner, type Service } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { REQUEST_ID_HEADER, requestIdOf } from "@/lib/edge/request-id";
import { withRequestContext } from "@/lib/ops/request-context";
import { isSlug } from "@/lib/slug";
import { isUuid } from "@/lib/uuid";
import { assertSecureTransport, authenticatePartner } from "./auth";
import { assertJsonContentType, DEFAULT_MAX_BODY, parseJsonBytes, readBodyCapped, validate } from "./body";
import { apiDeps } from "./deps";
import { claimIdempotencyKey, parseIdempotencyKey, requestHash, settleIdempotencyKey, type IdempotencyClaim, type StoredAnswer } from "./idempotency";
import { errorToResponse, jsonResponse, PROBLEM_CONTENT_TYPE } from "./problem";

/**
 * What the path names and the wrapper authorizes before the handler runs:
 * - "ente": only the credential; everything is filtered by the partner's ente.
 * - "partner": `{partner}` in the path must be the credential's partner.
 * - "service": `{servizio}/{ente}` in the path: the partner's own ente, and a service it is enabled on.
 */
export type PartnerScope = "ente" | "partner" | "service";

export type ApiJson = { status?: number; body: unknown; headers?: Record<string, string> };

export type PartnerRequest<B> = {
  req: Request;
  url: URL;
  params: Record<string, string>;
  ctx: Ctx & { actor: { kind: "partner"; partnerId: string } };
  db: DbOrTx;
  partner: Partner;
  ente: Ente;
  /** The service of a "service"-scoped path. */
  service: Service | null;
  body: B;
};

type Options<S extends z.ZodType | undefined> = {
  scope: PartnerScope;
  /** The request body's schema (POST); the handler gets the parsed value. */
  body?: S;
  maxBodyBytes?: number;
};

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

/**
 * The partner API's one wrapper: https (or loopback/demo), HTTP Basic, path scope, a per-credential rate limit
 * counted in the database, a capped body parsed as JSON and validated with zod, Idempotency-Key replays on
 * POST, and every error — typed or not — turned into problem+json. Bad input never writes anything.
 */
export function withPartner<S extends z.ZodType | undefined = undefined>(
  handler: (r: PartnerRequest<S extends z.ZodType ? z.output<S> : undefined>) => Promise<ApiJson | Response>,
  opts: Options<S>,
) {
  return async function route(req: Request, context?: RouteContext): Promise<Response> {
    // The request's id (proxy.ts) is the context of everything below (logs, audit and outbox rows) and goes back
    // on the answer, so a partner can quote it.
    const requestId = requestIdOf(req.headers);
    const res = await withRequestContext({ requestId }, () => serve(req, context));
    res.headers.set(REQUEST_ID_HEADER, requestId);
    return res;
  };

  async function serve(req: Request, context?: RouteContext): Promise<Response> {
    const url = new URL(req.url);
    const instance = url.pathname;
    let rateHeaders: Record<string, string> = {};
    try {
      const { db, config, rateLimiter } = await apiDeps();
      assertSecureTransport(req, config);
      const { partner, ente } = await authenticatePartner(db, req.headers.get("authorization"));
      // Counts one request of the credential in the current minute; past the limit, 429 with Retry-After.
      const rate = await rateLimiter.consume(db, `partner:${partner.id}`, partner.rateLimitPerMinute);
      rateHeaders = {
        "x-ratelimit-limit": String(partner.rateLimitPerMinute),
        "x-ratelimit-remaining": String(rate.remaining),
        "x-ratelimit-reset": String(rate.resetSeconds),
      };
      const params = await readParams(context);
      const service = await authorizeScope(db, opts.scope, params, partner, ente);
      const ctx = { db, ente, actor: { kind: "partner" as const, partnerId: partner.id } };

      const isPost = req.method === "POST";
      let bytes: Buffer = Buffer.alloc(0);
      let body: unknown = undefined;
      if (isPost && opts.body) {
        assertJsonContentType(req);
        bytes = await readBodyCapped(req, opts.maxBodyBytes ?? DEFAULT_MAX_BODY);
        body = validate(opts.body, parseJsonBytes(bytes));
      }
      const key = isPost ? parseIdempotencyKey(req.headers.get("idempotency-key")) : null;
      let claim: IdempotencyClaim | null = null;
      if (key) {
        const claimed = await claimIdempotencyKey(db, partner.id, key, requestHash(req.method, instance, bytes));
        if ("replay" in claimed) return answerResponse(claimed.replay, { ...rateHeaders, "idempotent-replayed": "true" });
        claim = claimed.claim;
      }
      let answer: StoredAnswer;
      let extraHeaders: Record<string, string> = {};
      try {
        const result = await handler({ req, url, params, ctx, db, partner, ente, service, body: body as never });
        if (result instanceof Response) {
          if (claim) await settleIdempotencyKey(db, partner.id, claim, { status: 500, body: null });
          for (const [k, v] of Object.entries(rateHeaders)) result.headers.set(k, v);
          return result;
        }
        answer = { status: result.status ?? 200, body: result.body };
        extraHeaders = result.headers ?? {};
      } catch (err) {
        if (claim) await settleIdempotencyKey(db, partner.id, claim, { status: 500, body: null }).catch(() => {});
        throw err;
      }
      if (claim) await settleIdempotencyKey(db, partner.id, claim, answer.status < 300 ? answer : { status: 500, body: null });
      return answerResponse(answer, { ...rateHeaders, ...extraHeaders });
    } catch (err) {
      const res = errorToResponse(err, instance);
      for (const [k, v] of Object.entries(rateHeaders)) res.headers.set(k, v);
      return res;
    }
  }
}

function answerResponse(answer: StoredAnswer, headers: Record<string, string>): Response {
  const type = answer.status >= 400 ? PROBLEM_CONTENT_TYPE : "application/json";
  return jsonResponse(answer.body, { status: answer.status, headers: { "content-type": type, "cache-control": "no-store", ...headers } });
}

async function readParams(context: RouteContext | undefined): Promise<Record<string, string>> {
  const raw = (await context?.params) ?? {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === "string") out[k] = v;
  return out;
}


async function authorizeScope(db: DbOrTx, scope: PartnerScope, params: Record<string, string>, partner: Partner, ente: Ente): Promise<Service | null> {
  if (scope === "partner") {
    if (params.partner !== partner.slug) throw new ForbiddenError("partner.path_mismatch");
    return null;
  }
  if (scope !== "service") return null;
  if (params.ente !== ente.slug) throw new ForbiddenError("partner.other_ente");
  const ref = params.servizio ?? "";
  if (!isSlug(ref) && !isUuid(ref)) throw new NotFoundError("service.not_found");
  const [row] = await db
    .select({ service: services, disabledAt: partnerServices.disabledAt, partnerId: partnerServices.partnerId })
    .from(services)
    .leftJoin(partnerServices, and(eq(partnerServices.serviceId, services.id), eq(partnerServices.partnerId, partner.id)))
    .where(and(eq(services.enteId, ente.id), isUuid(ref) ? or(eq(services.id, ref), eq(services.slug, ref)) : eq(services.slug, ref)));
  if (!row) throw new NotFoundError("service.not_found");
  if (!row.partnerId || row.disabledAt) throw new ForbiddenError("partner.not_enabled_service");
  return row.service;
}

