/**
 * What the demo services print on their outcome act: the responsible office and the responsabile del
 * procedimento (L. 241/1990 artt. 4-6). Names are invented.
 */
export const DEMO_ACT_FIELDS: Record<string, { responsibleOffice: string; responsibleOfficer: string; appealText?: string }> = {
  "accesso-agli-atti": { responsibleOffice: "Ufficio Relazioni con il Pubblico", responsibleOfficer: "Dott.ssa Giulia Ferri" },
  "contributo-affitto": { responsibleOffice: "Servizi sociali", responsibleOfficer: "Dott. Marco Lenzi" },
  "occupazione-suolo-pubblico": {
    responsibleOffice: "Polizia locale — Ufficio occupazioni suolo pubblico",
    responsibleOfficer: "Comm. Elena Bartoli",
    appealText:
      "Contro il presente provvedimento è ammesso ricorso al Tribunale Amministrativo Regionale per la Toscana entro 60 giorni dalla notifica, oppure ricorso straordinario al Presidente della Repubblica entro 120 giorni. Per le sanzioni connesse resta ferma la competenza del Giudice di pace.",
  },
  "iscrizione-mensa-scolastica": { responsibleOffice: "Ufficio scuola", responsibleOfficer: "Sig.ra Anna Puccini" },
  "bonus-idrico": { responsibleOffice: "Servizi sociali", responsibleOfficer: "Dott. Marco Lenzi" },
};

/** The demo ente's default appeal clause (the services above without their own use it). */
export const DEMO_APPEAL_TEXT =
  "Contro il presente provvedimento è ammesso ricorso al Tribunale Amministrativo Regionale per la Toscana entro 60 giorni dalla notifica o dalla piena conoscenza (D.Lgs. 104/2010), oppure, in alternativa, ricorso straordinario al Presidente della Repubblica entro 120 giorni (D.P.R. 1199/1971).";
