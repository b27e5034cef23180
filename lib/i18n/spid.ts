import { defineMessages } from "./index";

type V = Record<string, string | number>;

/** SPID and CIE login (the official-style buttons, the login level), the demo identity provider, and their admin settings. */
export const spidTexts = defineMessages({
  it: {
    metadataServiceName: "Servizi online",
    spidButton: "Entra con SPID",
    spidChoose: "Scegli il tuo gestore di identità digitale",
    spidMore: "Maggiori informazioni su SPID",
    spidNone: "Non hai SPID?",
    spidAbout: "SPID è il Sistema Pubblico di Identità Digitale: lo stesso nome utente e la stessa password per i servizi online della pubblica amministrazione.",
    cieButton: "Entra con CIE",
    cieAbout: "Con la Carta d'Identità Elettronica e l'app CieID sul telefono.",
    cieMore: "Maggiori informazioni su CIE",
    identityTitle: "Accedi con la tua identità digitale",
    levelNeeded: (v: V) => `Questo servizio richiede un accesso con SPID di livello ${v.level} o con CIE: accedi con il livello richiesto per continuare.`,
    refusedTitle: "Accesso non riuscito",
    notConfigured: "L'accesso con SPID e CIE non è ancora attivo su questo portale.",
    emailOnlyFor: "Il link via email non verifica la tua identità: vale solo per i servizi che non la richiedono.",
    levels: {
      l0: "Nessuna identità verificata (anche link via email)",
      l1: "SPID livello 1 o CIE",
      l2: "SPID livello 2 o CIE",
      l3: "SPID livello 3 o CIE",
    },
    demoIdp: {
      title: "Gestore di identità di prova",
      intro: "Solo nell'ambiente di prova: fa le veci di un gestore SPID. Scegli una persona fittizia: la risposta SAML firmata viene inviata all'ente.",
      request: (v: V) => `Richiesta di accesso da ${v.sp}, livello minimo SpidL${v.level}.`,
      loginAs: (v: V) => `Entra come ${v.name}`,
      invalid: "Richiesta di accesso non valida o non firmata dall'ente: torna al portale e riprova.",
      cancel: "Annulla e torna al portale",
      level: "Livello dell'accesso",
    },
    admin: {
      emailLogin: "Consenti l'accesso con link via email",
      emailLoginHelp:
        "Un link via email prova solo che la persona legge quella casella di posta, non chi è: non verifica l'identità. Per questo è spento salvo scelta dell'ente. Attivalo solo se offri servizi che non richiedono un'identità verificata (livello minimo «Nessuna identità verificata»): gli altri servizi continuano a chiedere SPID o CIE.",
      minLevel: "Livello minimo di accesso",
      minLevelHelp: "Con un accesso di livello più basso il cittadino viene rimandato alla pagina di accesso, che chiede a SPID o CIE il livello indicato. AgID raccomanda almeno il livello 2 per i servizi con dati personali.",
      metadata: "Metadati SPID dell'ente",
    },
  },
  en: {
    metadataServiceName: "Online services",
    spidButton: "Log in with SPID",
    spidChoose: "Choose your digital identity provider",
    spidMore: "More about SPID",
    spidNone: "No SPID yet?",
    spidAbout: "SPID is Italy's Public Digital Identity System: one username and password for the public administration's online services.",
    cieButton: "Log in with CIE",
    cieAbout: "With the Electronic Identity Card and the CieID app on your phone.",
    cieMore: "More about CIE",
    identityTitle: "Log in with your digital identity",
    levelNeeded: (v: V) => `This service requires a SPID login of level ${v.level} or CIE: log in with the required level to continue.`,
    refusedTitle: "Login failed",
    notConfigured: "Login with SPID and CIE is not active on this portal yet.",
    emailOnlyFor: "An email link does not verify your identity: it only works for services that do not require one.",
    levels: {
      l0: "No verified identity (email link too)",
      l1: "SPID level 1 or CIE",
      l2: "SPID level 2 or CIE",
      l3: "SPID level 3 or CIE",
    },
    demoIdp: {
      title: "Test identity provider",
      intro: "Test environment only: it stands in for a SPID provider. Choose a fictitious person: the signed SAML response is sent to the municipality.",
      request: (v: V) => `Login request from ${v.sp}, minimum level SpidL${v.level}.`,
      loginAs: (v: V) => `Log in as ${v.name}`,
      invalid: "Login request not valid or not signed by the municipality: go back to the portal and try again.",
      cancel: "Cancel and go back to the portal",
      level: "Login level",
    },
    admin: {
      emailLogin: "Allow login with an email link",
      emailLoginHelp:
        "An email link only proves that the person reads that mailbox, not who they are: it does not verify identity. That is why it is off unless the municipality chooses it. Turn it on only if you offer services that need no verified identity (minimum level \"No verified identity\"): the other services keep asking for SPID or CIE.",
      minLevel: "Minimum login level",
      minLevelHelp: "With a lower login the citizen is sent back to the login page, which asks SPID or CIE for this level. AgID recommends at least level 2 for services handling personal data.",
      metadata: "The municipality's SPID metadata",
    },
  },
});
