import { postMessage } from "@/lib/messages/post";
import { citizenPraticaFormRoute } from "@/lib/portal/citizen-form-post";

export const dynamic = "force-dynamic";

/** The citizen writes to the municipality on a pratica (text + optional files), from a plain HTML form. */
export const POST = citizenPraticaFormRoute({
  anchor: "#messaggi",
  success: "?esito=messaggio#messaggi",
  action: (ctx, id, form) => postMessage(ctx, id, { body: form.fields.body ?? "", attachments: form.files.map((f) => ({ kind: "citizen" as const, ...f })) }),
});
