import { submitIntegration } from "@/lib/pratiche/submit-integration";
import { handleCitizenPraticaPost } from "@/lib/portal/citizen-form-post";

export const dynamic = "force-dynamic";

/** The citizen answers a request for more documents (files + optional message), from a plain HTML form. */
export function POST(request: Request, { params }: { params: Promise<{ ente: string; id: string }> }) {
  return handleCitizenPraticaPost(request, params, {
    anchor: "#integrazioni",
    success: "?esito=integrazioni",
    action: (ctx, id, form) => submitIntegration(ctx, id, { message: form.fields.message, files: form.files }),
  });
}
