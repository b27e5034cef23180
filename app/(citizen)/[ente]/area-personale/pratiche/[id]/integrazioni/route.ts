import { submitIntegration } from "@/lib/pratiche/submit-integration";
import { citizenPraticaFormRoute } from "@/lib/portal/citizen-form-post";

export const dynamic = "force-dynamic";

/** The citizen answers a request for more documents (files + optional message), from a plain HTML form. */
export const POST = citizenPraticaFormRoute({
  anchor: "#integrazioni",
  success: "?esito=integrazioni",
  action: (ctx, id, form) => submitIntegration(ctx, id, { message: form.fields.message, files: form.files }),
});
