import type { DbOrTx } from "@/db/client";
import type { Ente } from "@/db/schema";

/** Who is acting. Every domain function knows it, and every query filters by it. */
export type Actor =
  | { kind: "citizen"; userId: string }
  | { kind: "operator"; userId: string }
  | { kind: "admin"; userId: string }
  /** A partner system; `operatore` is the person it says acted, recorded but not trusted for authorization. */
  | { kind: "partner"; partnerId: string; operatore?: string }
  | { kind: "system"; reason?: string };

export type ActorKind = Actor["kind"];

export type Ctx = { db: DbOrTx; ente: Ente; actor: Actor };

export function actorId(actor: Actor): string | null {
  switch (actor.kind) {
    case "citizen":
    case "operator":
    case "admin":
      return actor.userId;
    case "partner":
      return actor.partnerId;
    case "system":
      return null;
  }
}
