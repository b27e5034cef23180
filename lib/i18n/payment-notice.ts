import { defineMessages } from "./index";

type V = Record<string, string | number>;

/**
 * The printable pagoPA notice (avviso di pagamento, lib/payments/notice-pdf.ts) and the pagoPA fieldset of the
 * admin settings. The notice follows the layout idea of pagoPA's model (what, who, how much and when, where, the
 * data for paying); its sentences are Stanza's own.
 */
export const paymentNoticeTexts = defineMessages({
  it: {
    pdf: {
      kicker: "Avviso di pagamento",
      metaTitle: (v: V) => `Avviso di pagamento ${v.code} — ${v.ente}`,
      creditor: "Ente creditore",
      payer: "Destinatario dell'avviso",
      fiscalCode: "Codice fiscale",
      howMuch: "Quanto e quando pagare?",
      dueBy: (v: V) => `entro il ${v.date}`,
      noDueDate: "senza scadenza",
      amountNote: "Paga esattamente l'importo indicato. Se la scadenza è passata, chiedi all'ente se l'avviso è ancora valido prima di pagarlo.",
      where: "Dove pagare?",
      onlineTitle: "Online e con le app",
      onlineText: "Sul sito dell'ente, con l'app IO, con l'home banking o l'app della tua banca e di altri prestatori aderenti a pagoPA. Puoi usare carta, conto corrente o il circuito CBILL.",
      inPersonTitle: "Di persona",
      inPersonText: "In banca, agli sportelli ATM abilitati, negli uffici postali, in tabaccheria, in ricevitoria e nei supermercati che espongono il marchio pagoPA. Puoi pagare in contanti, con carta o bancomat.",
      channels: "L'elenco dei prestatori e dei canali è su www.pagopa.gov.it",
      paymentData: "Dati per il pagamento",
      singleInstalment: "Rata unica",
      subject: "Oggetto del pagamento",
      cbill: "Codice CBILL",
      noticeCode: "Codice avviso",
      enteFiscalCode: "Cod. fiscale ente creditore",
      amount: "Importo",
      qrHint: "Inquadra il codice QR con l'app IO o con l'app della tua banca: i dati si compilano da soli.",
      typeHint: "Allo sportello o in home banking indica il codice avviso e il codice fiscale dell'ente.",
    },
    admin: {
      title: "pagoPA",
      intro:
        "Dati con cui l'ente riceve i pagamenti pagoPA: compaiono sugli avvisi di pagamento e formano il codice avviso. Li comunica il partner tecnologico o l'intermediario pagoPA dell'ente.",
      fiscalCode: "Codice fiscale dell'ente creditore",
      fiscalCodeHelp: "11 cifre, come registrato su pagoPA.",
      auxDigit: "Struttura del codice avviso (aux digit)",
      aux3: "3 — con codice di segregazione (struttura attuale)",
      aux0: "0 — con application code (struttura precedente)",
      segregationCode: "Codice di segregazione",
      segregationCodeHelp: "2 cifre, assegnate da PagoPA S.p.A. all'intermediario. Serve con l'aux digit 3.",
      applicationCode: "Application code",
      applicationCodeHelp: "2 cifre. Serve solo con l'aux digit 0.",
      cbill: "Codice CBILL",
      cbillHelp: "5 lettere o cifre: il codice interbancario dell'ente, per chi paga dall'home banking. Facoltativo.",
      save: "Salva impostazioni pagoPA",
      saved: "Impostazioni pagoPA salvate.",
      ready: "Pronto per emettere avvisi. Esempio di codice avviso:",
      incomplete: "Impostazioni incomplete: l'ente non può ancora emettere avvisi di pagamento.",
    },
  },
  en: {
    pdf: {
      kicker: "Payment notice",
      metaTitle: (v: V) => `Payment notice ${v.code} — ${v.ente}`,
      creditor: "Creditor",
      payer: "Addressed to",
      fiscalCode: "Tax code",
      howMuch: "How much and by when?",
      dueBy: (v: V) => `by ${v.date}`,
      noDueDate: "no due date",
      amountNote: "Pay exactly the amount shown. If the due date has passed, ask the creditor whether the notice can still be paid before paying it.",
      where: "Where to pay?",
      onlineTitle: "Online and in apps",
      onlineText: "On the creditor's website, in the IO app, in your bank's home banking or app, or with other providers that take part in pagoPA. You can use a card, a bank account or the CBILL service.",
      inPersonTitle: "In person",
      inPersonText: "At banks, at enabled cash machines, at post offices, tobacconists, betting shops and supermarkets showing the pagoPA mark. You can pay in cash or by card.",
      channels: "The list of providers and channels is at www.pagopa.gov.it",
      paymentData: "Payment details",
      singleInstalment: "Single payment",
      subject: "Reason for payment",
      cbill: "CBILL code",
      noticeCode: "Notice code",
      enteFiscalCode: "Creditor's tax code",
      amount: "Amount",
      qrHint: "Scan the QR code with the IO app or your bank's app: the details fill themselves in.",
      typeHint: "At a counter or in home banking, give the notice code and the creditor's tax code.",
    },
    admin: {
      title: "pagoPA",
      intro:
        "How the ente receives pagoPA payments: these appear on payment notices and make up the notice code. The ente's pagoPA technology partner or intermediary provides them.",
      fiscalCode: "Creditor's fiscal code",
      fiscalCodeHelp: "11 digits, as registered with pagoPA.",
      auxDigit: "Notice code layout (aux digit)",
      aux3: "3 — with segregation code (current layout)",
      aux0: "0 — with application code (older layout)",
      segregationCode: "Segregation code",
      segregationCodeHelp: "2 digits, given by PagoPA S.p.A. to the intermediary. Needed with aux digit 3.",
      applicationCode: "Application code",
      applicationCodeHelp: "2 digits. Needed only with aux digit 0.",
      cbill: "CBILL code",
      cbillHelp: "5 letters or digits: the ente's interbank code, for people paying from home banking. Optional.",
      save: "Save pagoPA settings",
      saved: "pagoPA settings saved.",
      ready: "Ready to issue notices. Example notice code:",
      incomplete: "Settings incomplete: the ente cannot issue payment notices yet.",
    },
  },
});

/** How an amount in euros is written (lib/payments/euro.ts): "€ 1.234,56" in Italian, "€1,234.56" in English. */
export const euroFormat = defineMessages({
  it: { thousands: ".", decimal: ",", prefix: "€ " },
  en: { thousands: ",", decimal: ".", prefix: "€" },
});
