import { getDb } from "@/db";
import { getCurrentUser, getStaffRoles } from "@/lib/auth/session";
import type { Ctx } from "@/lib/context";
import { getEnteBySlug } from "@/lib/enti/get";
import { DomainError, ValidationError } from "@/lib/errors";
import { isUuid } from "@/lib/uuid";

export const jsonAnswer = (status: number, body: Record<string, unknown>) => Response.json(body, { status });

type Params = Promise<{ ente: string; id: string }>;

/**
 * An operator's request on one pratica (`/{ente}/operatori/pratiche/{id}/…` routes): the operator's ctx, or the
 * JSON answer that refuses it — 404 for an unknown ente or a malformed id, 401 signed out, 403 not an operator
 * of this ente. Whether the operator may see this pratica is the domain function's check, as everywhere.
 */
export async function operatorPraticaRoute(params: Params): Promise<{ ctx: Ctx & { actor: { kind: "operator"; userId: string } }; id: string } | Response> {
  const { ente: slug, id } = await params;
  const db = await getDb();
  const ente = await getEnteBySlug(db, slug);
  if (!ente || !isUuid(id)) return jsonAnswer(404, { error: "Pratica non trovata" });
  const current = await getCurrentUser();
  if (!current) return jsonAnswer(401, { error: "Accesso richiesto" });
  const roles = current.kind === "staff" ? await getStaffRoles(db, current.user.id, ente.id) : [];
  if (!roles.includes("operator")) return jsonAnswer(403, { error: "Riservato agli operatori del Comune" });
  return { ctx: { db, ente, actor: { kind: "operator", userId: current.user.id } }, id };
}

/**
 * A domain error as a route's answer: a ValidationError's fields (422); a text field over its limit on that field
 * (the upload names it: 'Il campo "body" …'); any other size or type refusal on `fileField`. Other errors are
 * rethrown.
 */
export function domainErrorAnswer(err: unknown, fileField: string): { status: number; body: { error: string; fieldErrors?: Record<string, string> } } {
  if (err instanceof ValidationError) return { status: 422, body: { error: err.message, fieldErrors: Object.fromEntries(err.fieldErrors.map((f) => [f.path, f.message])) } };
  if (!(err instanceof DomainError)) throw err;
  const named = /^Il campo "(\w+)"/.exec(err.message)?.[1];
  const field = named ?? (err.status === 413 || err.status === 415 ? fileField : undefined);
  return { status: err.status, body: { error: err.message, ...(field ? { fieldErrors: { [field]: err.message } } : {}) } };
}
