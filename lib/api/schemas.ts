import { z } from "zod";
import { MAX_AMOUNT_CENTS } from "@/lib/payments/expression";
import { PROTOCOL_RECORD_FIELDS } from "@/lib/protocol/record-fields";
import { infoSheetSchema } from "@/lib/services/schemas";
import { SLUG_PATTERN } from "@/lib/slug";

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
          "Evento del workflow (register, assign, request_integration, resume, accept, reject, request_payment, cancel_payment…) oppure codice numerico dello stato di arrivo (3000, 4000, 4100, 7000, 9000, 1500), come numero o stringa",
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
    messaggio: z
      .string()
      .trim()
      .min(1)
      .max(10_000)
      .optional()
      .meta({ description: "Obbligatorio per request_integration e cancel_payment: il testo mostrato al cittadino. Per request_payment è la causale del pagamento (al massimo 140 caratteri)" }),
    importo_centesimi: z
      .number()
      .int()
      .min(1)
      .max(MAX_AMOUNT_CENTS)
      .optional()
      .meta({ description: "Solo per request_payment, obbligatorio: l'importo da pagare in centesimi di euro, intero (1600 = € 16,00)", examples: [1600] }),
    scadenza_giorni: z
      .number()
      .int()
      .min(1)
      .max(365)
      .optional()
      .meta({ description: "Solo per request_payment: giorni per pagare dalla richiesta (predefinito: quelli delle impostazioni dell'ente)" }),
    versione: z.number().int().min(0).optional().meta({ description: "La versione della pratica vista dal partner: se nel frattempo è cambiata la risposta è 409" }),
  })
  .strict()
  .meta({ id: "StatusChange", description: "Campi sconosciuti: 422" });
export type StatusChangeBody = z.output<typeof statusChangeBodySchema>;

// ——— Payments (pagoPA positions of a pratica) ———
export const paymentSchema = z
  .object({
    id: z.uuid(),
    phase: z.enum(["upfront", "deferred"]).meta({ description: "upfront: pagato prima dell'invio; deferred: richiesto durante l'istruttoria" }),
    status: z.enum(["creating", "pending", "paid", "failed", "expired", "cancelled"]).meta({
      description: "creating: posizione in creazione presso l'intermediario; pending: da pagare; paid; failed: ultimo tentativo non riuscito (ancora pagabile); expired; cancelled",
    }),
    amount: z.number().int().meta({ description: "Importo in centesimi di euro (intero)", examples: [1600] }),
    amount_eur: z.string().meta({ description: "Lo stesso importo in euro, punto decimale e due decimali", examples: ["16.00"] }),
    causale: z.string(),
    due_date: z.iso.date().meta({ description: "Ultimo giorno per pagare (Europe/Rome)" }),
    notice_code: z.string().meta({ description: "Codice avviso pagoPA, 18 cifre" }),
    iuv: z.string().meta({ description: "Identificativo univoco di versamento" }),
    paid_at: isoDateTime.nullable(),
    paid_amount: z.number().int().nullable().meta({ description: "Importo pagato in centesimi" }),
    receipt_id: z.string().nullable().meta({ description: "Identificativo della ricevuta pagoPA" }),
    receipt_url: z.string().nullable().meta({ description: "Percorso di download della ricevuta, quando è stata acquisita (stesse credenziali)" }),
    created_at: isoDateTime,
  })
  .meta({ id: "Payment" });

export const statusChangeResultSchema = z
  .object({
    id: z.uuid(),
    event: z.string(),
    from: statusRefSchema,
    status: statusRefSchema,
    version: z.number().int(),
    history_id: z.number().int(),
    at: isoDateTime,
    payment: paymentSchema.optional().meta({ description: "Solo per request_payment: il pagamento richiesto" }),
  })
  .meta({ id: "StatusChangeResult" });

// ——— POST /{partner}/pratica/{pratica}/protocolli ———
const protoText = z.union([z.string().max(2000), z.number()]);
// The documented names of a record (each with its aliases) are typed; any other field is kept as sent in `raw`
// (the manual: records are stored as the registry sends them).
const recordField = (description: string, schema: z.ZodType = protoText) => schema.optional().meta({ description });
export const protocolRecordSchema = z
  .object({
    ...Object.fromEntries(PROTOCOL_RECORD_FIELDS.number.map((k) => [k, recordField("Il numero di protocollo assegnato (nomi equivalenti: " + PROTOCOL_RECORD_FIELDS.number.join(", ") + ")")])),
    ...Object.fromEntries(PROTOCOL_RECORD_FIELDS.date.map((k) => [k, recordField("La data di protocollo, ISO 8601 (nomi equivalenti: " + PROTOCOL_RECORD_FIELDS.date.join(", ") + ")", protoText)])),
    ...Object.fromEntries(PROTOCOL_RECORD_FIELDS.requestId.map((k) => [k, recordField("L'id della richiesta di protocollo a cui il record risponde (nomi equivalenti: " + PROTOCOL_RECORD_FIELDS.requestId.join(", ") + ")", z.string().max(64))])),
    ...Object.fromEntries(PROTOCOL_RECORD_FIELDS.error.map((k) => [k, recordField("Motivo per cui il registro non ha protocollato: il record risponde alla richiesta come fallita", protoText)])),
    ...Object.fromEntries(PROTOCOL_RECORD_FIELDS.status.map((k) => [k, recordField('"failed" (o "errore") per una registrazione non riuscita', protoText)])),
    ...Object.fromEntries(PROTOCOL_RECORD_FIELDS.documentKind.map((k) => [k, recordField("Il tipo di documento (submission, outcome…): senza requestId, sceglie la richiesta pendente di quel tipo", protoText)])),
    ...Object.fromEntries(PROTOCOL_RECORD_FIELDS.direction.map((k) => [k, recordField('"in" o "out", per i record informativi', protoText)])),
  })
  .catchall(z.unknown())
  .meta({
    id: "ProtocolRecord",
    description:
      "Un record di protocollo così come lo manda il partner: salvato tale e quale in `raw`. I campi elencati sono riconosciuti (ogni gruppo ha nomi equivalenti); gli altri sono conservati senza essere interpretati. Un record con un numero deve rispondere a una richiesta pendente (409 se la richiesta ha già un altro numero o non ce n'è nessuna in attesa; lo stesso numero già registrato è accettato senza duplicarlo).",
  });
export const protocolliBodySchema = z
  .union([z.array(protocolRecordSchema).min(1).max(100), z.object({ protocolli: z.array(protocolRecordSchema).min(1).max(100) }).strict()])
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
    number: z
      .string()
      .nullable()
      .meta({ description: "Numero della pratica per ente e per anno di invio, quello che cittadini e operatori usano (2026-000123); null finché è una bozza. L'id resta l'identificativo interno.", examples: ["2026-000123"] }),
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
    payments: z.array(paymentSchema).meta({ description: "I pagamenti pagoPA della pratica, dal più vecchio" }),
  })
  .meta({ id: "PraticaDetail" });
export type PraticaDetail = z.output<typeof praticaDetailSchema>;

export const praticheListQuerySchema = z.object({
  service: z.string().regex(SLUG_PATTERN, "slug del servizio").optional(),
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
      .strict()
      .meta({ description: "Il cittadino per cui si apre la pratica: trovato per codice fiscale o creato" }),
    dati: z.record(z.string(), z.unknown()).meta({ description: "I dati del modulo, validati con la definizione del servizio" }),
    allegati: z
      .array(
        z.object({
          campo: z.string().min(1).max(64).meta({ description: "Il campo file del modulo" }),
          nomeFile: z.string().min(1).max(255),
          contentType: z.string().max(200).optional().meta({ description: "Dichiarato; il tipo reale è riconosciuto dai byte" }),
          contenuto: z.base64().meta({ description: "I byte del file in base64" }),
        }).strict(),
      )
      .max(20)
      .default([]),
  })
  .strict()
  .meta({ id: "OfflineCreate", description: "Campi sconosciuti: 422" });
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
const schedaChangesSchema = z
  .object(schedaFields)
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Indica almeno un campo della scheda");
/**
 * POST takes what GET answers (`{ service, ente, scheda }`, service and ente read-only and checked against the
 * path), so a scheda that was read can be posted back; the fields of `scheda` alone are accepted too.
 */
export const schedaUpdateBodySchema = z
  .union([
    z
      .object({
        service: z.object({ slug: z.string().max(100), name: z.string().max(500).optional() }).strict().optional().meta({ description: "Sola lettura: se presente deve essere il servizio del percorso" }),
        ente: z.string().max(100).optional().meta({ description: "Sola lettura: se presente deve essere l'ente del percorso" }),
        scheda: schedaChangesSchema,
      })
      .strict(),
    schedaChangesSchema,
  ])
  .meta({
    id: "SchedaInformativaUpdate",
    description:
      "La stessa forma della risposta di GET (`{ service, ente, scheda }`), oppure i soli campi della scheda. Si cambiano i campi presenti, gli altri restano come sono; campi sconosciuti: 422.",
  });
export type SchedaUpdateBody = z.output<typeof schedaUpdateBodySchema>;
export const schedaResultSchema = z
  .object({ service: z.object({ slug: z.string(), name: z.string() }), ente: z.string(), scheda: schedaInformativaSchema })
  .meta({ id: "SchedaInformativaResult" });

export const stepTextBodySchema = z
  .object({ testo: z.string().max(20_000).meta({ description: "Testo mostrato dopo quello generico; vuoto per toglierlo" }) })
  .strict()
  .meta({ id: "StepText", description: "Campi sconosciuti: 422" });
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
