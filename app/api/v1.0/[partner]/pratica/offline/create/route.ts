import { getPraticaDetail } from "@/lib/api/pratiche";
import { offlineCreateBodySchema } from "@/lib/api/schemas";
import { withPartner } from "@/lib/api/with-partner";
import { createOfflinePratica } from "@/lib/pratiche/create-offline";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

/** Attachments travel base64 in the JSON body, hence the larger cap. */
export const POST = withPartner(
  async ({ ctx, body, partner }) => {
    const { pratica } = await createOfflinePratica(ctx, {
      service: body.servizio,
      applicant: {
        codiceFiscale: body.richiedente.codiceFiscale,
        givenName: body.richiedente.nome,
        familyName: body.richiedente.cognome,
        email: body.richiedente.email,
        phone: body.richiedente.telefono,
      },
      data: body.dati,
      files: body.allegati.map((a) => ({ field: a.campo, filename: a.nomeFile, declaredType: a.contentType, bytes: Buffer.from(a.contenuto, "base64") })),
    });
    return { status: 201, body: await getPraticaDetail(ctx, pratica.id, partner.slug), headers: { location: `/api/v1.0/${partner.slug}/pratica/${pratica.id}` } };
  },
  { scope: "partner", body: offlineCreateBodySchema, maxBodyBytes: 10 * 1024 * 1024 },
);

export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["POST"]);
