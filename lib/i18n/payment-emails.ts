import { defineMessages } from "./index";

/**
 * The payment notices' default wording (kinds payment_due, payment_confirmed, payment_failed, payment_expired,
 * payment_cancelled) and the
 * labels of their details. Same `%name%` placeholders as lib/i18n/emails.ts. No amount in a subject: the details
 * carry it, in the body.
 */
export const paymentEmailTexts = defineMessages({
  it: {
    kinds: {
      payment_due: {
        subject: "%ente% – %servizio%: pagamento da effettuare",
        heading: "Hai un pagamento da effettuare",
        body: "Per la tua pratica per il servizio «%servizio%» il %ente% ti chiede un pagamento con pagoPA.\n\nPuoi pagare online dalla tua area personale, nella sezione «Pagamenti», oppure con l'avviso di pagamento che trovi lì: in banca, alla posta, nei punti vendita o nelle app.",
        action: "Vai ai pagamenti",
      },
      payment_confirmed: {
        subject: "%ente% – %servizio%: pagamento ricevuto",
        heading: "Abbiamo ricevuto il tuo pagamento",
        body: "Il %ente% ha ricevuto il tuo pagamento per la pratica per il servizio «%servizio%».\n\nLa ricevuta è nella tua area personale, nella sezione «Pagamenti».",
        action: "Leggi la pratica",
      },
      payment_failed: {
        subject: "%ente% – %servizio%: pagamento non riuscito",
        heading: "Il pagamento non è riuscito",
        body: "Il pagamento per la tua pratica per il servizio «%servizio%» non è andato a buon fine: non ti è stato addebitato nulla.\n\nPuoi riprovare dalla tua area personale entro la scadenza.",
        action: "Riprova il pagamento",
      },
      payment_expired: {
        subject: "%ente% – %servizio%: pagamento scaduto",
        heading: "Il termine per pagare è scaduto",
        body: "Il termine per il pagamento della tua pratica per il servizio «%servizio%» è passato senza che il pagamento risultasse effettuato.\n\nNella tua area personale trovi lo stato della pratica e come proseguire.",
        action: "Leggi la pratica",
      },
      payment_cancelled: {
        subject: "%ente% – %servizio%: richiesta di pagamento annullata",
        heading: "Non devi più effettuare il pagamento",
        body: "Il %ente% ha annullato la richiesta di pagamento per la tua pratica per il servizio «%servizio%»: non devi più pagare l'avviso. La pratica prosegue.\n\nLa motivazione è nella tua area personale.",
        action: "Leggi la pratica",
      },
    },
    labels: {
      causale: "Causale",
      amount: "Importo",
      dueDate: "Da pagare entro il",
      noticeCode: "Codice avviso",
      paidAt: "Pagato il",
      whereToPay: "Trovi il pagamento nella tua area personale, nella sezione «Pagamenti»:",
    },
  },
  en: {
    kinds: {
      payment_due: {
        subject: "%ente% – %servizio%: payment due",
        heading: "You have a payment to make",
        body: "For your application for the service “%servizio%”, %ente% asks you for a payment through pagoPA.\n\nYou can pay online from your personal area, under “Payments”, or with the payment notice you find there: at a bank, post office, shop or in an app.",
        action: "Go to payments",
      },
      payment_confirmed: {
        subject: "%ente% – %servizio%: payment received",
        heading: "We have received your payment",
        body: "%ente% has received your payment for your application for the service “%servizio%”.\n\nThe receipt is in your personal area, under “Payments”.",
        action: "Read the application",
      },
      payment_failed: {
        subject: "%ente% – %servizio%: payment failed",
        heading: "The payment did not go through",
        body: "The payment for your application for the service “%servizio%” did not go through: nothing was charged.\n\nYou can try again from your personal area before the due date.",
        action: "Try the payment again",
      },
      payment_expired: {
        subject: "%ente% – %servizio%: payment expired",
        heading: "The time to pay has run out",
        body: "The due date for the payment of your application for the service “%servizio%” has passed without the payment being made.\n\nYour personal area shows the application's status and how to go on.",
        action: "Read the application",
      },
      payment_cancelled: {
        subject: "%ente% – %servizio%: payment request withdrawn",
        heading: "You no longer need to pay",
        body: "%ente% has withdrawn the payment request for your application for the service “%servizio%”: you no longer need to pay the notice. The application goes on.\n\nThe reason is in your personal area.",
        action: "Read the application",
      },
    },
    labels: {
      causale: "Reason for payment",
      amount: "Amount",
      dueDate: "Pay by",
      noticeCode: "Notice code",
      paidAt: "Paid on",
      whereToPay: "You will find the payment in your personal area, under “Payments”:",
    },
  },
});
