import { listOperators } from "@/lib/admin/operators";
import { listServiceOptions } from "@/lib/admin/service-options";
import type { Ctx } from "@/lib/context";

/** What the office form offers: the ente's services and its active staff. */
export async function officeFormOptions(ctx: Ctx) {
  const [services, staff] = await Promise.all([listServiceOptions(ctx), listOperators(ctx)]);
  return {
    services: services.map((s) => ({ id: s.id, name: s.name })),
    operators: staff.filter((u) => !u.disabled).map((u) => ({ id: u.id, name: u.name, detail: u.email })),
  };
}
