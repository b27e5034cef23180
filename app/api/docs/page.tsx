import type { Metadata } from "next";
import { ENDPOINTS, buildOpenApiDocument, type Endpoint } from "@/lib/api/openapi";
import { STATUS_CODE_EVENTS } from "@/lib/api/present";
import { STATUS, statusLabel } from "@/lib/workflow/states";

// Rendered per request: its scripts need the request's CSP nonce (proxy.ts); the document itself is cached.
export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "API per i partner" };

type Json = Record<string, unknown>;

const PROBLEMS: { code: string; status: number; text: string }[] = [
  { code: "bad_request", status: 400, text: "JSON non valido, corpo vuoto, Idempotency-Key, cursore o parametri ripetuti non validi." },
  { code: "unauthorized", status: 401, text: "Credenziali Basic mancanti, malformate o errate, o partner disattivato." },
  { code: "forbidden", status: 403, text: "https richiesto; credenziali di un altro partner; ente o servizio non consentiti; evento non consentito al partner." },
  { code: "not_found", status: 404, text: "Pratica, allegato, servizio o step inesistente, o non visibile al partner (anche quando appartiene a un altro ente)." },
  { code: "method_not_allowed", status: 405, text: "Il percorso esiste ma non con questo metodo: l'header Allow elenca quelli consentiti. Un percorso sconosciuto è un 404 not_found." },
  { code: "invalid_transition", status: 409, text: "L'evento non è consentito dallo stato corrente, o non è riconosciuto: allowed_events elenca quelli possibili." },
  { code: "conflict", status: 409, text: "La pratica è cambiata nel frattempo (versione); una richiesta con la stessa Idempotency-Key è ancora in corso (entro 60 secondi); la richiesta di protocollo ha già un altro numero." },
  { code: "payload_too_large", status: 413, text: "Il corpo supera 256 kB (10 MB per offline/create) o un allegato supera il limite del suo campo." },
  { code: "unsupported_media_type", status: 415, text: "Content-Type diverso da application/json, o allegato di un tipo non accettato dal campo." },
  { code: "validation_failed", status: 422, text: "Tipi o valori non validi, campi sconosciuti, testi con NUL o surrogati isolati: errors elenca path e messaggio di ogni campo." },
  { code: "rate_limited", status: 429, text: "Troppe richieste per questa credenziale in questo minuto: riprova dopo Retry-After secondi." },
  { code: "internal_error", status: 500, text: "Errore inatteso: la risposta non contiene dettagli; cita error_id all'assistenza." },
];

const METHOD_STYLE: Record<string, string> = { get: "bg-primary-light text-primary-darker", post: "bg-success-light text-success" };

function anchor(e: Endpoint): string {
  return `${e.method}-${e.path.replace(/[^a-zA-Z0-9]+/g, "-").replace(/^-|-$/g, "")}`;
}

function SchemaBlock({ schema, label }: { schema: unknown; label: string }) {
  return (
    <details className="mt-2 rounded border border-line bg-surface">
      <summary className="cursor-pointer px-3 py-2 text-sm font-semibold focus-visible:outline-2 focus-visible:outline-primary">{label}</summary>
      <pre className="max-h-[28rem] overflow-auto px-3 pb-3 text-xs leading-relaxed" role="region" aria-label={label} tabIndex={0}>{JSON.stringify(schema, null, 2)}</pre>
    </details>
  );
}

/** Descriptions use `backticks` for names, as in Markdown. */
function Inline({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : <span key={i}>{part}</span>))}
    </>
  );
}

function refName(schema: unknown): string | null {
  const ref = (schema as { $ref?: string } | undefined)?.$ref;
  return ref ? ref.split("/").pop() ?? null : null;
}

export default function ApiDocsPage() {
  const doc = buildOpenApiDocument() as { info: { version: string }; paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, unknown> } };
  const schemas = doc.components.schemas;
  return (
    <div className="mx-auto max-w-5xl px-4 py-8">
      <header className="border-b border-line pb-4">
        <p className="text-sm text-muted">Stanza · versione {doc.info.version}</p>
        <h1 className="text-3xl font-bold">API per i partner</h1>
        <p className="mt-2 max-w-3xl">
          API REST per i sistemi di terze parti (protocollo informatico, back-office) sotto <code>/api/v1.0</code>, con i percorsi della
          Stanza del Cittadino. Il documento OpenAPI 3.1 completo è in{" "}
          <a className="underline" href="/api/v1.0/openapi.json">
            /api/v1.0/openapi.json
          </a>
          .
        </p>
      </header>

      <nav aria-label="Indice" className="mt-6">
        <h2 className="text-lg font-semibold">Indice</h2>
        <ul className="mt-2 grid gap-1 sm:grid-cols-2">
          <li><a className="underline" href="#autenticazione">Autenticazione e regole comuni</a></li>
          <li><a className="underline" href="#stati">Stati ed eventi</a></li>
          {ENDPOINTS.map((e) => (
            <li key={anchor(e)}>
              <a className="underline" href={`#${anchor(e)}`}>
                <span className="font-mono text-xs uppercase">{e.method}</span> {e.path.replace("/api/v1.0", "")}
              </a>
            </li>
          ))}
          <li><a className="underline" href="#webhook">Webhook</a></li>
          <li><a className="underline" href="#errori">Errori</a></li>
        </ul>
      </nav>

      <section id="autenticazione" className="mt-10">
        <h2 className="text-2xl font-bold">Autenticazione e regole comuni</h2>
        <ul className="mt-3 list-disc space-y-2 pl-6">
          <li>HTTP Basic: utente = slug del partner, password = il segreto consegnato alla creazione (conservato solo come hash). Solo su https; in chiaro solo da loopback o in modalità dimostrativa. Dietro un proxy TLS, X-Forwarded-Proto vale solo con <code>TRUST_PROXY</code>.</li>
          <li>Ogni partner opera per un solo ente e solo sui servizi su cui è abilitato; il <code>{"{partner}"}</code> nel percorso deve essere quello delle credenziali.</li>
          <li>Corpi JSON (<code>Content-Type: application/json</code>) fino a 256 kB; 10 MB per <code>offline/create</code>.</li>
          <li>Ogni POST accetta <code>Idempotency-Key</code>: la stessa chiave con la stessa richiesta entro 24 ore restituisce la prima risposta riuscita (header <code>Idempotent-Replayed: true</code>) senza rieseguirla.</li>
          <li>Limite di richieste per credenziale al minuto (header X-RateLimit-*); oltre, 429 con Retry-After.</li>
        </ul>
      </section>

      <section id="stati" className="mt-10">
        <h2 className="text-2xl font-bold">Stati ed eventi</h2>
        <p className="mt-2">Il campo <code>evento</code> accetta il nome dell&apos;evento o il codice dello stato di arrivo.</p>
        <div className="mt-3 overflow-x-auto" role="region" aria-label="Codici di stato e eventi del partner" tabIndex={0}>
          <table className="min-w-full border-collapse text-sm">
            <caption className="sr-only">Codici di stato e eventi del partner</caption>
            <thead>
              <tr className="border-b border-line text-left">
                <th scope="col" className="py-2 pr-4">Codice</th>
                <th scope="col" className="py-2 pr-4">Stato</th>
                <th scope="col" className="py-2 pr-4">Etichetta</th>
                <th scope="col" className="py-2">Evento del partner</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(STATUS).map(([name, code]) => (
                <tr key={code} className="border-b border-line">
                  <td className="py-2 pr-4 font-mono">{code}</td>
                  <td className="py-2 pr-4 font-mono">{name}</td>
                  <td className="py-2 pr-4">{statusLabel(code, "it")}</td>
                  <td className="py-2 font-mono">
                    {STATUS_CODE_EVENTS[code].join(", ") || "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {ENDPOINTS.map((e) => {
        const op = doc.paths[e.path]?.[e.method] as Json & { parameters: Json[]; responses: Record<string, Json>; requestBody?: Json };
        const bodyRef = e.body ? e.body.id : null;
        const okRef = e.ok.id ?? null;
        return (
          <section key={anchor(e)} id={anchor(e)} className="mt-10 border-t border-line pt-6">
            <h2 className="flex flex-wrap items-center gap-2 text-xl font-bold">
              <span className={`rounded px-2 py-0.5 font-mono text-sm uppercase ${METHOD_STYLE[e.method] ?? ""}`}>{e.method}</span>
              <code className="break-all">{e.path}</code>
            </h2>
            <p className="mt-1 font-semibold">
              {e.summary}
              {!e.manual && <span className="ml-2 rounded bg-surface px-2 py-0.5 text-xs font-normal text-muted">estensione</span>}
            </p>
            <p className="mt-2 whitespace-pre-line">
              <Inline text={e.description} />
            </p>
            {op.parameters.length > 0 && (
              <div className="mt-3 overflow-x-auto" role="region" aria-label={`Parametri di ${e.method.toUpperCase()} ${e.path}`} tabIndex={0}>
                <table className="min-w-full border-collapse text-sm">
                  <caption className="text-left font-semibold">Parametri</caption>
                  <thead>
                    <tr className="border-b border-line text-left">
                      <th scope="col" className="py-1 pr-4">Nome</th>
                      <th scope="col" className="py-1 pr-4">Dove</th>
                      <th scope="col" className="py-1 pr-4">Obbligatorio</th>
                      <th scope="col" className="py-1">Descrizione / schema</th>
                    </tr>
                  </thead>
                  <tbody>
                    {op.parameters.map((p) => (
                      <tr key={`${String(p.in)}-${String(p.name)}`} className="border-b border-line align-top">
                        <td className="py-1 pr-4 font-mono">{String(p.name)}</td>
                        <td className="py-1 pr-4">{String(p.in)}</td>
                        <td className="py-1 pr-4">{p.required ? "sì" : "no"}</td>
                        <td className="py-1">
                          {p.description ? <span>{String(p.description)} </span> : null}
                          <code className="text-xs">{JSON.stringify(p.schema)}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {bodyRef && <SchemaBlock label={`Corpo della richiesta (${bodyRef})`} schema={schemas[bodyRef]} />}
            <h3 className="mt-4 font-semibold">Risposte</h3>
            <ul className="mt-1 space-y-1 text-sm">
              {Object.entries(op.responses).map(([status, r]) => {
                const schema = Object.values((r.content as Record<string, { schema?: unknown }> | undefined) ?? {})[0]?.schema;
                const name = refName(schema);
                return (
                  <li key={status}>
                    <span className="font-mono font-semibold">{status}</span> — <Inline text={String(r.description)} />
                    {name && name !== "Problem" && <span className="text-muted"> ({name})</span>}
                    {name === "Problem" && (
                      <a className="ml-1 underline" href="#errori">
                        problem+json
                      </a>
                    )}
                  </li>
                );
              })}
            </ul>
            {okRef && <SchemaBlock label={`Schema della risposta ${e.ok.status} (${okRef})`} schema={schemas[okRef]} />}
          </section>
        );
      })}

      <section id="webhook" className="mt-10 border-t border-line pt-6">
        <h2 className="text-2xl font-bold">Webhook</h2>
        <p className="mt-2">
          A ogni cambio di stato (e messaggio) di una pratica dei suoi servizi, Stanza invia al partner che ha un URL webhook un POST JSON
          <code> {"{ id, type, created_at, ente, data }"}</code>, con <code>type</code> come <code>pratica.assign</code>. Il filtro per
          partner (<code>webhookEvents</code>) limita i tipi inviati; vuoto significa tutti, <code>pratica.*</code> tutti quelli delle pratiche.
        </p>
        <ul className="mt-3 list-disc space-y-2 pl-6">
          <li>
            Firma: <code>X-Stanza-Signature: t=&lt;secondi unix&gt;,v1=&lt;hex HMAC-SHA256 di &quot;t.corpo&quot;&gt;</code> con il segreto webhook del
            partner. Verifica la firma sul corpo così come ricevuto e rifiuta un <code>t</code> più vecchio di 5 minuti.
          </li>
          <li>
            <code>X-Stanza-Delivery</code> è l&apos;id della consegna: resta uguale nei tentativi successivi, usalo per scartare i duplicati.
          </li>
          <li>Una risposta 2xx entro 10 secondi conferma la consegna; altrimenti il worker riprova con backoff. Ogni tentativo è nel registro delle consegne.</li>
        </ul>
        <p className="mt-3">
          Per gli appuntamenti dei suoi servizi il partner riceve <code>appointment.booked</code> (prenotato o in attesa di approvazione),{" "}
          <code>appointment.changed</code> (approvato, spostato, non presentato) e <code>appointment.cancelled</code> (annullato o rifiutato);{" "}
          <code>appointment.*</code> li sceglie tutti. Il corpo porta <code>appointment</code> (codice, stato, ufficio, servizio, orari e il percorso
          nell&apos;API) senza dati personali: i contatti si leggono con le credenziali del partner.
        </p>
        <SchemaBlock label="Corpo di un webhook appointment.* (AppointmentWebhook)" schema={schemas.AppointmentWebhook} />
      </section>

      <section id="errori" className="mt-10 border-t border-line pt-6">
        <h2 className="text-2xl font-bold">Errori</h2>
        <p className="mt-2">
          Ogni errore è un <code>application/problem+json</code> (RFC 9457) con <code>type</code>, <code>title</code>, <code>status</code>,{" "}
          <code>detail</code>, <code>instance</code> e <code>code</code>; in più <code>errors</code> (422), <code>allowed_events</code> e{" "}
          <code>current_status</code> (409 di transizione), <code>retry_after</code> (429), <code>error_id</code> (500).
        </p>
        <dl className="mt-3 space-y-3">
          {PROBLEMS.map((p) => (
            <div key={p.code} id={`problem-${p.code}`}>
              <dt className="font-mono font-semibold">
                {p.status} {p.code}
              </dt>
              <dd className="ml-4">{p.text}</dd>
            </div>
          ))}
        </dl>
        <SchemaBlock label="Schema (Problem)" schema={schemas.Problem} />
      </section>
    </div>
  );
}
