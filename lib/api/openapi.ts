import { z } from "zod";
import { STATUS, statusLabel } from "@/lib/workflow/states";
import { EVENTS } from "@/lib/workflow/table";
import { SNIFFED_TYPES, ZIP_BASED } from "@/lib/storage/sniff";
import { STATUS_CODE_EVENTS } from "./present";
import * as s from "./schemas";
import * as a from "./appointment-schemas";

type JsonSchema = Record<string, unknown>;
type Method = "get" | "post";

/** One operation of the API: the handler's own zod schemas, plus the words a partner needs. */
export type Endpoint = {
  method: Method;
  path: string;
  tag: string;
  summary: string;
  description: string;
  /** Listed in the operator manual (the contract), as opposed to the extensions. */
  manual: boolean;
  body?: { schema: z.ZodType; id: string; maxBytes?: number };
  query?: z.ZodObject;
  ok: { status: number; id?: string; contentTypes?: readonly string[]; description: string; headers?: (keyof typeof HEADERS)[] };
  errors: number[];
};

const PATH_PARAMS: Record<string, string> = {
  partner: "Lo slug del partner: deve coincidere con l'utente delle credenziali Basic",
  pratica: "L'id (UUID) della pratica",
  allegato: "L'id (UUID) dell'allegato",
  servizio: "Lo slug (o l'id) del servizio",
  ente: "Lo slug dell'ente: deve essere l'ente del partner",
  step: "L'id dello step (pagina) del modulo",
  appuntamento: "L'id (UUID) dell'appuntamento",
  ufficio: "L'id (UUID) dell'ufficio",
};

const AUTH_ERRORS = [401, 403, 429];

/** What an attachment can be: the types recognised from the bytes, and the office formats carried in a zip. */
export const ATTACHMENT_TYPES: readonly string[] = [...SNIFFED_TYPES, ...[...ZIP_BASED].filter((t) => t !== "application/zip")];

/** Every response header the API sends besides Content-Type and Cache-Control, as the operations declare them. */
export const HEADERS = {
  Location: { description: "Il percorso della risorsa creata", schema: { type: "string" } },
  "X-RateLimit-Limit": { description: "Richieste consentite per minuto a queste credenziali", schema: { type: "integer" } },
  "X-RateLimit-Remaining": { description: "Richieste ancora disponibili nel minuto corrente", schema: { type: "integer" } },
  "X-RateLimit-Reset": { description: "Secondi all'inizio del prossimo minuto", schema: { type: "integer" } },
  "Idempotent-Replayed": { description: '"true" quando la risposta è quella memorizzata per la stessa Idempotency-Key', schema: { type: "string", enum: ["true"] } },
  "X-Checksum-Sha256": { description: "SHA-256 (esadecimale) dei byte del file", schema: { type: "string", pattern: "^[0-9a-f]{64}$" } },
  "Content-Disposition": { description: 'attachment; filename="…"; filename*=UTF-8\'\'…', schema: { type: "string" } },
  "Content-Length": { description: "La dimensione del file in byte", schema: { type: "integer" } },
  "Retry-After": { description: "Secondi prima di riprovare", schema: { type: "integer" } },
  Allow: { description: "I metodi consentiti sul percorso", schema: { type: "string" } },
  "WWW-Authenticate": { description: 'Basic realm="Stanza API", charset="UTF-8"', schema: { type: "string" } },
  "X-Request-Id": { description: "L'identificativo della richiesta, lo stesso dei log e del registro delle operazioni: citarlo nelle segnalazioni", schema: { type: "string", maxLength: 128 } },
} as const;
const RATE_HEADERS = ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"] as const;
const headerRefs = (names: readonly (keyof typeof HEADERS)[]) => Object.fromEntries(names.map((n) => [n, { $ref: `#/components/headers/${n}` }]));

export const ENDPOINTS: Endpoint[] = [
  {
    method: "post",
    path: "/api/v1.0/{partner}/pratica/offline/create",
    tag: "Pratiche",
    summary: "Crea una pratica per conto di un cittadino",
    description:
      "Apre e invia una pratica di un servizio su cui il partner è abilitato, per il cittadino indicato dal codice fiscale (trovato o creato). I dati sono validati con la definizione del modulo del servizio; gli allegati viaggiano in base64 (corpo fino a 10 MB, ogni file entro il limite del suo campo, tipo riconosciuto dai byte). Risponde 201 con la pratica, già nello stato 2000 (Acquisita).",
    manual: true,
    body: { schema: s.offlineCreateBodySchema, id: "OfflineCreate", maxBytes: 10 * 1024 * 1024 },
    ok: { status: 201, id: "PraticaDetail", description: "La pratica creata", headers: ["Location"] },
    errors: [400, 404, 409, 413, 415, 422],
  },
  {
    method: "post",
    path: "/api/v1.0/{partner}/pratica/{pratica}/status",
    tag: "Pratiche",
    summary: "Cambia lo stato di una pratica",
    description:
      "Applica un evento del workflow (o il codice dello stato di arrivo) come partner. Un evento non consentito dallo stato corrente, o sconosciuto, risponde 409 con `allowed_events`. accept/reject richiedono `motivazione`, request_integration richiede `messaggio`. operatore, responsabile, struttura e timestamp sono registrati nell'audit.",
    manual: true,
    body: { schema: s.statusChangeBodySchema, id: "StatusChange" },
    ok: { status: 200, id: "StatusChangeResult", description: "Il passaggio di stato registrato" },
    errors: [400, 404, 409, 413, 415, 422],
  },
  {
    method: "post",
    path: "/api/v1.0/{partner}/pratica/{pratica}/protocolli",
    tag: "Pratiche",
    summary: "Registra informazioni di protocollo",
    description:
      "Salva una serie di record di protocollo, tali e quali (append-only); i campi documentati di `ProtocolRecord` (con i loro nomi equivalenti) sono letti, gli altri conservati. Un record con un numero risponde a una richiesta di protocollo pendente e la completa: per la domanda, la pratica passa da 2000 a 3000. Ogni richiesta riceve un solo numero: se ne ha già uno diverso (per esempio dal registro interno, arrivato prima) la risposta è 409 e non si salva nulla; lo stesso numero già registrato è accettato senza duplicarlo.",
    manual: true,
    body: { schema: s.protocolliBodySchema, id: "ProtocolliBody" },
    ok: { status: 201, id: "ProtocolliResult", description: "I record salvati e le richieste completate" },
    errors: [400, 404, 409, 413, 415, 422],
  },
  {
    method: "get",
    path: "/api/v1.0/schedaInformativa/{servizio}/{ente}",
    tag: "Servizi",
    summary: "Leggi la scheda informativa di un servizio",
    description: "La scheda informativa del servizio, per un servizio dell'ente del partner su cui il partner è abilitato.",
    manual: true,
    ok: { status: 200, id: "SchedaInformativaResult", description: "La scheda" },
    errors: [404],
  },
  {
    method: "post",
    path: "/api/v1.0/schedaInformativa/{servizio}/{ente}",
    tag: "Servizi",
    summary: "Aggiorna la scheda informativa di un servizio",
    description:
      "Accetta la stessa forma restituita da GET (`{ service, ente, scheda }`: ciò che si è letto si può rimandare), oppure i soli campi della scheda. Cambia i campi indicati; gli altri restano come sono. Campi sconosciuti, o service/ente diversi da quelli del percorso, sono un errore 422.",
    manual: true,
    body: { schema: s.schedaUpdateBodySchema, id: "SchedaInformativaUpdate" },
    ok: { status: 200, id: "SchedaInformativaResult", description: "La scheda aggiornata" },
    errors: [400, 404, 413, 415, 422],
  },
  {
    method: "post",
    path: "/api/v1.0/servizioTexts/{servizio}/{ente}/{step}",
    tag: "Servizi",
    summary: "Imposta il testo di uno step del modulo",
    description: "Il testo mostrato dopo quello generico sullo step indicato del modulo del servizio. Un testo vuoto lo toglie.",
    manual: true,
    body: { schema: s.stepTextBodySchema, id: "StepText" },
    ok: { status: 200, id: "StepTextResult", description: "Il testo salvato" },
    errors: [400, 404, 413, 415, 422],
  },
  {
    method: "get",
    path: "/api/v1.0/services",
    tag: "Servizi",
    summary: "Elenco dei servizi attivi",
    description: "I servizi dell'ente del partner oggi aperti ai cittadini, con l'indicazione dei servizi su cui il partner è abilitato e gli step del modulo.",
    manual: true,
    ok: { status: 200, id: "ServiceList", description: "I servizi" },
    errors: [],
  },
  {
    method: "get",
    path: "/api/v1.0/{partner}/pratica/{pratica}",
    tag: "Pratiche",
    summary: "Dettaglio di una pratica",
    description: "Dati, richiedente, iter, voci di protocollo, allegati (con il link di download) ed eventi consentiti al partner.",
    manual: false,
    ok: { status: 200, id: "PraticaDetail", description: "La pratica" },
    errors: [404],
  },
  {
    method: "get",
    path: "/api/v1.0/{partner}/pratiche",
    tag: "Pratiche",
    summary: "Elenco delle pratiche",
    description:
      "Le pratiche dei servizi su cui il partner è abilitato (bozze escluse), dalla modifica meno recente: filtra per servizio, stato e `updated_since`; pagina con `cursor` (il `next_cursor` della risposta precedente) finché `next_cursor` è null.",
    manual: false,
    query: s.praticheListQuerySchema,
    ok: { status: 200, id: "PraticheList", description: "Una pagina di pratiche" },
    errors: [400, 422],
  },
  {
    method: "get",
    path: "/api/v1.0/{partner}/pratica/{pratica}/allegati/{allegato}",
    tag: "Pratiche",
    summary: "Scarica un allegato",
    description: "I byte dell'allegato, con il suo Content-Type e il nome in Content-Disposition; X-Checksum-Sha256 ne porta l'impronta.",
    manual: false,
    ok: { status: 200, contentTypes: ATTACHMENT_TYPES, description: "Il file", headers: ["Content-Disposition", "Content-Length", "X-Checksum-Sha256"] },
    errors: [404],
  },
  {
    method: "get",
    path: "/api/v1.0/{partner}/webhooks/deliveries",
    tag: "Webhook",
    summary: "Registro delle consegne dei webhook",
    description: "Ogni tentativo di consegna dei webhook indirizzati al partner, dal più recente.",
    manual: false,
    query: s.deliveriesQuerySchema,
    ok: { status: 200, id: "WebhookDeliveries", description: "Una pagina di tentativi" },
    errors: [400, 422],
  },
  {
    method: "get",
    path: "/api/v1.0/{partner}/uffici",
    tag: "Appuntamenti",
    summary: "Elenco degli uffici",
    description: "Gli uffici attivi dell'ente che ricevono su appuntamento per almeno un servizio su cui il partner è abilitato, con orari, chiusure, regole del calendario e quei servizi.",
    manual: false,
    ok: { status: 200, id: "OfficeList", description: "Gli uffici" },
    errors: [],
  },
  {
    method: "get",
    path: "/api/v1.0/{partner}/uffici/{ufficio}",
    tag: "Appuntamenti",
    summary: "Dettaglio di un ufficio",
    description: "Un ufficio dell'elenco; un ufficio inattivo, di un altro ente o senza servizi del partner risponde 404.",
    manual: false,
    ok: { status: 200, id: "Office", description: "L'ufficio" },
    errors: [404],
  },
  {
    method: "get",
    path: "/api/v1.0/{partner}/uffici/{ufficio}/disponibilita",
    tag: "Appuntamenti",
    summary: "Disponibilità di un ufficio",
    description:
      "Gli slot prenotabili dell'ufficio giorno per giorno da `from` (predefinito: oggi, nel fuso dell'ente) per `days` giorni (1–31, predefinito 7), con i posti liberi; i giorni chiusi hanno `closed` e il motivo. Gli slot entro il preavviso minimo o oltre l'orizzonte dell'ufficio non sono elencati.",
    manual: false,
    query: a.availabilityQuerySchema,
    ok: { status: 200, id: "Availability", description: "I giorni con i loro slot" },
    errors: [404, 422],
  },
  {
    method: "get",
    path: "/api/v1.0/{partner}/appuntamenti",
    tag: "Appuntamenti",
    summary: "Elenco degli appuntamenti",
    description:
      "Gli appuntamenti dei servizi su cui il partner è abilitato, filtrabili per giorno (`from`, `to`, inclusi, nel fuso dell'ente), `status` e `ufficio`; pagina con `cursor` (il `next_cursor` della risposta precedente) finché `next_cursor` è null. `limit` 1–100, predefinito 50.",
    manual: false,
    query: a.appointmentsListQuerySchema,
    ok: { status: 200, id: "AppointmentList", description: "Una pagina di appuntamenti" },
    errors: [400, 422],
  },
  {
    method: "post",
    path: "/api/v1.0/{partner}/appuntamenti",
    tag: "Appuntamenti",
    summary: "Prenota un appuntamento",
    description:
      "Prenota per un cittadino uno slot libero di un ufficio (GET …/disponibilita) per un servizio dell'ufficio su cui il partner è abilitato. Risponde 201 con l'appuntamento (confirmed, o requested se l'ufficio approva le prenotazioni) e Location; il cittadino riceve la conferma per email. Lo slot preso nel frattempo da altri è 409 (`appointments.slot_taken`); un orario che non è l'inizio di uno slot prenotabile (chiuso, troppo presto, troppo lontano) è 422 (`appointments.slot_unavailable`). Con la stessa Idempotency-Key la prenotazione non si ripete: anche dopo le 24 ore della risposta memorizzata la stessa richiesta con la stessa chiave dà la stessa prenotazione (200).",
    manual: false,
    body: { schema: a.appointmentCreateBodySchema, id: "AppointmentCreate" },
    ok: { status: 201, id: "AppointmentDetail", description: "L'appuntamento prenotato", headers: ["Location"] },
    errors: [400, 404, 409, 413, 415, 422],
  },
  {
    method: "get",
    path: "/api/v1.0/{partner}/appuntamenti/{appuntamento}",
    tag: "Appuntamenti",
    summary: "Dettaglio di un appuntamento",
    description: "L'appuntamento con i contatti di chi si presenta e la sua storia. Un appuntamento di un altro ente o di un servizio su cui il partner non è abilitato risponde 404.",
    manual: false,
    ok: { status: 200, id: "AppointmentDetail", description: "L'appuntamento" },
    errors: [404],
  },
  {
    method: "post",
    path: "/api/v1.0/{partner}/appuntamenti/{appuntamento}/move",
    tag: "Appuntamenti",
    summary: "Sposta un appuntamento",
    description:
      "Sposta un appuntamento ancora da svolgere su un altro slot libero dello stesso ufficio (una richiesta resta in attesa di approvazione); il cittadino riceve il nuovo orario per email e i partner `appointment.changed`. Lo slot preso nel frattempo è 409 (`appointments.slot_taken`), un orario non prenotabile 422 (`appointments.slot_unavailable`).",
    manual: false,
    body: { schema: a.appointmentMoveBodySchema, id: "AppointmentMove" },
    ok: { status: 200, id: "AppointmentDetail", description: "L'appuntamento spostato" },
    errors: [400, 404, 409, 413, 415, 422],
  },
  {
    method: "post",
    path: "/api/v1.0/{partner}/appuntamenti/{appuntamento}/cancel",
    tag: "Appuntamenti",
    summary: "Annulla un appuntamento",
    description: "Annulla un appuntamento ancora da svolgere (requested o confirmed) e libera il posto; `message` è il motivo mostrato al cittadino nell'email. Un appuntamento già annullato, rifiutato o passato risponde 409.",
    manual: false,
    body: { schema: a.appointmentCancelBodySchema, id: "AppointmentCancel" },
    ok: { status: 200, id: "AppointmentDetail", description: "L'appuntamento annullato" },
    errors: [400, 404, 409, 413, 415, 422],
  },
];

const ERROR_TEXT: Record<number, string> = {
  400: "Richiesta malformata (JSON non valido, corpo vuoto, Idempotency-Key o cursore non validi)",
  401: "Credenziali mancanti o non valide",
  403: "https richiesto, partner diverso da quello del percorso, ente o servizio non consentiti",
  404: "Risorsa inesistente o non visibile al partner (anche di un altro ente)",
  409: "Transizione non consentita (con allowed_events), pratica cambiata nel frattempo, slot dell'appuntamento già preso, Idempotency-Key in uso",
  413: "Corpo troppo grande",
  415: "Content-Type non JSON, o allegato di un tipo non accettato",
  422: "Validazione fallita: `errors` elenca i campi",
  429: "Troppe richieste: riprova dopo Retry-After secondi",
  500: "Errore interno (nessun dettaglio: cita error_id all'assistenza)",
};

function clean(schema: JsonSchema): JsonSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  return rest;
}

const uri = (id: string) => `#/components/schemas/${id}`;

function components(): Record<string, JsonSchema> {
  const out = z.toJSONSchema(z.globalRegistry, { io: "output", uri, unrepresentable: "any" }).schemas;
  // Request bodies in their input form: defaults make fields optional for the caller.
  const input = z.toJSONSchema(z.globalRegistry, { io: "input", uri, unrepresentable: "any" }).schemas;
  const all: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(out)) all[id] = clean(schema as JsonSchema);
  for (const e of ENDPOINTS) if (e.body && input[e.body.id]) all[e.body.id] = clean(input[e.body.id] as JsonSchema);
  // Only what the API's operations reach (the global registry may hold other modules' schemas).
  const wanted = new Set<string>(["Problem", ...Object.values(WEBHOOK_SCHEMAS)]);
  for (const e of ENDPOINTS) {
    if (e.body) wanted.add(e.body.id);
    if (e.ok.id) wanted.add(e.ok.id);
  }
  const queue = [...wanted];
  while (queue.length) {
    const id = queue.pop() as string;
    for (const m of JSON.stringify(all[id] ?? {}).matchAll(/#\/components\/schemas\/([A-Za-z0-9_]+)/g)) {
      if (m[1] && !wanted.has(m[1])) {
        wanted.add(m[1]);
        queue.push(m[1]);
      }
    }
  }
  return Object.fromEntries(Object.entries(all).filter(([id]) => wanted.has(id)).sort(([a], [b]) => a.localeCompare(b)));
}

function operation(e: Endpoint) {
  const pathParams = [...e.path.matchAll(/\{([a-z]+)\}/g)].map((m) => m[1] as string);
  const parameters: JsonSchema[] = pathParams.map((name) => ({ name, in: "path", required: true, description: PATH_PARAMS[name] ?? name, schema: { type: "string" } }));
  if (e.query) {
    const q = clean(z.toJSONSchema(e.query, { io: "input", unrepresentable: "any" }) as JsonSchema) as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, schema] of Object.entries(q.properties ?? {})) {
      parameters.push({ name, in: "query", required: q.required?.includes(name) ?? false, schema });
    }
  }
  if (e.method === "post")
    parameters.push({ name: "Idempotency-Key", in: "header", required: false, description: "Ripetere la richiesta con la stessa chiave (entro 24 ore) restituisce la prima risposta riuscita senza rieseguirla (con Idempotent-Replayed: true). Mentre la prima è in corso la stessa chiave risponde 409; se la prima non finisce entro 60 secondi (processo caduto) la chiave passa alla richiesta successiva", schema: { type: "string", maxLength: 255 } });
  const okHeaders: (keyof typeof HEADERS)[] = [...(e.ok.headers ?? []), ...RATE_HEADERS, ...(e.method === "post" ? (["Idempotent-Replayed"] as const) : []), "X-Request-Id"];
  const responses: Record<string, JsonSchema> = {
    [String(e.ok.status)]: {
      description: e.ok.description,
      headers: headerRefs(okHeaders),
      content: e.ok.id
        ? { "application/json": { schema: { $ref: uri(e.ok.id) } } }
        : Object.fromEntries((e.ok.contentTypes ?? ["application/octet-stream"]).map((t) => [t, { schema: { type: "string", format: "binary" } }])),
    },
  };
  for (const status of [...new Set([...e.errors, ...AUTH_ERRORS, 500])].sort()) {
    // Rate headers come once the credentials are known: not on 401; 429 adds Retry-After.
    const headers: (keyof typeof HEADERS)[] = [...(status === 401 ? (["WWW-Authenticate"] as const) : [...RATE_HEADERS, ...(status === 429 ? (["Retry-After"] as const) : [])]), "X-Request-Id"];
    responses[String(status)] = {
      description: ERROR_TEXT[status] ?? "Errore",
      headers: headerRefs(headers),
      content: { "application/problem+json": { schema: { $ref: uri("Problem") } } },
    };
  }
  return {
    operationId: `${e.method}${e.path.replace(/\/api\/v1\.0/, "").replace(/[{}]/g, "").replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
    tags: [e.tag],
    summary: e.summary,
    description: e.description + (e.manual ? "" : "\n\n(Estensione oltre il manuale dell'operatore.)"),
    parameters,
    ...(e.body ? { requestBody: { required: true, content: { "application/json": { schema: { $ref: uri(e.body.id) } } } } } : {}),
    responses,
    security: [{ basic: [] }],
  };
}

function statusTable(): string {
  const rows = Object.entries(STATUS).map(([name, code]) => {
    return `| ${code} | ${name} | ${statusLabel(code, "it")} | ${STATUS_CODE_EVENTS[code].join(", ") || "—"} |`;
  });
  return ["| codice | stato | etichetta | evento del partner |", "|---|---|---|---|", ...rows].join("\n");
}

/** The webhook events documented as OpenAPI `webhooks` (the body a partner's endpoint receives), by event name. */
export const WEBHOOK_SCHEMAS: Record<string, string> = Object.fromEntries(a.APPOINTMENT_WEBHOOK_EVENTS.map((e) => [e, "AppointmentWebhook"]));
const WEBHOOK_TEXT: Record<string, string> = {
  "appointment.booked": "Un appuntamento è stato prenotato (dal cittadino, da un operatore o da un partner), anche in attesa di approvazione",
  "appointment.changed": "Un appuntamento è cambiato: approvato, spostato, segnato come non presentato",
  "appointment.cancelled": "Un appuntamento è stato annullato o rifiutato",
};

function webhooks(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(WEBHOOK_SCHEMAS).map(([event, id]) => [
      event,
      {
        post: {
          operationId: `webhook${event.replace(/[^a-zA-Z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ""))}`,
          tags: ["Webhook"],
          summary: event,
          description: `${WEBHOOK_TEXT[event] ?? event}. Inviato all'indirizzo webhook del partner, firmato con X-Stanza-Signature, con X-Stanza-Event: ${event}.`,
          requestBody: { required: true, content: { "application/json": { schema: { $ref: uri(id) } } } },
          responses: { "200": { description: "Ricevuto (qualsiasi 2xx); altrimenti la consegna è ritentata" } },
        },
      },
    ]),
  );
}

let cached: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 document, built from the same zod schemas the handlers validate with. */
export function buildOpenApiDocument(): Record<string, unknown> {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const e of ENDPOINTS) (paths[e.path] ??= {})[e.method] = operation(e);
  cached = {
    openapi: "3.1.0",
    info: {
      title: "Stanza — API per i partner",
      version: "1.0",
      description: [
        "API REST per l'interoperabilità con i fornitori terzi (protocollo informatico, back-office), compatibile con i percorsi della Stanza del Cittadino.",
        "Autenticazione HTTP Basic su https con le credenziali del partner; ogni partner opera per un solo ente e sui servizi su cui è abilitato.",
        "Ogni errore è un problem+json (RFC 9457). Ogni POST accetta `Idempotency-Key`. Limite di richieste per credenziale al minuto (429 con Retry-After).",
        "Nei corpi JSON i campi sconosciuti sono un errore 422 (tranne nei record di protocollo, conservati come inviati); testi con il carattere NUL o surrogati UTF-16 isolati sono un 422 che nomina il campo; un documento annidato oltre 32 livelli è un 400.",
        "Un percorso sconosciuto sotto /api/v1.0 risponde 404 problem+json; un metodo non previsto su un percorso noto risponde 405 problem+json con l'header Allow.",
        "Ogni pratica ha un `id` (UUID, l'identificativo dei percorsi) e un `number`, il numero per ente e per anno che cittadini e operatori leggono (`2026-000123`), dato all'invio; anche i webhook lo riportano in `pratica.number`.",
        "Webhook: POST JSON firmati con `X-Stanza-Signature: t=<unix>,v1=<hex HMAC-SHA256 di \"<t>.<corpo>\">` con il segreto webhook del partner.",
        `Eventi dei webhook: ${EVENTS.map((e) => `\`pratica.${e}\``).join(", ")}, \`pratica.message\` (filtrabili per partner; \`pratica.*\` = tutti gli eventi delle pratiche); per gli appuntamenti ${a.APPOINTMENT_WEBHOOK_EVENTS.map((e) => `\`${e}\``).join(", ")} (il corpo porta \`appointment\`, senza dati personali: vedi \`webhooks\`).`,
        "Appuntamenti: `GET …/uffici` e `…/uffici/{ufficio}/disponibilita` danno gli slot liberi, `POST …/appuntamenti` prenota, `POST …/appuntamenti/{appuntamento}/cancel` annulla. Gli orari sono ISO 8601 (UTC) con, a parte, giorno e ora sull'orologio dell'ente (`day`, `start_time`, `end_time`, `time_zone`).",
        "Pagamenti pagoPA: il dettaglio della pratica riporta `payments` (importi in centesimi interi, `amount_eur` come testo). Durante l'istruttoria (4000) `request_payment` chiede un pagamento al cittadino (`importo_centesimi` obbligatorio, `messaggio` = causale di al massimo 140 caratteri, `scadenza_giorni` facoltativo) e porta la pratica a 1500; `cancel_payment` (con `messaggio`) ritira una richiesta non pagata e la riporta a 4000. Il pagamento avvenuto (1520) riprende l'istruttoria da sé.",
        "",
        "Stati e codici:",
        "",
        statusTable(),
      ].join("\n"),
    },
    servers: [{ url: "/" }],
    tags: [
      { name: "Pratiche", description: "Creazione, stato, protocollo e consultazione delle pratiche" },
      { name: "Servizi", description: "Servizi, schede informative e testi del modulo" },
      { name: "Appuntamenti", description: "Uffici, disponibilità e prenotazioni allo sportello" },
      { name: "Webhook", description: "Notifiche ai sistemi del partner" },
    ],
    paths,
    webhooks: webhooks(),
    components: { schemas: components(), headers: HEADERS, securitySchemes: { basic: { type: "http", scheme: "basic" } } },
    security: [{ basic: [] }],
  };
  return cached;
}
