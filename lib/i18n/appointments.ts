import type { AppointmentStatus } from "@/db/schema";
import { defineMessages, pick, type Lang } from "./index";

/**
 * Appointments: the status labels every page shows and the emails to the citizen (kinds below), in it and en.
 * Placeholders: %ente% %servizio% %ufficio% %quando% %codice% %messaggio%. The emails name the municipality, the
 * service, the office and the time; never the operator who acted nor what the citizen wrote as a reason.
 */
export const APPOINTMENT_EMAIL_KINDS = ["booked", "requested", "approved", "refused", "cancelled", "moved", "no_show", "reminder"] as const;
export type AppointmentEmailKind = (typeof APPOINTMENT_EMAIL_KINDS)[number];

export const appointmentTexts = defineMessages({
  it: {
    status: {
      requested: "In attesa di conferma",
      confirmed: "Confermato",
      cancelled: "Annullato",
      refused: "Rifiutato",
      no_show: "Non presentato",
      done: "Concluso",
    },
    emails: {
      booked: {
        subject: "%ente% – appuntamento confermato: %quando%",
        heading: "Il tuo appuntamento è confermato",
        body: "Ti aspettiamo presso %ufficio% per il servizio «%servizio%».\n\nIn allegato trovi il file da aggiungere al tuo calendario. Se non puoi venire, annulla o sposta l'appuntamento dal collegamento qui sotto: libererai il posto per un'altra persona.",
      },
      requested: {
        subject: "%ente% – richiesta di appuntamento ricevuta: %quando%",
        heading: "Abbiamo ricevuto la tua richiesta di appuntamento",
        body: "La tua richiesta di appuntamento presso %ufficio% per il servizio «%servizio%» deve essere confermata dall'ufficio: riceverai un'email con l'esito.\n\nIn allegato trovi il file da aggiungere al tuo calendario.",
      },
      approved: {
        subject: "%ente% – appuntamento confermato: %quando%",
        heading: "L'ufficio ha confermato il tuo appuntamento",
        body: "Ti aspettiamo presso %ufficio% per il servizio «%servizio%».\n\nIn allegato trovi il file aggiornato per il tuo calendario.",
      },
      refused: {
        subject: "%ente% – richiesta di appuntamento non accolta",
        heading: "L'ufficio non ha potuto accogliere la tua richiesta",
        body: "La tua richiesta di appuntamento presso %ufficio% per il servizio «%servizio%» non è stata accolta.\n\nMessaggio dell'ufficio: %messaggio%\n\nPuoi prenotare un altro orario dal sito del Comune.",
      },
      cancelled: {
        subject: "%ente% – appuntamento annullato: %quando%",
        heading: "L'appuntamento è stato annullato",
        body: "L'appuntamento presso %ufficio% per il servizio «%servizio%» è stato annullato.\n\n%messaggio%\n\nPuoi prenotare un altro orario dal sito del Comune.",
      },
      moved: {
        subject: "%ente% – appuntamento spostato: %quando%",
        heading: "Il tuo appuntamento è stato spostato",
        body: "Il nuovo orario del tuo appuntamento presso %ufficio% per il servizio «%servizio%» è qui sotto.\n\nIn allegato trovi il file aggiornato per il tuo calendario.",
      },
      no_show: {
        subject: "%ente% – appuntamento non svolto",
        heading: "Non ti abbiamo visto all'appuntamento",
        body: "Risulta che non ti sei presentato all'appuntamento presso %ufficio% per il servizio «%servizio%».\n\nSe ti serve ancora, puoi prenotare un nuovo orario dal sito del Comune. Se non puoi venire, annulla per tempo: il posto andrà a un'altra persona.",
      },
      reminder: {
        subject: "%ente% – promemoria: appuntamento %quando%",
        heading: "Ti ricordiamo il tuo appuntamento",
        body: "Ti aspettiamo presso %ufficio% per il servizio «%servizio%».\n\nSe non puoi venire, annulla o sposta l'appuntamento dal collegamento qui sotto.",
      },
    },
    details: { code: "Codice", when: "Quando", office: "Ufficio", address: "Indirizzo", service: "Servizio", status: "Stato" },
    manage: "Gestisci l'appuntamento",
    whereToRead: "Puoi vedere, annullare o spostare l'appuntamento da questo collegamento, senza accedere:",
    calendarTitle: "Appuntamento: %servizio% – %ente%",
    calendarDescription: "Codice %codice%. Per annullare o spostare: %link%",
  },
  en: {
    status: {
      requested: "Awaiting confirmation",
      confirmed: "Confirmed",
      cancelled: "Cancelled",
      refused: "Refused",
      no_show: "Did not attend",
      done: "Completed",
    },
    emails: {
      booked: {
        subject: "%ente% – appointment confirmed: %quando%",
        heading: "Your appointment is confirmed",
        body: "We expect you at %ufficio% for the service “%servizio%”.\n\nAttached is a file to add it to your calendar. If you cannot come, cancel or move the appointment from the link below: someone else can have the place.",
      },
      requested: {
        subject: "%ente% – appointment request received: %quando%",
        heading: "We received your appointment request",
        body: "Your appointment request at %ufficio% for the service “%servizio%” must be confirmed by the office: you will get an email with the outcome.\n\nAttached is a file to add it to your calendar.",
      },
      approved: {
        subject: "%ente% – appointment confirmed: %quando%",
        heading: "The office confirmed your appointment",
        body: "We expect you at %ufficio% for the service “%servizio%”.\n\nAttached is the updated file for your calendar.",
      },
      refused: {
        subject: "%ente% – appointment request not accepted",
        heading: "The office could not accept your request",
        body: "Your appointment request at %ufficio% for the service “%servizio%” was not accepted.\n\nMessage from the office: %messaggio%\n\nYou can book another time on the municipality's website.",
      },
      cancelled: {
        subject: "%ente% – appointment cancelled: %quando%",
        heading: "The appointment was cancelled",
        body: "The appointment at %ufficio% for the service “%servizio%” was cancelled.\n\n%messaggio%\n\nYou can book another time on the municipality's website.",
      },
      moved: {
        subject: "%ente% – appointment moved: %quando%",
        heading: "Your appointment was moved",
        body: "The new time of your appointment at %ufficio% for the service “%servizio%” is below.\n\nAttached is the updated file for your calendar.",
      },
      no_show: {
        subject: "%ente% – appointment missed",
        heading: "We did not see you at your appointment",
        body: "You did not come to the appointment at %ufficio% for the service “%servizio%”.\n\nIf you still need it, you can book a new time on the municipality's website. If you cannot come, please cancel in time: the place goes to someone else.",
      },
      reminder: {
        subject: "%ente% – reminder: appointment %quando%",
        heading: "A reminder of your appointment",
        body: "We expect you at %ufficio% for the service “%servizio%”.\n\nIf you cannot come, cancel or move the appointment from the link below.",
      },
    },
    details: { code: "Code", when: "When", office: "Office", address: "Address", service: "Service", status: "Status" },
    manage: "Manage the appointment",
    whereToRead: "You can see, cancel or move the appointment from this link, without signing in:",
    calendarTitle: "Appointment: %servizio% – %ente%",
    calendarDescription: "Code %codice%. To cancel or move it: %link%",
  },
});

export function appointmentStatusLabel(status: AppointmentStatus, lang: Lang): string {
  return pick(appointmentTexts, lang).status[status];
}
