import { defineMessages } from "./index";

type V = Record<string, string | number>;

/** The request flow's step header (a client part, read with useT: only these few words ship to the browser). */
export const requestFlow = defineMessages({
  it: {
    stepsNav: "Passaggi della richiesta",
    stepOf: (v: V) => `Passo ${v.n} di ${v.of}`,
    privacyStep: "Informativa sulla privacy",
    summaryStep: "Riepilogo",
    done: "completato",
    current: "passo attuale",
  },
  en: {
    stepsNav: "Steps of the request",
    stepOf: (v: V) => `Step ${v.n} of ${v.of}`,
    privacyStep: "Privacy notice",
    summaryStep: "Summary",
    done: "completed",
    current: "current step",
  },
});
