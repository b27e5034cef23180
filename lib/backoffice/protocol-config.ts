import type { Ctx } from "@/lib/context";
import { enabledServices } from "./scope";

export type ProtocolConfigRow = {
  serviceId: string;
  name: string;
  required: boolean;
  mode: "builtin" | "external";
  classificazione: string | null;
  fascicolo: string | null;
  ufficio: string | null;
  tipoDocumento: string | null;
};

/** "Configurazione di protocollo" (read-only): the protocol settings of each service the operator works on. */
export async function listProtocolConfig(ctx: Ctx): Promise<ProtocolConfigRow[]> {
  const svc = await enabledServices(ctx);
  return svc.map((s) => ({
    serviceId: s.id,
    name: s.name,
    required: s.protocolRequired,
    mode: s.protocolMode,
    classificazione: s.protocolParams.classificazione ?? null,
    fascicolo: s.protocolParams.fascicolo ?? null,
    ufficio: s.protocolParams.ufficio ?? null,
    tipoDocumento: s.protocolParams.tipoDocumento ?? null,
  }));
}
