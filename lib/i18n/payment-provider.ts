import { defineMessages } from "./index";

type V = Record<string, string | number>;

/** The demo provider's receipt (lib/payments/demo-provider.ts): a plain PDF that says it is not a real one. */
export const paymentProviderTexts = defineMessages({
  it: {
    demoReceipt: {
      title: "Ricevuta di pagamento (dimostrativa)",
      notReal: "Pagamento simulato dal fornitore dimostrativo: nessun addebito è avvenuto e questa ricevuta non ha valore.",
      creditor: (v: V) => `Ente creditore: ${v.name} (codice fiscale ${v.cf})`,
      causale: (v: V) => `Causale: ${v.causale}`,
      noticeCode: (v: V) => `Codice avviso: ${v.code}`,
      iuv: (v: V) => `IUV: ${v.iuv}`,
      amount: (v: V) => `Importo pagato: ${v.amount}`,
      paidAt: (v: V) => `Pagato il: ${v.when}`,
      receiptId: (v: V) => `Identificativo ricevuta: ${v.id}`,
    },
  },
  en: {
    demoReceipt: {
      title: "Payment receipt (demo)",
      notReal: "Payment simulated by the demo provider: nothing was charged and this receipt has no value.",
      creditor: (v: V) => `Creditor: ${v.name} (fiscal code ${v.cf})`,
      causale: (v: V) => `Reason for payment: ${v.causale}`,
      noticeCode: (v: V) => `Notice code: ${v.code}`,
      iuv: (v: V) => `IUV: ${v.iuv}`,
      amount: (v: V) => `Amount paid: ${v.amount}`,
      paidAt: (v: V) => `Paid on: ${v.when}`,
      receiptId: (v: V) => `Receipt id: ${v.id}`,
    },
  },
});
