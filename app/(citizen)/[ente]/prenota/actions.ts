"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { headers } from "next/headers";
import { bookAppointment, GUEST, guestClientKey } from "@/lib/appointments/book";
import { clientAddress } from "@/lib/auth/client-address";
import { getCurrentUser, requireEnte } from "@/lib/auth/session";
import { getConfig } from "@/lib/config/env";
import { publicAction } from "@/lib/edge/actions";
import { enteSlug } from "@/lib/edge/schemas";
import { DomainError, ValidationError } from "@/lib/errors";
import { bookingHref, failureNumber, readBookingParams, stepForFailure, tokenOfManagePath } from "@/lib/portal/booking-wizard";
import { sealContact, unsealContact } from "@/lib/portal/booking-contact";

const optional = <T extends z.ZodType>(s: T) => z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), s.optional());

// The summary's hidden fields, named as the wizard's address (lib/portal/booking-wizard.ts); the core checks again
// that the office serves the service, that the time is a free slot and the contact (lib/appointments/book.ts).
const input = z.object({
  ente: enteSlug,
  serviceId: z.uuid(),
  bookingKey: z.uuid(),
  servizio: z.string().max(100),
  ufficio: z.uuid(),
  ora: z.iso.datetime({ offset: true }),
  pratica: optional(z.uuid()),
  /** A guest's contact, sealed by `contactAction` (lib/portal/booking-contact.ts). */
  contatto: optional(z.string().max(2000)),
});

/**
 * "Conferma prenotazione": books as the signed-in citizen (contact from the login) or, signed out, as a guest with
 * the contact given. A refusal goes back to the step that can fix it with the refusal's code (a place taken
 * meanwhile: the time step, to pick another); success shows the confirmation page of the booking's link.
 */
export const bookAction = publicAction(
  {
    input,
    onError: (failure, raw) => redirect(backTo(raw, failure.code, Object.keys(failure.fieldErrors))),
  },
  async (i, lang): Promise<void> => {
    const { db, ente } = await requireEnte(i.ente);
    const current = await getCurrentUser();
    const citizen = current?.kind === "citizen" ? current.user : null;
    const config = getConfig();
    const address = citizen ? null : clientAddress(await headers(), config.trustProxy);
    const sealed = unsealContact(i.contatto);
    const contact = citizen ? null : sealed;
    // Sealed details missing or too old (six hours): the reason, then a guest's contact, are asked again.
    if (!sealed?.motivo) redirect(backTo({ ...i, contatto: undefined }, "request.invalid_input", ["motivo"]));
    if (!citizen && !contact?.nome) redirect(backTo(i, "request.invalid_input", ["nome"]));
    let manageUrlPath: string;
    try {
      ({ manageUrlPath } = await bookAppointment(
        { db, ente, actor: citizen ? { kind: "citizen", userId: citizen.id } : GUEST },
        {
          officeId: i.ufficio,
          serviceId: i.serviceId,
          startsAt: new Date(i.ora),
          reason: sealed?.motivo ?? "",
          praticaId: citizen ? (i.pratica ?? null) : null,
          ...(contact ? { name: contact.nome, email: contact.email, phone: contact.telefono || undefined, clientKey: address ? guestClientKey(config.authSecret, ente.id, address) : null } : {}),
          bookingKey: i.bookingKey,
          lang,
        },
      ));
    } catch (err) {
      // A refusal goes back to the wizard here, where its parameters are known (how many bookings, how long to wait).
      if (err instanceof DomainError) redirect(backTo(i, err.code, err instanceof ValidationError ? err.fieldErrors.map((f) => f.path) : [], failureNumber(err.params)));
      throw err;
    }
    redirect(`/${ente.slug}/prenota/confermata/${tokenOfManagePath(manageUrlPath)}`);
  },
);

const sealInput = z.looseObject({
  ente: enteSlug,
  passo: z.enum(["richiedente", "riepilogo"]),
  motivo: z.string().trim().max(500).optional().catch(undefined),
  nome: z.string().trim().max(200).optional().catch(undefined),
  email: z.string().trim().max(254).optional().catch(undefined),
  telefono: z.string().trim().max(40).optional().catch(undefined),
});

/**
 * The steps asking for what must not be in an address (the reason; a guest's name, email and phone): posted, sealed
 * together with what was sealed before, and the wizard goes on to the next step, which checks them (a problem shows
 * the step again, filled in). lib/portal/booking-contact.ts.
 */
export const sealAction = publicAction({ input: sealInput, onError: (failure, raw) => redirect(backTo(raw, failure.code, Object.keys(failure.fieldErrors))) }, async (i): Promise<void> => {
  const raw = i as Record<string, unknown>;
  const p = readBookingParams(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === "string" ? v : undefined])));
  const before = unsealContact(p.contatto) ?? {};
  const given = Object.fromEntries((["motivo", "nome", "email", "telefono"] as const).flatMap((k) => (i[k] !== undefined ? [[k, i[k]]] : [])));
  redirect(bookingHref(i.ente, p, { passo: i.passo, contatto: sealContact({ ...before, ...given }) }));
});

/** The wizard's step that can fix a refusal, with the choices made and the refusal's code (a taken time is dropped). */
function backTo(raw: Record<string, unknown>, code: string, fields: string[], n?: string): string {
  const p = readBookingParams(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === "string" ? v : undefined])));
  const step = stepForFailure(code, fields);
  return bookingHref(enteSlug.catch("").parse(raw.ente), p, { passo: step, errore: code, n, ...(step === "orario" ? { ora: undefined } : {}) });
}
