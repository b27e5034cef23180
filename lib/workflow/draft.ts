import type { DbOrTx } from "@/db/client";
import { pratiche, type NewPratica, type Pratica } from "@/db/schema";
import { STATUS } from "./states";

/**
 * A pratica comes into being here, as a draft (1000): the workflow's first state is set by the workflow, like
 * every later one (`transition.ts`). Callers (the citizen's new draft, a partner's offline pratica) decide
 * everything else about the row; lint refuses any other insert into `pratiche` and any other write of its status.
 */
export async function insertDraft(db: DbOrTx, values: Omit<NewPratica, "status">): Promise<Pratica> {
  const [row] = await db
    .insert(pratiche)
    .values({ ...values, status: STATUS.draft })
    .returning();
  if (!row) throw new Error("draft insert returned nothing");
  return row;
}
