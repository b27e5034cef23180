import { defineMessages } from "./index";

/**
 * The words every citizen notice carries on every channel besides its own: where else to read it, and that the
 * citizen chooses the channel. The neutral name stands for a service whose own name would reveal health or social
 * data (see `noticeServiceName`).
 */
export const channelTexts = defineMessages({
  it: {
    whereElse: "Trovi questo avviso anche nella tua area personale. Puoi scegliere come ricevere gli avvisi (email, App IO o PEC) nella pagina «Profilo» dell'area personale.",
    readOnline: "Leggi la pratica nella tua area personale:",
    neutralService: "Servizi alla persona",
  },
  en: {
    whereElse: "You will also find this notice in your personal area. You can choose how you receive notices (email, the IO app or PEC) on the “Profile” page of your personal area.",
    readOnline: "Read the application in your personal area:",
    neutralService: "Personal services",
  },
});

