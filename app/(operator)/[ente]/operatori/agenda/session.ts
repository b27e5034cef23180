import "server-only";
import { requireAnyStaff, type StaffSession } from "@/lib/auth/session";

/**
 * The agenda's staff member: an admin of the ente acts as admin (every office), anyone else as the operator they
 * are (the offices they work at). Other visitors go to the login or the forbidden page, as everywhere.
 */
export function requireAgendaStaff(slug: string): Promise<StaffSession & { role: "operator" | "admin" }> {
  return requireAnyStaff(slug);
}
