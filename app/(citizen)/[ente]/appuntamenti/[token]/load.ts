import "server-only";
import { notFound } from "next/navigation";
import { appointmentByLink } from "@/lib/appointments/queries";
import { requireEnte } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/errors";

/** The ente and the booking a signed link points to, for the pages reached from it; a bad link is the 404 page. */
export async function loadBookingByLink(slug: string, token: string) {
  const { db, ente } = await requireEnte(slug);
  try {
    return { db, ente, a: await appointmentByLink(db, ente, token) };
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
}
