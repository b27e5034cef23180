import { defineMessages } from "./index";

type V = Record<string, string | number>;

/**
 * The default wording of every email, Italian and English, and the words around it. Subjects, headings and bodies
 * take the `%name%` placeholders of lib/notifications/texts.ts (PLACEHOLDERS), filled by `fill()` exactly like the
 * texts an admin writes per service.
 */
export const emailTexts = defineMessages({
  it: {
    kinds: {
      receipt: {
        subject: "%ente% – %servizio%: pratica ricevuta",
        heading: "Abbiamo ricevuto la tua pratica",
        body: "Il %ente% ha ricevuto la tua pratica per il servizio «%servizio%».\n\nIl modulo che hai inviato è nella tua area personale. Riceverai una risposta entro %tempo_massimo%.",
        action: "Leggi la pratica",
      },
      taken_in_charge: {
        subject: "%ente% – %servizio%: pratica presa in carico",
        heading: "La tua pratica è in lavorazione",
        body: "Un ufficio del %ente% ha preso in carico la tua pratica per il servizio «%servizio%».",
        action: "Leggi la pratica",
      },
      integration_requested: {
        subject: "%ente% – %servizio%: servono altri documenti",
        heading: "Ti chiediamo altri documenti",
        body: "Per proseguire con la tua pratica per il servizio «%servizio%», il %ente% ti chiede di inviare altri documenti.\n\nLeggi la richiesta nella tua area personale e rispondi da lì.",
        action: "Leggi la richiesta",
      },
      integration_reminder: {
        subject: "%ente% – %servizio%: promemoria, servono altri documenti",
        heading: "Promemoria: attendiamo i tuoi documenti",
        body: "Il %ente% è ancora in attesa dei documenti richiesti per la tua pratica per il servizio «%servizio%».\n\nLeggi la richiesta nella tua area personale e rispondi da lì.",
        action: "Leggi la richiesta",
      },
      outcome_ready: {
        subject: "%ente% – %servizio%: l'esito è pronto",
        heading: "L'esito della tua pratica è pronto",
        body: "Il %ente% ha concluso la tua pratica per il servizio «%servizio%».\n\nLeggi l'esito e scarica i documenti nella tua area personale.",
        action: "Leggi l'esito",
      },
      withdrawn: {
        subject: "%ente% – %servizio%: pratica ritirata",
        heading: "La tua pratica è stata ritirata",
        body: "Come hai chiesto, la tua pratica per il servizio «%servizio%» è stata ritirata.",
        action: "Leggi la pratica",
      },
      reopened: {
        subject: "%ente% – %servizio%: pratica riaperta",
        heading: "La tua pratica è stata riaperta",
        body: "Il %ente% ha riaperto la tua pratica per il servizio «%servizio%»: è di nuovo in lavorazione.",
        action: "Leggi la pratica",
      },
      revoked: {
        subject: "%ente% – %servizio%: pratica annullata",
        heading: "La tua pratica è stata annullata",
        body: "Il %ente% ha annullato la tua pratica per il servizio «%servizio%».\n\nLa motivazione è nella tua area personale.",
        action: "Leggi la pratica",
      },
      message_from_ente: {
        subject: "%ente% – %servizio%: hai un nuovo messaggio",
        heading: "Hai un nuovo messaggio",
        body: "Il %ente% ti ha scritto a proposito della tua pratica per il servizio «%servizio%».\n\nLeggi il messaggio nella tua area personale.",
        action: "Leggi il messaggio",
      },
      message_from_citizen: {
        subject: "%servizio%: nuovo messaggio del richiedente",
        heading: "Nuovo messaggio del richiedente",
        body: "Il richiedente ha scritto un messaggio sulla pratica %pratica_id% del servizio «%servizio%».",
        action: "Apri la pratica",
      },
      operator_new_pratica: {
        subject: "%servizio%: nuova pratica da prendere in carico",
        heading: "Nuova pratica",
        body: "È arrivata una nuova pratica per il servizio «%servizio%» (%pratica_id%).",
        action: "Apri la pratica",
      },
      operator_digest: {
        subject: "%ente%: riepilogo delle nuove pratiche",
        heading: "Nuove pratiche sui tuoi servizi",
        body: "Ecco le pratiche arrivate nelle ultime 24 ore sui servizi su cui sei abilitato.",
        action: "Apri il pannello di controllo",
      },
      sign_in_link: {
        subject: "%ente%: il tuo collegamento per accedere",
        heading: "Accedi all'area personale",
        body: "Hai chiesto di accedere all'area personale del %ente%. Usa il pulsante qui sotto: il collegamento vale una sola volta e scade tra 24 ore.\n\nSe non sei stato tu, ignora questa email.",
        action: "Accedi",
      },
      staff_invite: {
        subject: "%ente%: imposta la tua password",
        heading: "Benvenuto nello staff del %ente%",
        body: "Sei stato abilitato all'area riservata del %ente%. Imposta la tua password con il pulsante qui sotto: il collegamento scade tra 72 ore.\n\nSe non ti aspettavi questo invito, ignora questa email.",
        action: "Imposta la password",
      },
      protocol_alert: {
        subject: "%ente%: richieste di protocollo senza risposta",
        heading: "Richieste di protocollo senza risposta",
        body: "Alcune richieste di protocollo attendono da più di 24 ore una risposta dal registro di protocollo, oppure non sono state consegnate. Controlla la pagina Protocollo dell'amministrazione.",
        action: "Apri la pagina Protocollo",
      },
      pec_alert: {
        subject: "%ente%: una PEC non è stata consegnata",
        heading: "Una PEC non è stata consegnata",
        body: "Il gestore PEC ha comunicato che una comunicazione inviata per PEC non è stata accettata o consegnata al domicilio digitale del cittadino. La comunicazione è stata inoltrata sul canale di riserva, se disponibile. Controlla la pagina PEC dell'amministrazione.",
        action: "Apri la pagina PEC",
      },
    },
    labels: {
      service: "Servizio",
      pratica: "Numero pratica",
      protocol: "Protocollo",
      protocolValue: "n. %numero% del %data%",
      status: "Stato",
      whereToRead: "Trovi la pratica nella tua area personale, nella sezione «Le mie pratiche»:",
      whereToReadStaff: "Trovi la pratica nell'area operatori:",
      linkFallback: "Se il pulsante non funziona, copia questo indirizzo nel browser:",
      automatic: "Questa email è stata inviata automaticamente: per favore non rispondere.",
      contacts: "Contatti",
      pec: "PEC",
      days: (v: V) => (v.n === 1 ? "1 giorno" : `${v.n} giorni`),
      attachment: "Allegato: il modulo inviato (PDF).",
      noItems: "Nessuna nuova pratica.",
    },
  },
  en: {
    kinds: {
      receipt: {
        subject: "%ente% – %servizio%: application received",
        heading: "We have received your application",
        body: "%ente% has received your application for the service “%servizio%”.\n\nThe form you sent is in your personal area. You will get an answer within %tempo_massimo%.",
        action: "Read the application",
      },
      taken_in_charge: {
        subject: "%ente% – %servizio%: application taken in charge",
        heading: "Your application is being processed",
        body: "An office of %ente% has taken in charge your application for the service “%servizio%”.",
        action: "Read the application",
      },
      integration_requested: {
        subject: "%ente% – %servizio%: more documents needed",
        heading: "We need more documents",
        body: "To go on with your application for the service “%servizio%”, %ente% asks you to send more documents.\n\nRead the request in your personal area and answer from there.",
        action: "Read the request",
      },
      integration_reminder: {
        subject: "%ente% – %servizio%: reminder, more documents needed",
        heading: "Reminder: we are waiting for your documents",
        body: "%ente% is still waiting for the documents requested for your application for the service “%servizio%”.\n\nRead the request in your personal area and answer from there.",
        action: "Read the request",
      },
      outcome_ready: {
        subject: "%ente% – %servizio%: the outcome is ready",
        heading: "The outcome of your application is ready",
        body: "%ente% has concluded your application for the service “%servizio%”.\n\nRead the outcome and download the documents in your personal area.",
        action: "Read the outcome",
      },
      withdrawn: {
        subject: "%ente% – %servizio%: application withdrawn",
        heading: "Your application has been withdrawn",
        body: "As you asked, your application for the service “%servizio%” has been withdrawn.",
        action: "Read the application",
      },
      reopened: {
        subject: "%ente% – %servizio%: application reopened",
        heading: "Your application has been reopened",
        body: "%ente% has reopened your application for the service “%servizio%”: it is being processed again.",
        action: "Read the application",
      },
      revoked: {
        subject: "%ente% – %servizio%: application cancelled",
        heading: "Your application has been cancelled",
        body: "%ente% has cancelled your application for the service “%servizio%”.\n\nThe reason is in your personal area.",
        action: "Read the application",
      },
      message_from_ente: {
        subject: "%ente% – %servizio%: you have a new message",
        heading: "You have a new message",
        body: "%ente% has written to you about your application for the service “%servizio%”.\n\nRead the message in your personal area.",
        action: "Read the message",
      },
      message_from_citizen: {
        subject: "%servizio%: new message from the applicant",
        heading: "New message from the applicant",
        body: "The applicant has written a message on application %pratica_id% of the service “%servizio%”.",
        action: "Open the application",
      },
      operator_new_pratica: {
        subject: "%servizio%: new application to take in charge",
        heading: "New application",
        body: "A new application has arrived for the service “%servizio%” (%pratica_id%).",
        action: "Open the application",
      },
      operator_digest: {
        subject: "%ente%: summary of new applications",
        heading: "New applications on your services",
        body: "These applications arrived in the last 24 hours on the services you are enabled on.",
        action: "Open the dashboard",
      },
      sign_in_link: {
        subject: "%ente%: your sign-in link",
        heading: "Sign in to your personal area",
        body: "You asked to sign in to the personal area of %ente%. Use the button below: the link works once and expires in 24 hours.\n\nIf it was not you, ignore this email.",
        action: "Sign in",
      },
      staff_invite: {
        subject: "%ente%: set your password",
        heading: "Welcome to the staff of %ente%",
        body: "You have been given access to the reserved area of %ente%. Set your password with the button below: the link expires in 72 hours.\n\nIf you did not expect this invitation, ignore this email.",
        action: "Set the password",
      },
      protocol_alert: {
        subject: "%ente%: protocol requests without an answer",
        heading: "Protocol requests without an answer",
        body: "Some protocol requests have been waiting more than 24 hours for an answer from the protocol registry, or could not be delivered. Check the Protocol page of the administration.",
        action: "Open the Protocol page",
      },
      pec_alert: {
        subject: "%ente%: a PEC was not delivered",
        heading: "A PEC was not delivered",
        body: "The PEC provider reported that a notice sent by PEC was not accepted or not delivered to the citizen's digital domicile. The notice was passed on to the fallback channel, if there is one. Check the PEC page of the administration.",
        action: "Open the PEC page",
      },
    },
    labels: {
      service: "Service",
      pratica: "Application number",
      protocol: "Protocol",
      protocolValue: "no. %numero% of %data%",
      status: "Status",
      whereToRead: "You will find the application in your personal area, under “My applications”:",
      whereToReadStaff: "You will find the application in the operators' area:",
      linkFallback: "If the button does not work, copy this address into your browser:",
      automatic: "This email was sent automatically: please do not reply.",
      contacts: "Contacts",
      pec: "Certified email (PEC)",
      days: (v: V) => (v.n === 1 ? "1 day" : `${v.n} days`),
      attachment: "Attached: the form you sent (PDF).",
      noItems: "No new applications.",
    },
  },
});
