/**
 * The topics ("Argomenti") a municipal site tags its pages with: the controlled vocabulary of Designers Italia's
 * Modello Comuni (criterion C.SI.1.5 of the AgID checks). They are vocabulary terms, shown as they are in either
 * language, like a service's category; the services list filters by them (`?argomento=`).
 */
export const TOPICS = [
  "Accesso all'informazione", "Acqua", "Agricoltura", "Anagrafe", "Animale domestico", "Aria", "Assistenza agli invalidi",
  "Assistenza sociale", "Associazioni", "Bilancio", "Commercio al minuto", "Commercio all'ingrosso", "Commercio ambulante",
  "Comunicazione istituzionale", "Comunicazione politica", "Concorsi", "Covid-19", "Elezioni", "Energie rinnovabili", "Estero",
  "Foreste", "Formazione professionale", "Gemellaggi", "Gestione rifiuti", "Giustizia", "Igiene pubblica", "Immigrazione",
  "Imposte", "Imprese", "Inquinamento", "Integrazione sociale", "Isolamento termico", "Istruzione", "Lavoro", "Matrimonio",
  "Mercato", "Mobilità sostenibile", "Morte", "Nascita", "Parcheggi", "Patrimonio culturale", "Pesca", "Piano di sviluppo",
  "Pista ciclabile", "PNRR", "Politica commerciale", "Polizia", "Prodotti alimentari", "Protezione civile", "Residenza",
  "Risposta alle emergenze", "Sistema giuridico", "Spazio Verde", "Sport", "Sviluppo sostenibile", "Tassa sui servizi",
  "Tempo libero", "Trasparenza amministrativa", "Trasporto pubblico", "Turismo", "Urbanizzazione", "Viaggi", "Zone pedonali", "ZTL",
] as const;

export type Topic = (typeof TOPICS)[number];

const SET: ReadonlySet<string> = new Set(TOPICS);

export function isTopic(v: string): v is Topic {
  return SET.has(v);
}
