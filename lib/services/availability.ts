import type { Service } from "@/db/schema";

/** Whether a citizen can start the service now, and if not, why (in Italian, for the page). */
export function isServiceOpen(service: Pick<Service, "status" | "scheduledFrom" | "scheduledTo">, at = new Date()): { ok: true } | { ok: false; reason: string } {
  switch (service.status) {
    case "available":
      return { ok: true };
    case "suspended":
      return { ok: false, reason: "Il servizio è momentaneamente sospeso" };
    case "private":
      return { ok: false, reason: "Il servizio non è disponibile al pubblico" };
    case "scheduled": {
      if (service.scheduledFrom && at < service.scheduledFrom) return { ok: false, reason: "Il servizio non è ancora aperto" };
      if (service.scheduledTo && at > service.scheduledTo) return { ok: false, reason: "Il servizio è chiuso: i termini sono scaduti" };
      return { ok: true };
    }
  }
}
