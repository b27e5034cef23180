// The cross-instance checks of the many-instances run: a session used on both instances, a rate limit shared by
// them, a partner disabled elsewhere refused within the partner-row cache's bound.
import type postgres from "postgres";
import { PARTNER_TTL_MS } from "@/lib/api/auth";
import { basic, ENTE, type Fixtures } from "./setup";
import { callAction, cookieHeader, mergeCookies, send, type Instance } from "./http";

export type CheckResult = { name: string; ok: boolean; detail: string; figures?: Record<string, number | string> };

type Ids = (exportName: string, file: string) => string;

/** Signs a demo citizen in on A, reads the personal area on B with the same cookie, signs out on B, is refused on A. */
export async function checkSession(a: Instance, b: Instance, ids: Ids, fx: Fixtures): Promise<CheckResult> {
  const jar = new Map<string, string>();
  const login = await callAction([a], 0, `/${ENTE}/accedi`, ids("demoIdpLogin", "app/(citizen)/[ente]/accedi/actions.ts"), [{ ente: ENTE, codiceFiscale: fx.citizen.codiceFiscale, next: `/${ENTE}/area-personale` }]);
  mergeCookies(jar, login);
  if (jar.size === 0) return { name: "session on both instances", ok: false, detail: `sign-in on A set no cookie (HTTP ${login.status})` };
  const page = `/${ENTE}/area-personale`;
  const onB = await send([b], 0, page, { headers: { cookie: cookieHeader(jar) } });
  const shows = onB.status === 200 && onB.text.includes(fx.citizen.name.split(" ")[0] ?? fx.citizen.name);
  const onA = await send([a], 0, page, { headers: { cookie: cookieHeader(jar) } });
  const before = new Map(jar);
  const logout = await callAction([b], 0, page, ids("logout", "lib/auth/logout-action.ts"), [{ ente: ENTE }], cookieHeader(jar));
  // The old cookie, as a stolen copy would be: the server-side row is gone, so A must refuse it.
  const afterOnA = await send([a], 0, page, { headers: { cookie: cookieHeader(before) } });
  const refused = afterOnA.status !== 200 || !afterOnA.text.includes(fx.citizen.name.split(" ")[0] ?? "");
  const ok = shows && onA.status === 200 && refused;
  return {
    name: "session on both instances",
    ok,
    detail: `signed in on A; B answers ${onB.status}${shows ? " showing the citizen" : " WITHOUT the citizen"}; signed out on B (HTTP ${logout.status}); the old cookie on A: HTTP ${afterOnA.status}${afterOnA.headers.get("location") ? ` → ${afterOnA.headers.get("location")}` : ""} (${refused ? "refused" : "STILL ACCEPTED"})`,
  };
}

/** Calls alternate between A and B; the limit must hold in total. Small limits are counted exactly (no batching slack). */
export async function checkSharedRateLimit(a: Instance, b: Instance, fx: Fixtures): Promise<CheckResult> {
  // A fixed window per minute: start well inside one, so the calls do not straddle two windows.
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 200));
  const calls = fx.rlLimit * 2;
  const statuses: number[] = [];
  for (let i = 0; i < calls; i++) {
    const res = await send([i % 2 === 0 ? a : b], 0, `/api/v1.0/${fx.rlPartner}/pratiche`, { headers: { authorization: basic(fx.rlPartner, fx.secret) } });
    statuses.push(res.status);
  }
  const allowed = statuses.filter((s) => s === 200).length;
  const limited = statuses.filter((s) => s === 429).length;
  const firstLimited = statuses.indexOf(429);
  const ok = allowed === fx.rlLimit && limited === calls - fx.rlLimit && firstLimited === fx.rlLimit;
  return {
    name: "rate limit shared across instances",
    ok,
    detail: `limit ${fx.rlLimit}/min, ${calls} calls alternating A/B: ${allowed} × 200, ${limited} × 429 (first 429 at call ${firstLimited + 1}); per instance it would have been ${2 * fx.rlLimit} × 200`,
    figures: { limit: fx.rlLimit, allowed, limited },
  };
}

/** Warms B's partner-row cache, disables the partner in the database (as another instance's admin would), polls B. */
export async function checkPartnerDisable(b: Instance, sql: postgres.Sql, fx: Fixtures): Promise<CheckResult> {
  const auth = { authorization: basic(fx.offPartner, fx.secret) };
  const warm = await send([b], 0, `/api/v1.0/${fx.offPartner}/pratiche`, { headers: auth });
  if (warm.status !== 200) return { name: "disabled partner refused on another instance", ok: false, detail: `warm-up call answered ${warm.status}` };
  await sql`update partners set disabled_at = now() where slug = ${fx.offPartner}`;
  const t0 = Date.now();
  const bound = PARTNER_TTL_MS + 2_000;
  let refusedAfter = -1;
  let served = 0;
  while (Date.now() - t0 < bound + 5_000) {
    const res = await send([b], 0, `/api/v1.0/${fx.offPartner}/pratiche`, { headers: auth });
    if (res.status === 401) {
      refusedAfter = Date.now() - t0;
      break;
    }
    served++;
    await new Promise((r) => setTimeout(r, 200));
  }
  const ok = refusedAfter >= 0 && refusedAfter <= bound;
  return {
    name: "disabled partner refused on another instance",
    ok,
    detail: refusedAfter >= 0 ? `refused after ${refusedAfter} ms (${served} calls still served from the cache; documented bound PARTNER_TTL_MS = ${PARTNER_TTL_MS} ms, checked ≤ ${bound} ms)` : `still served after ${bound + 5_000} ms`,
    figures: { refusedAfterMs: refusedAfter, boundMs: PARTNER_TTL_MS },
  };
}
