import { defineMessages } from "./index";

type V = Record<string, string | number>;

/**
 * Texts about the pratica's number and about what happened to each message sent about a pratica (the
 * "Comunicazioni e protocollo" panel of the operator's detail page): one plain sentence per recipient and channel.
 */
export const praticaNumberTexts = defineMessages({
  it: {
    /** Added to an email's subject that does not name the pratica yet. */
    emailSubject: (v: V) => `${v.subject} (n. ${v.numero})`,
    delivery: {
      /** Who and how: the start of the sentence. */
      to: {
        emailTo: (v: V) => `Email a ${v.to}`,
        emailToOperators: "Email agli operatori abilitati sul servizio",
        emailNoAddress: "Email al destinatario",
        protocolBuiltin: "Richiesta di protocollo al registro interno dell'ente",
        paymentProvider: "Operazione presso il servizio di pagamento pagoPA",
        protocolExternal: "Richiesta di protocollo al registro esterno",
        partner: (v: V) => `Avviso automatico al sistema di ${v.name}`,
        partnerUnknown: "Avviso automatico a un sistema collegato",
      },
      /** What happened; `at` is "il 03/12/2026 alle 10:15". */
      outcome: {
        emailSent: (v: V) => `consegnata al server di posta ${v.at}`,
        protocolSent: (v: V) => `inviata ${v.at}`,
        partnerSent: (v: V) => `ricevuto dal sistema ${v.at}`,
        fannedOut: (v: V) => `preparata ${v.at}, una per ogni operatore che la vuole subito (le altre nel riepilogo giornaliero)`,
        waiting: (v: V) => `in attesa di invio, prevista ${v.at}`,
        deferred: (v: V) => `rinviata per l'orario di silenzio dell'ente, partirà ${v.at}`,
        retrying: (v: V) => `non ancora riuscita, nuovo tentativo ${v.at}`,
        processing: "in invio in questo momento",
        skipped: (v: V) => `non inviata ${v.at}`,
        dead: (v: V) => `non recapitata, tentativi sospesi ${v.at}`,
        cancelled: (v: V) => `annullata ${v.at}`,
        routed: (v: V) => `passata a un altro canale ${v.at}`,
      },
      attempts: (v: V) => (Number(v.n) === 0 ? "nessun tentativo di invio" : Number(v.n) === 1 ? "al primo tentativo" : `dopo ${v.n} tentativi`),
      attemptsSoFar: (v: V) => (Number(v.n) === 1 ? "1 tentativo finora" : `${v.n} tentativi finora`),
      reason: (v: V) => `Motivo: ${v.reason}`,
      at: (v: V) => `il ${v.date} alle ${v.time}`,
      webhookTitle: (v: V) => `Aggiornamento ai sistemi collegati: ${v.event}`,
      history: "Cronologia dei tentativi",
      serverAnswer: "Risposta registrata",
      step: {
        queued: "Messa in coda",
        deferred: "Rinviata",
        sent: "Inviata",
        failed: "Tentativo non riuscito",
        dead: "Tentativi sospesi",
        retried: "Nuovo tentativo chiesto",
        skipped: "Non inviata",
        cancelled: "Annullata",
        routed: "Passata a un altro canale",
        accepted: "Accettazione PEC",
        delivered: "Consegna PEC",
        undelivered: "Mancata consegna PEC",
      },
    },
  },
  en: {
    emailSubject: (v: V) => `${v.subject} (no. ${v.numero})`,
    delivery: {
      to: {
        emailTo: (v: V) => `Email to ${v.to}`,
        emailToOperators: "Email to the operators enabled on the service",
        emailNoAddress: "Email to the recipient",
        protocolBuiltin: "Protocol request to the municipality's own register",
        paymentProvider: "Operation with the pagoPA payment service",
        protocolExternal: "Protocol request to the external register",
        partner: (v: V) => `Automatic notice to the system of ${v.name}`,
        partnerUnknown: "Automatic notice to a connected system",
      },
      outcome: {
        emailSent: (v: V) => `delivered to the mail server ${v.at}`,
        protocolSent: (v: V) => `sent ${v.at}`,
        partnerSent: (v: V) => `received by the system ${v.at}`,
        fannedOut: (v: V) => `prepared ${v.at}, one for each operator who wants it at once (the others in the daily digest)`,
        waiting: (v: V) => `waiting to be sent, due ${v.at}`,
        deferred: (v: V) => `held back by the municipality's quiet hours, goes out ${v.at}`,
        retrying: (v: V) => `not delivered yet, next attempt ${v.at}`,
        processing: "being sent right now",
        skipped: (v: V) => `not sent ${v.at}`,
        dead: (v: V) => `not delivered, attempts stopped ${v.at}`,
        cancelled: (v: V) => `cancelled ${v.at}`,
        routed: (v: V) => `handed over to another channel ${v.at}`,
      },
      attempts: (v: V) => (Number(v.n) === 0 ? "no delivery attempt" : Number(v.n) === 1 ? "at the first attempt" : `after ${v.n} attempts`),
      attemptsSoFar: (v: V) => (Number(v.n) === 1 ? "1 attempt so far" : `${v.n} attempts so far`),
      reason: (v: V) => `Reason: ${v.reason}`,
      at: (v: V) => `on ${v.date} at ${v.time}`,
      webhookTitle: (v: V) => `Update to connected systems: ${v.event}`,
      history: "Attempts in order",
      serverAnswer: "Recorded answer",
      step: {
        queued: "Queued",
        deferred: "Held back",
        sent: "Sent",
        failed: "Attempt failed",
        dead: "Attempts stopped",
        retried: "New attempt requested",
        skipped: "Not sent",
        cancelled: "Cancelled",
        routed: "Handed over to another channel",
        accepted: "PEC acceptance",
        delivered: "PEC delivery",
        undelivered: "PEC non-delivery",
      },
    },
  },
});

export type PraticaNumberTexts = (typeof praticaNumberTexts)["it"];
