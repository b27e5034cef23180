import { z } from "zod";
import { calendarFileByLink } from "@/lib/appointments/outbox";
import { getConfig } from "@/lib/config/env";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { contentDisposition } from "@/lib/security/headers";

export const dynamic = "force-dynamic";

/** The booking's calendar file (.ics), from the signed link of its emails: no login needed. */
export const GET = browserRoute(
  {
    params: z.object({ ente: enteSlug, token: z.string().min(10).max(120) }),
    who: "public",
    notFound: "appointments.not_found",
    onError: (failure, status) => new Response(failure.error, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } }),
  },
  async ({ db, ente, params }) => {
    const { filename, ics } = await calendarFileByLink(db, ente, params.token, getConfig().appUrl);
    return new Response(ics, {
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": contentDisposition("attachment", filename),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
      },
    });
  },
);
