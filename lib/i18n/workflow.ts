import { defineMessages } from "./index";

/** The names of a pratica's states (Stanza del Cittadino's codes) and of the workflow's events. */
export const workflowTexts = defineMessages({
  it: {
    status: {
      "1000": "Bozza",
      "2000": "Acquisita",
      "3000": "Protocollata",
      "4000": "In carico",
      "4100": "Richiesta integrazioni",
      "4300": "Integrazioni inviate",
      "7000": "Accettata",
      "9000": "Rifiutata",
      "20000": "Ritirata",
      "50000": "Annullata",
    },
    event: {
      submit: "Invia",
      register: "Protocolla",
      assign: "Prendi in carico",
      request_integration: "Richiedi integrazioni",
      submit_integration: "Invia integrazioni",
      resume: "Riprendi lavorazione",
      accept: "Approva",
      reject: "Rifiuta",
      withdraw: "Ritira",
      reopen: "Riapri",
      revoke: "Annulla",
    },
  },
  en: {
    status: {
      "1000": "Draft",
      "2000": "Submitted",
      "3000": "Registered",
      "4000": "In progress",
      "4100": "More documents requested",
      "4300": "Documents sent",
      "7000": "Accepted",
      "9000": "Rejected",
      "20000": "Withdrawn",
      "50000": "Revoked",
    },
    event: {
      submit: "Submit",
      register: "Register",
      assign: "Take in charge",
      request_integration: "Request more documents",
      submit_integration: "Send documents",
      resume: "Resume",
      accept: "Approve",
      reject: "Reject",
      withdraw: "Withdraw",
      reopen: "Reopen",
      revoke: "Revoke",
    },
  },
});
