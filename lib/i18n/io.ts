import { defineMessages } from "./index";

type V = Record<string, string | number>;

/** App IO on the admin's service pages (the "App IO" tab: the service's IO key). */
export const ioTexts = defineMessages({
  it: {
    tab: "App IO",
    pageTitle: "App IO del servizio",
    title: "Messaggi su App IO",
    intro:
      "Con la chiave API del servizio su IO, gli avvisi di questo servizio arrivano nell'app IO dei cittadini che la usano e non l'hanno disattivata; agli altri arrivano per email. La chiave si trova nell'Area Riservata di IO, alla scheda del servizio: ogni servizio ha la sua.",
    status: "Stato",
    configured: (v: V) => `Chiave impostata il ${v.date}: termina con «${v.hint}».`,
    notConfigured: "Nessuna chiave: questo servizio non invia messaggi su IO.",
    unreadable: "La chiave salvata non è più leggibile (la chiave di cifratura del server è cambiata): inseriscila di nuovo.",
    keyLabel: "Chiave API del servizio su IO",
    keyHelpNew: "32 caratteri, cifre e lettere da a a f. Dopo il salvataggio non viene più mostrata.",
    keyHelpReplace: "Per sostituirla, inserisci la nuova chiave. Quella attuale non viene mai mostrata.",
    save: "Salva la chiave",
    replace: "Sostituisci la chiave",
    saved: "Chiave salvata. Per sicurezza non verrà più mostrata: ne vedrai solo le ultime quattro cifre.",
    removeTitle: "Rimuovi la chiave",
    removeIntro: "Il servizio smette di inviare messaggi su IO: gli avvisi arrivano per email.",
    remove: "Rimuovi la chiave",
    removeConfirm: "Rimuovere la chiave IO di questo servizio? Gli avvisi non arriveranno più nell'app IO.",
    removed: "Chiave rimossa: il servizio non invia più messaggi su IO.",
  },
  en: {
    tab: "App IO",
    pageTitle: "Service's App IO",
    title: "Messages on App IO",
    intro:
      "With the service's IO API key, this service's notices reach the IO app of citizens who use it and have not turned it off; the others get them by email. The key is in IO's reserved area, on the service's page: each service has its own.",
    status: "Status",
    configured: (v: V) => `Key set on ${v.date}: it ends with “${v.hint}”.`,
    notConfigured: "No key: this service sends no messages to IO.",
    unreadable: "The stored key can no longer be read (the server's encryption key changed): enter it again.",
    keyLabel: "The service's IO API key",
    keyHelpNew: "32 characters, digits and letters a to f. It is not shown again after saving.",
    keyHelpReplace: "To replace it, enter the new key. The current one is never shown.",
    save: "Save the key",
    replace: "Replace the key",
    saved: "Key saved. For safety it will not be shown again: you will only see its last four characters.",
    removeTitle: "Remove the key",
    removeIntro: "The service stops sending messages to IO: notices go by email.",
    remove: "Remove the key",
    removeConfirm: "Remove this service's IO key? Notices will no longer reach the IO app.",
    removed: "Key removed: the service no longer sends messages to IO.",
  },
});
