import { defineMessages } from "./index";

type V = Record<string, string | number>;

/**
 * The citizen's side of pagoPA payments: the amount due on the request's summary, the "Pagamenti" section of a
 * pratica, the personal area's "Pagamenti" page and the demo provider's checkout page.
 */
export const paymentsCitizen = defineMessages({
  it: {
    tab: "Pagamenti",
    // Scrivania
    toDoPay: (v: V) => `Paga ${v.amount} per la pratica ${v.n}`,
    toDoPayDue: (v: V) => `${v.s} · da pagare entro il ${v.d}`,
    // Riepilogo
    dueTitle: "Importo da pagare",
    dueIntro: "Per inviare la domanda paga con pagoPA l'importo qui sotto. La domanda viene inviata appena il pagamento è confermato.",
    dueListLabel: "Importi da pagare",
    dueTotal: "Totale",
    stampDuty: "marca da bollo digitale",
    payAndSubmit: "Procedi al pagamento",
    dueNotComputable: (v: V) => `Non è possibile calcolare l'importo di «${v.causale}»: controlla i dati della domanda.`,
    // Stato di un pagamento
    status: {
      creating: "In preparazione, riprova tra qualche minuto",
      pending: "Da pagare",
      paid: "Pagato",
      failed: "Pagamento non riuscito: puoi riprovare",
      expired: "Scaduto",
      cancelled: "Annullato",
    },
    causale: "Causale",
    amount: "Importo",
    dueDate: "Da pagare entro il",
    statusLabel: "Stato",
    noticeCode: "Codice avviso",
    paidOn: (v: V) => `Pagato il ${v.d}`,
    pratica: "Pratica",
    payOnline: "Paga online",
    payOnlineOf: (v: V) => `Paga online: ${v.causale}`,
    downloadNotice: "Scarica avviso di pagamento",
    downloadNoticeOf: (v: V) => `Scarica avviso di pagamento: ${v.causale} (PDF)`,
    downloadReceipt: "Scarica la ricevuta",
    downloadReceiptOf: (v: V) => `Scarica la ricevuta: ${v.causale}`,
    // Sezione della pratica
    sectionTitle: "Pagamenti",
    sectionIntro: "Puoi pagare online con pagoPA oppure scaricare l'avviso e pagarlo in banca, alla posta, nei punti vendita o nelle app.",
    upfrontNote: "La domanda viene inviata al Comune appena il pagamento è confermato.",
    esito: {
      ok: "Pagamento ricevuto: la conferma arriva entro pochi istanti.",
      ko: "Il pagamento non è riuscito: non ti è stato addebitato nulla. Puoi riprovare.",
      annullato: "Hai annullato il pagamento: non ti è stato addebitato nulla. Puoi pagare quando vuoi entro la scadenza.",
    },
    // Pagina Pagamenti
    pageTitle: "Pagamenti",
    pageIntro: "Tutti i pagamenti delle tue pratiche, dal più recente. Puoi pagare online, scaricare l'avviso per pagare altrove e la ricevuta dei pagamenti fatti.",
    none: "Non hai pagamenti.",
    listLabel: "I tuoi pagamenti",
    linesLabel: "Voci del pagamento",
    // Checkout dimostrativo
    demo: {
      title: "Pagamento con pagoPA",
      banner: "Questa è una simulazione: nessun pagamento reale avviene e nessun importo viene addebitato. Il Comune non ha ancora collegato un intermediario pagoPA.",
      bannerTitle: "Ambiente dimostrativo",
      position: "Dati del pagamento",
      creditor: "Ente creditore",
      payer: "Pagatore",
      pay: "Paga",
      fail: "Simula pagamento non riuscito",
      cancel: "Annulla",
      paid: "Questo avviso risulta già pagato.",
      expired: "Questo avviso è scaduto e non si può più pagare.",
      notFound: "Avviso di pagamento non trovato.",
      choose: "Scegli l'esito da simulare",
    },
  },
  en: {
    tab: "Payments",
    toDoPay: (v: V) => `Pay ${v.amount} for application ${v.n}`,
    toDoPayDue: (v: V) => `${v.s} · pay by ${v.d}`,
    dueTitle: "Amount to pay",
    dueIntro: "To send the application, pay the amount below with pagoPA. The application is sent as soon as the payment is confirmed.",
    dueListLabel: "Amounts to pay",
    dueTotal: "Total",
    stampDuty: "digital stamp duty",
    payAndSubmit: "Go to payment",
    dueNotComputable: (v: V) => `The amount of “${v.causale}” cannot be computed: check the application's data.`,
    status: {
      creating: "Being prepared, try again in a few minutes",
      pending: "To pay",
      paid: "Paid",
      failed: "Payment failed: you can try again",
      expired: "Expired",
      cancelled: "Cancelled",
    },
    causale: "Reason for payment",
    amount: "Amount",
    dueDate: "Pay by",
    statusLabel: "Status",
    noticeCode: "Notice code",
    paidOn: (v: V) => `Paid on ${v.d}`,
    pratica: "Application",
    payOnline: "Pay online",
    payOnlineOf: (v: V) => `Pay online: ${v.causale}`,
    downloadNotice: "Download the payment notice",
    downloadNoticeOf: (v: V) => `Download the payment notice: ${v.causale} (PDF)`,
    downloadReceipt: "Download the receipt",
    downloadReceiptOf: (v: V) => `Download the receipt: ${v.causale}`,
    sectionTitle: "Payments",
    sectionIntro: "You can pay online with pagoPA, or download the notice and pay it at a bank, post office, shop or in an app.",
    upfrontNote: "The application is sent to the municipality as soon as the payment is confirmed.",
    esito: {
      ok: "Payment received: the confirmation arrives within moments.",
      ko: "The payment did not go through: nothing was charged. You can try again.",
      annullato: "You cancelled the payment: nothing was charged. You can pay at any time before the due date.",
    },
    pageTitle: "Payments",
    pageIntro: "Every payment of your applications, newest first. You can pay online, download the notice to pay elsewhere, and the receipt of payments made.",
    none: "You have no payments.",
    listLabel: "Your payments",
    linesLabel: "What the payment is made of",
    demo: {
      title: "Payment with pagoPA",
      banner: "This is a simulation: no real payment takes place and nothing is charged. The municipality has not connected a pagoPA intermediary yet.",
      bannerTitle: "Demo environment",
      position: "Payment details",
      creditor: "Creditor",
      payer: "Payer",
      pay: "Pay",
      fail: "Simulate a failed payment",
      cancel: "Cancel",
      paid: "This notice has already been paid.",
      expired: "This notice has expired and can no longer be paid.",
      notFound: "Payment notice not found.",
      choose: "Choose the outcome to simulate",
    },
  },
});

/** The hand-off page to a provider's checkout on another site (lib/payments/handoff.ts). */
export const checkoutHandoffTexts = defineMessages({
  it: {
    title: "Pagamento con pagoPA",
    heading: "Ti stiamo portando al pagamento",
    body: "Il pagamento avviene sul sito sicuro di pagoPA. Se la pagina non si apre da sola entro pochi secondi, usa il pulsante.",
    go: "Continua sul sito di pagamento",
  },
  en: {
    title: "Payment with pagoPA",
    heading: "Taking you to the payment",
    body: "You pay on pagoPA's secure site. If the page does not open by itself within a few seconds, use the button.",
    go: "Continue on the payment site",
  },
});
