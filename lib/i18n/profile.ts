import { defineMessages } from "./index";

/** The citizen's profile form (a client component: its own small namespace, so only these words ship to the browser). */
export const profileTexts = defineMessages({
  it: {
    cf: "Codice fiscale",
    cfMissing: "Non disponibile: accedi con SPID o CIE per collegarlo al profilo.",
    name: "Nome e cognome",
    nameFromIdentity: "Dato fornito dalla tua identità digitale.",
    email: "Email",
    phone: "Telefono",
    language: "Lingua preferita per le comunicazioni",
    notifications: "Come vuoi ricevere gli avvisi sulle tue pratiche?",
    notifyEmail: "Per email e nell'area personale",
    notifyPortal: "Solo nell'area personale (nessuna email)",
    save: "Salva le modifiche",
    saved: "Profilo aggiornato.",
    profileErrors: "Controlla i campi evidenziati.",
  },
  en: {
    cf: "Codice fiscale (tax code)",
    cfMissing: "Not available: log in with SPID or CIE to link it to your profile.",
    name: "Full name",
    nameFromIdentity: "Provided by your digital identity.",
    email: "Email",
    phone: "Phone",
    language: "Preferred language for messages",
    notifications: "How do you want to receive notices about your applications?",
    notifyEmail: "By email and in the personal area",
    notifyPortal: "Only in the personal area (no email)",
    save: "Save changes",
    saved: "Profile updated.",
    profileErrors: "Check the highlighted fields.",
  },
});
