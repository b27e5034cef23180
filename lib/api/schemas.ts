import { z } from "zod";
import { infoSheetSchema } from "@/lib/services/schemas";

/**
 * The partner API's schemas: handlers validate with them and lib/api/openapi.ts turns the very same objects
 * into the OpenAPI document. Field names of the manual's endpoints stay Italian (evento, operatore…).
 */
const isoDateTime = z.iso.datetime({ offset: true });

export const statusRefSchema = z
  .object({
    code: z.number().int().meta({ description: "Codice numerico Stanza del Cittadino (2000, 3000, 4000…)" }),
    name: z.string().meta({ description: "Nome dello stato (submitted, registered, pending…)" }),
    label: z.string().meta({ description: "Etichetta italiana" }),
  })
  .meta({ id: "StatusRef" });

// ——— POST /{partner}/pratica/{pratica}/status ———
export const statusChangeBodySchema = z
  .object({
    evento: z
      .union([z.string().trim().min(1).max(64), z.number().int()])
      .meta({
        description:
          "Evento del workflow (register, assign, request_integration, resume, accept, reject…) oppure codice numerico dello stato di arrivo (3000, 4000, 4100, 7000, 9000), come numero o stringa",
        examples: ["assign", 4000, "7000"],
      }),
    operatore: z.string().trim().max(200).optional().meta({ description: "Chi ha agito nel sistema del partner (registrato, non usato per autorizzare)" }),
    responsabile: z.string().trim().max(200).optional().meta({ description: "Responsabile del procedimento" }),
    struttura: z.string().trim().max(200).optional().meta({ description: "Ufficio o struttura" }),
    timestamp: z
      .union([isoDateTime, z.number().int().min(0).max(32503680000)])
      .optional()
      .meta({ description: "Quando l'evento è avvenuto nel sistema del partner (ISO 8601 o secondi Unix); registrato nell'audit" }),
    motivazione: z.string().trim().min(1).max(10_000).optional().meta({ description: "Obbligatoria per accept e reject" }),
    messaggio: z.string().trim().min(1).max(10_000).optional().meta({ description: "Obbligatorio per request_integration: il testo mostrato al cittadino" }),
    versione: z.number().int().min(0).optional().meta({ description: "La versione della pratica vista dal partner: se nel frattempo è cambiata la risposta è 409" }),
  })
  .meta({ id: "StatusChange" });
export type StatusChangeBody = z.output<typeof statusChangeBodySchema>;

export const statusChangeResultSchema = z
  .object({
    id: z.uuid(),
    event: z.string(),
    from: statusRefSchema,
    status: statusRefSchema,
    version: z.number().int(),
    history_id: z.number().int(),
    at: isoDateTime,
  })
  .meta({ id: "StatusChangeResult" });

// ——— POST /{partner}/pratica/{pratica}/protocolli ———
export const protocolRecordSchema = z
  .record(z.string(), z.unknown())
  .meta({
    id: "ProtocolRecord",
    description:
      "Un record di protocollo così come lo manda il partner: salvato tale e quale. Campi riconosciuti: numero|number|numeroProtocollo (il numero assegnato), data|date|dataProtocollo (ISO 8601), requestId|idRichiesta (la richiesta a cui risponde), errore|error (richiesta fallita)",
  });
export const protocolliBodySchema = z
  .union([z.array(protocolRecordSchema).min(1).max(100), z.object({ protocolli: z.array(protocolRecordSchema).min(1).max(100) })])
  .meta({ id: "ProtocolliBody", description: "Una lista di record, oppure { protocolli: [...] }" });

export const protocolEntrySchema = z
  .object({
    id: z.uuid(),
    request_id: z.uuid().nullable(),
    direction: z.enum(["in", "out"]),
    document_kind: z.string(),
    status: z.enum(["requested", "registered", "failed"]),
    number: z.string().nullable(),
    registered_at: isoDateTime.nullable(),
    source: z.enum(["builtin", "partner"]),
    raw: z.record(z.string(), z.unknown()).nullable(),
    error: z.string().nullable(),
    created_at: isoDateTime,
  })
  .meta({ id: "ProtocolEntry" });

export const protocolliResultSchema = z
  .object({
    entries: z.array(protocolEntrySchema),
    completed_requests: z.array(z.uuid()).meta({ description: "Le richieste di protocollo pendenti a cui questi record rispondono" }),
    status: statusRefSchema,
  })
  .meta({ id: "ProtocolliResult" });

// ——— Pratiche ———
export const attachmentSchema = z
  .object({
    id: z.uuid(),
    filename: z.string(),
    mime_type: z.string(),
    size: z.number().int(),
    purpose: z.string(),
    field_name: z.string().nullable(),
    created_at: isoDateTime,
    url: z.string().meta({ description: "Percorso di download (stesse credenziali)" }),
  })
  .meta({ id: "Attachment" });

export const iterEntrySchema = z
  .object({
    id: z.number().int(),
    from: statusRefSchema.nullable(),
    to: statusRefSchema,
    event: z.string(),
    actor_kind: z.string(),
    message: z.string().nullable(),
    at: isoDateTime,
  })
  .meta({ id: "IterEntry" });

export const praticaSummarySchema = z
  .object({
    id: z.uuid(),
    service: z.object({ slug: z.string(), name: z.string() }),
    status: statusRefSchema,
    subject: z.string(),
    channel: z.enum(["web", "api"]),
    version: z.number().int(),
    outcome: z.enum(["accepted", "rejected"]).nullable(),
    created_at: isoDateTime,
    submitted_at: isoDateTime.nullable(),
    updated_at: isoDateTime,
    concluded_at: isoDateTime.nullable(),
  })
  .meta({ id: "PraticaSummary" });

export const praticaDetailSchema = praticaSummarySchema
  .extend({
    applicant: z.object({ name: z.string(), codice_fiscale: z.string().nullable(), email: z.string() }),
    motivation: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    awaiting_protocol: z.boolean().meta({ description: "true mentre una richiesta di protocollo è senza risposta" }),
    allowed_events: z.array(z.string()).meta({ description: "Eventi che il partner può inviare dallo stato corrente (guardie a parte)" }),
    iter: z.array(iterEntrySchema),
    protocol: z.array(protocolEntrySchema),
    attachments: z.array(attachmentSchema),
  })
  .meta({ id: "PraticaDetail" });
export type PraticaDetail = z.output<typeof praticaDetailSchema>;

export const praticheListQuerySchema = z.object({
  service: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}$/, "slug del servizio").optional(),
  status: z.coerce.number().int().min(0).max(1_000_000).optional(),
  updated_since: isoDateTime.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const praticheListSchema = z
  .object({ data: z.array(praticaSummarySchema), next_cursor: z.string().nullable() })
  .meta({ id: "PraticheList" });

// ——— POST /{partner}/pratica/offline/create ———
export const offlineCreateBodySchema = z
  .object({
    servizio: z.string().min(1).max(100).meta({ description: "Slug (o id) del servizio" }),
    richiedente: z
      .object({
        codiceFiscale: z.string().min(1).max(32),
        nome: z.string().trim().min(1).max(200).optional(),
        cognome: z.string().trim().min(1).max(200).optional(),
        email: z.email().max(320).optional().meta({ description: "Obbligatoria se il cittadino non è ancora registrato" }),
        telefono: z.string().trim().max(40).optional(),
      })
      .meta({ description: "Il cittadino per cui si apre la pratica: trovato per codice fiscale o creato" }),
    dati: z.record(z.string(), z.unknown()).meta({ description: "I dati del modulo, validati con la definizione del servizio" }),
    allegati: z
      .array(
        z.object({
          campo: z.string().min(1).max(64).meta({ description: "Il campo file del modulo" }),
          nomeFile: z.string().min(1).max(255),
          contentType: z.string().max(200).optional().meta({ description: "Dichiarato; il tipo reale è riconosciuto dai byte" }),
          contenuto: z.base64().meta({ description: "I byte del file in base64" }),
        }),
      )
      .max(20)
      .default([]),
  })
  .meta({ id: "OfflineCreate" });
export type OfflineCreateBody = z.output<typeof offlineCreateBodySchema>;

// ——— Servizi ———
export const serviceListItemSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    category: z.string(),
    status: z.string(),
    protocol_required: z.boolean(),
    partner_enabled: z.boolean().meta({ description: "Il partner può operare su questo servizio" }),
    steps: z.array(z.object({ id: z.string(), title: z.string(), text: z.string().nullable() })),
  })
  .meta({ id: "ServiceListItem" });
export const serviceListSchema = z.object({ data: z.array(serviceListItemSchema) }).meta({ id: "ServiceList" });

export const schedaInformativaSchema = infoSheetSchema.meta({ id: "SchedaInformativa" });
// The sheet's fields without their defaults: a field that is not sent stays as it is.
const schedaFields = Object.fromEntries(Object.entries(infoSheetSchema.shape).map(([k, v]) => [k, v.unwrap().optional()])) as {
  [K in keyof typeof infoSheetSchema.shape]: z.ZodOptional<ReturnType<(typeof infoSheetSchema.shape)[K]["unwrap"]>>;
};
export const schedaUpdateBodySchema = z
  .object(schedaFields)
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Indica almeno un campo della scheda")
  .meta({ id: "SchedaInformativaUpdate", description: "I campi da cambiare; gli altri restano come sono" });
export const schedaResultSchema = z
  .object({ service: z.object({ slug: z.string(), name: z.string() }), ente: z.string(), scheda: schedaInformativaSchema })
  .meta({ id: "SchedaInformativaResult" });

export const stepTextBodySchema = z
  .object({ testo: z.string().max(20_000).meta({ description: "Testo mostrato dopo quello generico; vuoto per toglierlo" }) })
  .meta({ id: "StepText" });
export const stepTextResultSchema = z
  .object({ service: z.string(), ente: z.string(), step: z.string(), testo: z.string() })
  .meta({ id: "StepTextResult" });

// ——— Webhooks ———
export const deliveriesQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const deliverySchema = z
  .object({
    id: z.number().int(),
    delivery_id: z.uuid().meta({ description: "Uguale all'header X-Stanza-Delivery" }),
    event: z.string(),
    pratica_id: z.uuid().nullable(),
    status: z.string().meta({ description: "queued | deferred | sent | failed | dead | retried" }),
    detail: z.string().nullable(),
    at: isoDateTime,
    delivery_status: z.string().meta({ description: "Stato attuale della consegna: pending, sent, dead…" }),
  })
  .meta({ id: "WebhookDeliveryAttempt" });
export const deliveriesListSchema = z.object({ data: z.array(deliverySchema), next_cursor: z.string().nullable() }).meta({ id: "WebhookDeliveries" });

// ——— Errors ———
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.string().describe("The kind of problem: bad_request, not_found, validation_failed, invalid_transition…"),
    reason: z.string().optional().describe("The precise reason, a stable code such as pratica.taken_by_other; detail is its Italian text"),
    errors: z
      .array(z.object({ path: z.string(), code: z.string().optional(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional(), message: z.string() }))
      .optional(),
    allowed_events: z.array(z.string()).optional(),
    current_status: z.number().int().optional(),
    current_status_name: z.string().optional(),
    retry_after: z.number().int().optional(),
    error_id: z.string().optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });
