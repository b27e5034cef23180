import { makeProblem, problemResponse } from "./problem";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const ALL: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

type Handler = (req: Request) => Response;

/**
 * The handlers a route does not implement, each answering 405 problem+json with the route's `Allow` list, plus an
 * OPTIONS that tells the same list (Next's automatic OPTIONS would list these 405 handlers as allowed). Spread
 * into a route file's exports: `export const { PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET", "POST"]);`.
 */
export function otherMethods<A extends HttpMethod>(allowed: readonly A[]): Record<Exclude<HttpMethod, A> | "OPTIONS", Handler> {
  const allow = [...allowed, ...((allowed as readonly HttpMethod[]).includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const notAllowed: Handler = (req) =>
    problemResponse(makeProblem(405, "method_not_allowed", `Metodo ${req.method} non consentito su questo percorso: usa ${allowed.join(" o ")}`, { instance: new URL(req.url).pathname }), {
      allow,
    });
  const out = Object.fromEntries(ALL.filter((m) => !(allowed as readonly HttpMethod[]).includes(m)).map((m) => [m, notAllowed])) as Record<string, Handler>;
  out.OPTIONS = () => new Response(null, { status: 204, headers: { allow } });
  return out as Record<Exclude<HttpMethod, A> | "OPTIONS", Handler>;
}

/** Any method on a path the API does not have: 404 problem+json (not the citizen site's HTML page). */
export function unknownPath(req: Request): Response {
  const { pathname } = new URL(req.url);
  return problemResponse(
    makeProblem(404, "not_found", "Percorso sconosciuto nell'API v1.0: i percorsi sono elencati in /api/v1.0/openapi.json", { instance: pathname }),
  );
}
