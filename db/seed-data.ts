import type { NewService } from "./schema";

type ServiceSeed = Omit<NewService, "enteId">;

const richiedente = {
  type: "fieldset" as const,
  id: "richiedente",
  legend: "Dati del richiedente",
  fields: [
    { type: "text" as const, name: "nome", label: "Nome", required: true, prefill: "givenName" as const },
    { type: "text" as const, name: "cognome", label: "Cognome", required: true, prefill: "familyName" as const },
    { type: "codice_fiscale" as const, name: "codiceFiscale", label: "Codice fiscale", required: true, prefill: "codiceFiscale" as const },
    { type: "email" as const, name: "email", label: "Email", required: true, prefill: "email" as const },
    { type: "phone" as const, name: "telefono", label: "Telefono", required: false, prefill: "phone" as const },
  ],
};

const pdfOrImage = ["application/pdf", "image/jpeg", "image/png"];

export const DEMO_SERVICES: ServiceSeed[] = [
  {
    slug: "accesso-agli-atti",
    name: "Richiesta di accesso agli atti",
    category: "Anagrafe e documenti",
    infoSheet: {
      description: "Consente di prendere visione o ottenere copia di documenti amministrativi detenuti dal Comune (L. 241/1990).",
      whoCanApply: "Chiunque abbia un interesse diretto, concreto e attuale corrispondente a una situazione giuridicamente tutelata.",
      howToApply: "Compila il modulo online indicando i documenti richiesti e la motivazione. Riceverai una ricevuta via email.",
      whatYouNeed: "Identità digitale (SPID o CIE); eventuale delega se presenti la richiesta per conto di altri.",
      whatYouGet: "La visione o la copia dei documenti richiesti, oppure un provvedimento motivato di diniego.",
      costs: "Gratuito per la visione; per le copie è dovuto il solo costo di riproduzione.",
      timesAndDeadlines: "Il Comune risponde entro 30 giorni dalla ricezione della richiesta.",
      conditions: "Non sono accessibili i documenti esclusi dall'art. 24 della L. 241/1990.",
      contacts: "Ufficio Relazioni con il Pubblico — urp@bugliano.example",
    },
    formDefinition: {
      pages: [
        { id: "richiedente", title: "Richiedente", items: [richiedente] },
        {
          id: "richiesta",
          title: "Richiesta",
          items: [
            { type: "radio", name: "tipoAccesso", label: "Tipo di accesso", required: true, options: [
              { value: "documentale", label: "Accesso documentale (L. 241/1990)" },
              { value: "civico", label: "Accesso civico semplice" },
              { value: "generalizzato", label: "Accesso civico generalizzato" },
            ] },
            { type: "textarea", name: "documenti", label: "Documenti richiesti", required: true, minLength: 10, maxLength: 4000, help: "Indica con precisione gli atti, con data e numero se li conosci." },
            { type: "textarea", name: "motivazione", label: "Motivazione della richiesta", required: false, maxLength: 4000 },
            { type: "select", name: "modalita", label: "Modalità di ricezione", required: true, options: [
              { value: "email", label: "Copia via email" },
              { value: "visione", label: "Presa visione presso l'ufficio" },
              { value: "cartacea", label: "Copia cartacea" },
            ] },
            { type: "file", name: "delega", label: "Delega (se richiedi per conto di altri)", required: false, accept: pdfOrImage, maxSizeMb: 5, multiple: false },
          ],
        },
      ],
    },
    stepTexts: { richiesta: "Per l'accesso civico generalizzato non è necessaria alcuna motivazione." },
    protocolRequired: false,
    protocolParams: { classificazione: "1.6", fascicolo: "Accesso agli atti", ufficio: "URP" },
    allowWithdraw: false,
    allowIntegrationRequests: true,
    maxResponseDays: 30,
  },
  {
    slug: "contributo-affitto",
    name: "Contributo per il sostegno all'affitto",
    category: "Sociale e famiglia",
    infoSheet: {
      description: "Contributo economico a sostegno del pagamento del canone di locazione per le famiglie in difficoltà.",
      whoCanApply: "Residenti a Bugliano titolari di un contratto di locazione registrato, con ISEE fino a 15.000 euro.",
      howToApply: "Compila la domanda online e allega l'attestazione ISEE e il contratto di locazione.",
      whatYouNeed: "Attestazione ISEE in corso di validità, contratto di locazione registrato, IBAN.",
      whatYouGet: "Un contributo fino a 2.000 euro l'anno, accreditato sul conto indicato.",
      costs: "Nessuno.",
      timesAndDeadlines: "Esito entro 60 giorni dalla protocollazione della domanda.",
      conditions: "La domanda viene lavorata solo dopo la protocollazione.",
      contacts: "Servizi sociali — sociale@bugliano.example",
    },
    formDefinition: {
      pages: [
        { id: "richiedente", title: "Richiedente", items: [richiedente] },
        {
          id: "nucleo",
          title: "Nucleo familiare e reddito",
          items: [
            { type: "number", name: "componenti", label: "Componenti del nucleo familiare", required: true, min: 1, max: 20, integer: true },
            { type: "number", name: "isee", label: "Valore ISEE (euro)", required: true, min: 0, max: 15000 },
            { type: "date", name: "dataContratto", label: "Data di registrazione del contratto", required: true },
            { type: "text", name: "iban", label: "IBAN", required: true, pattern: "IT[0-9]{2}[A-Z][0-9]{10}[0-9A-Z]{12}", help: "27 caratteri, senza spazi" },
          ],
        },
        {
          id: "allegati",
          title: "Allegati",
          items: [
            { type: "file", name: "attestazioneIsee", label: "Attestazione ISEE", required: true, accept: ["application/pdf"], maxSizeMb: 10, multiple: false },
            { type: "file", name: "contratto", label: "Contratto di locazione", required: true, accept: pdfOrImage, maxSizeMb: 10, multiple: false },
          ],
        },
      ],
    },
    protocolRequired: true,
    protocolParams: { classificazione: "7.2", fascicolo: "Contributi affitto 2026", ufficio: "Servizi sociali", tipoDocumento: "Domanda di contributo" },
    allowWithdraw: false,
    allowIntegrationRequests: true,
    maxResponseDays: 60,
  },
  {
    slug: "occupazione-suolo-pubblico",
    name: "Occupazione temporanea di suolo pubblico",
    category: "Mobilità e territorio",
    infoSheet: {
      description: "Autorizzazione a occupare temporaneamente strade, piazze o marciapiedi (ponteggi, traslochi, eventi).",
      whoCanApply: "Privati cittadini, imprese e associazioni.",
      howToApply: "Compila la richiesta almeno 10 giorni prima dell'occupazione, indicando luogo, date e superficie.",
      whatYouNeed: "Planimetria dell'area da occupare.",
      whatYouGet: "L'autorizzazione all'occupazione, con le eventuali prescrizioni.",
      costs: "Canone unico patrimoniale calcolato su superficie e durata.",
      timesAndDeadlines: "Risposta entro 15 giorni.",
      conditions: "Puoi ritirare la richiesta finché non è stata decisa.",
      contacts: "Polizia locale — polizia.locale@bugliano.example",
    },
    formDefinition: {
      pages: [
        { id: "richiedente", title: "Richiedente", items: [richiedente] },
        {
          id: "occupazione",
          title: "Occupazione",
          items: [
            { type: "text", name: "indirizzo", label: "Indirizzo dell'occupazione", required: true, maxLength: 300 },
            { type: "date", name: "dal", label: "Dal giorno", required: true },
            { type: "date", name: "al", label: "Al giorno", required: true },
            { type: "number", name: "superficie", label: "Superficie (m²)", required: true, min: 1, max: 5000 },
            { type: "select", name: "motivo", label: "Motivo", required: true, options: [
              { value: "trasloco", label: "Trasloco" },
              { value: "ponteggio", label: "Ponteggio o cantiere" },
              { value: "evento", label: "Evento o manifestazione" },
              { value: "altro", label: "Altro" },
            ] },
            { type: "file", name: "planimetria", label: "Planimetria", required: false, accept: pdfOrImage, maxSizeMb: 10, multiple: false },
          ],
        },
      ],
    },
    operatorSteps: [
      {
        id: "istruttoria",
        title: "Istruttoria",
        description: "L'esito del sopralluogo della Polizia locale e le eventuali prescrizioni per il richiedente.",
        items: [
          { type: "select", name: "esitoSopralluogo", label: "Esito del sopralluogo", required: true, options: [
            { value: "favorevole", label: "Favorevole" },
            { value: "favorevole_con_prescrizioni", label: "Favorevole con prescrizioni" },
            { value: "non_necessario", label: "Non necessario" },
          ] },
          { type: "textarea", name: "prescrizioni", label: "Prescrizioni", required: false, maxLength: 5000 },
        ],
      },
    ],
    protocolRequired: false,
    protocolParams: { classificazione: "6.5", ufficio: "Polizia locale" },
    allowWithdraw: true,
    allowReopen: true,
    allowIntegrationRequests: true,
    maxResponseDays: 15,
  },
  {
    slug: "iscrizione-mensa-scolastica",
    name: "Iscrizione al servizio di mensa scolastica",
    category: "Scuola e istruzione",
    infoSheet: {
      description: "Iscrizione al servizio di refezione per le scuole dell'infanzia e primarie del Comune.",
      whoCanApply: "Genitori o tutori di alunni iscritti alle scuole di Bugliano.",
      howToApply: "Compila il modulo online; l'iscrizione vale per l'intero anno scolastico.",
      whatYouNeed: "Codice fiscale dell'alunno; eventuale certificato medico per diete speciali.",
      whatYouGet: "L'iscrizione al servizio e le credenziali per il pagamento dei pasti.",
      costs: "Tariffa per pasto in base all'ISEE.",
      timesAndDeadlines: "Iscrizioni aperte fino al 30 settembre.",
      conditions: "",
      contacts: "Ufficio scuola — scuola@bugliano.example",
    },
    formDefinition: {
      pages: [
        { id: "richiedente", title: "Genitore o tutore", items: [richiedente] },
        {
          id: "alunno",
          title: "Alunno",
          items: [
            { type: "text", name: "nomeAlunno", label: "Nome e cognome dell'alunno", required: true },
            { type: "codice_fiscale", name: "cfAlunno", label: "Codice fiscale dell'alunno", required: true },
            { type: "select", name: "scuola", label: "Scuola", required: true, options: [
              { value: "infanzia-rodari", label: "Scuola dell'infanzia G. Rodari" },
              { value: "primaria-collodi", label: "Scuola primaria C. Collodi" },
            ] },
            { type: "checkbox", name: "dieta", label: "Esigenze alimentari", required: false, options: [
              { value: "vegetariana", label: "Dieta vegetariana" },
              { value: "celiachia", label: "Celiachia" },
              { value: "allergie", label: "Allergie (allegare certificato)" },
            ] },
            { type: "file", name: "certificato", label: "Certificato medico", required: false, accept: pdfOrImage, maxSizeMb: 5, multiple: true },
          ],
        },
      ],
    },
    protocolRequired: false,
    allowWithdraw: true,
    allowIntegrationRequests: false,
    maxResponseDays: 20,
  },
  {
    slug: "bonus-idrico",
    name: "Bonus idrico comunale",
    category: "Sociale e famiglia",
    status: "suspended",
    infoSheet: {
      description: "Agevolazione sulla tariffa del servizio idrico per le famiglie in condizioni di disagio economico.",
      whoCanApply: "Nuclei familiari residenti con ISEE fino a 9.530 euro.",
      howToApply: "Il servizio riaprirà con il nuovo bando.",
      whatYouNeed: "Attestazione ISEE.",
      whatYouGet: "Uno sconto sulla bolletta dell'acqua.",
      costs: "Nessuno.",
      timesAndDeadlines: "Bando in preparazione.",
      conditions: "",
      contacts: "Servizi sociali — sociale@bugliano.example",
    },
    formDefinition: { pages: [{ id: "richiedente", title: "Richiedente", items: [richiedente] }] },
    maxResponseDays: 30,
  },
];

export const DEMO_PASSWORD = "stanza-demo";
export const DEMO_PARTNER_SECRET = "stanza-demo-partner";

export const DEMO_CITIZENS = [
  { email: "mario.rossi@example.com", givenName: "Mario", familyName: "Rossi", codiceFiscale: "RSSMRA80A01H501U", phone: "+39 333 1234567" },
  { email: "giulia.bianchi@example.com", givenName: "Giulia", familyName: "Bianchi", codiceFiscale: "BNCGLI85M41H501Y", phone: "+39 347 7654321" },
  { email: "luca.verdi@example.com", givenName: "Luca", familyName: "Verdi", codiceFiscale: "VRDLCU90C15D612", phone: null },
  { email: "anna.neri@example.com", givenName: "Anna", familyName: "Neri", codiceFiscale: "NREANN75T52F205", phone: "+39 320 1112233" },
];
