import { defineMessages } from "./index";

type V = Record<string, string | number>;

/** What a citizen reads when a form field's answer is refused (lib/services/form-schema.ts, browser and server). */
export const formFieldTexts = defineMessages({
  it: {
    required: "Campo obbligatorio",
    tooShort: "Testo troppo corto",
    tooLong: "Testo troppo lungo",
    format: "Formato non valido",
    email: "Inserisci un indirizzo email valido",
    phone: "Inserisci un numero di telefono valido",
    number: "Inserisci un numero",
    integer: "Inserisci un numero intero",
    min: (v: V) => `Il valore minimo è ${v.n}`,
    max: (v: V) => `Il valore massimo è ${v.n}`,
    date: "Inserisci una data valida (AAAA-MM-GG)",
    dateMin: (v: V) => `La data non può essere precedente al ${v.d}`,
    dateMax: (v: V) => `La data non può essere successiva al ${v.d}`,
    option: "Scegli una delle opzioni proposte",
    mustAccept: "Questa dichiarazione è obbligatoria",
    codiceFiscale: "Codice fiscale non valido (controlla il carattere finale)",
    tooManyFiles: "Troppi file",
    fileRequired: "Allega almeno un file",
    // A declaration's answer in the summaries
    yes: "Sì",
    no: "No",
  },
  en: {
    required: "This field is required",
    tooShort: "Text too short",
    tooLong: "Text too long",
    format: "Invalid format",
    email: "Enter a valid email address",
    phone: "Enter a valid phone number",
    number: "Enter a number",
    integer: "Enter a whole number",
    min: (v: V) => `The minimum is ${v.n}`,
    max: (v: V) => `The maximum is ${v.n}`,
    date: "Enter a valid date (YYYY-MM-DD)",
    dateMin: (v: V) => `The date cannot be before ${v.d}`,
    dateMax: (v: V) => `The date cannot be after ${v.d}`,
    option: "Choose one of the options",
    mustAccept: "This declaration is required",
    codiceFiscale: "Invalid codice fiscale (check the last character)",
    tooManyFiles: "Too many files",
    fileRequired: "Attach at least one file",
    yes: "Yes",
    no: "No",
  },
});
