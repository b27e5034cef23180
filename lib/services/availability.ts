import type { ErrorCode } from "@/lib/i18n/errors";
import type { Service } from "@/db/schema";

/** Whether a citizen can start the service now, and if not, why (in Italian, for the page). */
export function isServiceOpen(service: Pick<Service, "status" | "scheduledFrom" | "scheduledTo">, at = new Date()): { ok: true } | { ok: false; reason: ErrorCode } {
  switch (service.status) {
    case "available":
      return { ok: true };
    case "suspended":
      return { ok: false, reason: "service.suspended" };
    case "private":
      return { ok: false, reason: "service.private" };
    case "scheduled": {
      if (service.scheduledFrom && at < service.scheduledFrom) return { ok: false, reason: "service.not_yet_open" };
      if (service.scheduledTo && at > service.scheduledTo) return { ok: false, reason: "service.expired" };
      return { ok: true };
    }
  }
}
