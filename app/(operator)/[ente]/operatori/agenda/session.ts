import "server-only";
import { requireStaff, requireStaffMember, type StaffSession } from "@/lib/auth/session";

/**
 * The agenda's staff member: an admin of the ente acts as admin (every office), anyone else as the operator they
 * are (the offices they work at). Other visitors go to the login or the forbidden page, as everywhere.
 */
export async function requireAgendaStaff(slug: string): Promise<StaffSession & { role: "operator" | "admin" }> {
  const { roles } = await requireStaffMember(slug);
  const role = roles.includes("admin") ? "admin" : "operator";
  return { ...(await requireStaff(slug, role)), role };
}
