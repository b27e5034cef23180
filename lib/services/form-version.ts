import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/db/client";
import { serviceFormVersions, type Service } from "@/db/schema";
import type { FormDefinition } from "./form-schema";

/** The form a pratica was filled with: its recorded version, or the service's current one. */
export async function formDefinitionFor(db: DbOrTx, service: Service, version: number): Promise<FormDefinition> {
  if (version === service.formVersion) return service.formDefinition;
  const [row] = await db
    .select({ definition: serviceFormVersions.definition })
    .from(serviceFormVersions)
    .where(and(eq(serviceFormVersions.serviceId, service.id), eq(serviceFormVersions.version, version)));
  return row?.definition ?? service.formDefinition;
}
