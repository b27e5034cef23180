/**
 * The names a partner's protocol record may use for each thing Stanza reads from it (the first is the one the
 * documentation leads with). The OpenAPI document lists them all; lib/protocol/answers.ts reads them.
 */
export const PROTOCOL_RECORD_FIELDS = {
  number: ["numero", "number", "numeroProtocollo", "numero_protocollo", "protocol_number"],
  date: ["data", "date", "dataProtocollo", "data_protocollo", "registeredAt"],
  requestId: ["requestId", "request_id", "idRichiesta", "id_richiesta"],
  error: ["errore", "error"],
  status: ["stato", "status"],
  documentKind: ["documentKind", "tipo_documento"],
  direction: ["direction", "verso"],
} as const;
