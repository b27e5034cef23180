import type { NewServiceFee } from "./schema";

type FeeSeed = Omit<NewServiceFee, "enteId" | "serviceId" | "position">;

/**
 * The demo services' fees, by service slug, in order. Occupying public land costs what it costs in a real
 * municipality: the stamp duty on the application, a fixed fee for the paperwork and the canone computed from
 * the square metres and the days the applicant declares. Budget lines are invented.
 */
export const DEMO_FEES: Record<string, FeeSeed[]> = {
  "occupazione-suolo-pubblico": [
    { kind: "stamp_duty", causale: "Imposta di bollo sulla domanda di occupazione di suolo pubblico", amountCents: 1600 },
    { kind: "fixed", causale: "Diritti di istruttoria occupazione suolo pubblico", amountCents: 3000, budgetLine: "Cap. 3010 - Diritti di segreteria e istruttoria" },
    {
      kind: "formula",
      causale: "Canone unico patrimoniale - occupazione temporanea",
      expression: "superficie * giorni * 0,50",
      description: "0,50 € per metro quadrato per ogni giorno di occupazione",
      budgetLine: "Cap. 1050 - Canone unico patrimoniale",
    },
  ],
};
