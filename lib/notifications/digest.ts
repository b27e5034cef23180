import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import { praticaNumber } from "@/lib/pratiche/number";
import type { DbOrTx } from "@/db/client";
import { operatorServices, pratiche, services, type Ente } from "@/db/schema";
import { formatDateTime, type Lang } from "@/lib/i18n";
import { TO_ASSIGN_STATUSES } from "@/lib/workflow/states";
import { operatorLink } from "./model";

/**
 * The pratiche of an operator's digest: submitted on their services in the 24 hours before the digest's time
 * and still waiting to be taken in charge. Service and number only: never the subject or what was written.
 */
export async function buildDigest(db: DbOrTx, ente: Ente, userId: string, windowEnd: Date, lang: Lang, appUrl: string) {
  const from = new Date(windowEnd.getTime() - 86_400_000);
  const mine = db.select({ id: operatorServices.serviceId }).from(operatorServices).where(eq(operatorServices.userId, userId));
  const rows = await db
    .select({ id: pratiche.id, numero: pratiche.numero, submittedAt: pratiche.submittedAt, service: services.name })
    .from(pratiche)
    .innerJoin(services, eq(services.id, pratiche.serviceId))
    .where(
      and(
        eq(pratiche.enteId, ente.id),
        inArray(pratiche.serviceId, mine),
        gte(pratiche.submittedAt, from),
        lt(pratiche.submittedAt, windowEnd),
        inArray(pratiche.status, [...TO_ASSIGN_STATUSES]),
      ),
    )
    .orderBy(asc(pratiche.submittedAt))
    .limit(200);
  return rows.map((r) => ({ title: `${r.service} — ${praticaNumber(r)}`, subtitle: formatDateTime(r.submittedAt, lang, ente.timezone), url: operatorLink(appUrl, ente, r.id) }));
}
