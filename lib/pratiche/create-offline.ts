import { randomUUID } from "node:crypto";
import { and, eq, or } from "drizzle-orm";
import { services, users, type Pratica, type Service, type User } from "@/db/schema";
import type { Ctx } from "@/lib/context";
import { ConflictError, ForbiddenError, PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError, fieldError, type FieldError, zodFieldErrors } from "@/lib/errors";
import { isServiceOpen } from "@/lib/services/availability";
import { isValidCodiceFiscale, normalizeCodiceFiscale } from "@/lib/services/codice-fiscale";
import { allFields, buildFormSchema, type FileRef } from "@/lib/services/form-schema";
import { getStorage, withStoredFiles } from "@/lib/storage";
import { acceptedType, safeFilename } from "@/lib/storage/sniff";
import { insertDraft } from "@/lib/workflow/draft";
import { isPartnerEnabled } from "@/lib/workflow/guards";
import { isUuid } from "@/lib/uuid";
import { nextPraticaNumber } from "@/lib/workflow/numbering";
import { STATUS } from "@/lib/workflow/states";
import { transition, type TransitionAttachment, type TransitionResult } from "@/lib/workflow/transition";
import { renderModulo } from "./modulo";
import { buildSearchText } from "./search-text";

export type OfflineApplicant = { codiceFiscale: string; givenName?: string; familyName?: string; email?: string; phone?: string };
export type OfflineFile = { field: string; filename: string; declaredType?: string; bytes: Buffer };
export type OfflineInput = { service: string; applicant: OfflineApplicant; data: Record<string, unknown>; files: OfflineFile[]; at?: Date };

/**
 * A partner opens a pratica on behalf of a citizen (the manual's `offline/create`): the citizen is found by
 * codice fiscale or created, the data is validated with the service's form like a citizen's submission, files
 * are size-limited and typed from their bytes, the modulo is rendered, and the draft is inserted and submitted
 * through the workflow — all in one transaction, as the partner. Anything refused leaves nothing behind.
 */
export async function createOfflinePratica(ctx: Ctx, input: OfflineInput): Promise<TransitionResult> {
  if (ctx.actor.kind !== "partner") throw new ForbiddenError("offline.partner_only");
  const at = input.at ?? new Date();
  const ref = input.service.trim();
  const [service] = await ctx.db
    .select()
    .from(services)
    .where(and(eq(services.enteId, ctx.ente.id), isUuid(ref) ? or(eq(services.id, ref), eq(services.slug, ref)) : eq(services.slug, ref)));
  if (!service) throw new ValidationError("offline.unknown_service", [fieldError("servizio", "offline.no_such_service")]);
  if (!(await isPartnerEnabled(ctx.db, ctx.actor.partnerId, service.id))) throw new ForbiddenError("partner.not_enabled_service");
  const open = isServiceOpen(service, at);
  if (!open.ok) throw new ValidationError(open.reason, [fieldError("servizio", open.reason)]);

  const cf = normalizeCodiceFiscale(input.applicant.codiceFiscale);
  if (!isValidCodiceFiscale(cf))
    throw new ValidationError("cf.invalid", [fieldError("richiedente.codiceFiscale", "cf.check_char")]);
  const [existing] = await ctx.db.select().from(users).where(eq(users.codiceFiscale, cf));
  const applicant = existing ?? newApplicant(cf, input.applicant);

  const definition = service.formDefinition;
  const fileFields = new Map(allFields(definition).filter((f) => f.type === "file").map((f) => [f.name, f]));
  const data: Record<string, unknown> = { ...input.data };
  for (const name of fileFields.keys()) delete data[name];
  return withStoredFiles(await getStorage(), async (stepFiles) => {
    const fileRows: TransitionAttachment[] = [];
    for (const [i, file] of input.files.entries()) {
      const field = fileFields.get(file.field);
      if (!field || field.type !== "file")
        throw new ValidationError("offline.not_file_field", [fieldError(`allegati.${i}.campo`, "offline.not_file_field_detail", { field: file.field.slice(0, 64) })]);
      const maxBytes = Math.round(field.maxSizeMb * 1024 * 1024);
      if (file.bytes.length > maxBytes) throw new PayloadTooLargeError("offline.file_too_large", { n: i + 1, mb: field.maxSizeMb, field: field.name }, { field: `allegati.${i}` });
      const mimeType = file.bytes.length === 0 ? null : acceptedType(file.bytes.subarray(0, 16), field.accept, file.declaredType);
      if (!mimeType) throw new UnsupportedMediaTypeError("offline.file_bad_type", { n: i + 1, field: field.name, types: field.accept.join(", ") }, { field: `allegati.${i}` });
      const stored = await stepFiles.put(file.bytes, { maxBytes, prefix: "uploads" });
      const id = randomUUID();
      const filename = safeFilename(file.filename);
      const refs = (data[field.name] as FileRef[] | undefined) ?? [];
      refs.push({ id, filename, size: stored.size, mimeType });
      data[field.name] = refs;
      fileRows.push({ id, kind: "citizen", purpose: "field", fieldName: field.name, filename, mimeType, storageKey: stored.storageKey, size: stored.size, sha256: stored.sha256 });
    }
    const parsed = buildFormSchema(definition).safeParse(data);
    if (!parsed.success) {
      const errors: FieldError[] = zodFieldErrors(parsed.error.issues).map((e) => ({ ...e, path: fileFields.has(e.path.split(".")[0] ?? "") ? `allegati[${e.path}]` : `dati.${e.path}` }));
      throw new ValidationError("form.has_errors", errors);
    }
    const formData = parsed.data as Record<string, unknown>;

    const praticaId = randomUUID();
    return ctx.db.transaction(async (tx) => {
      let applicantId = existing?.id;
      if (!applicantId) {
        const [created] = await tx
          .insert(users)
          .values({ email: applicant.email, name: applicant.name, givenName: applicant.givenName, familyName: applicant.familyName, codiceFiscale: cf, phone: applicant.phone })
          .onConflictDoNothing()
          .returning({ id: users.id });
        applicantId = created?.id;
        if (!applicantId) {
          const [raced] = await tx.select({ id: users.id }).from(users).where(eq(users.codiceFiscale, cf));
          if (!raced) throw new ConflictError("offline.email_taken", {}, { field: "richiedente.email" });
          applicantId = raced.id;
        }
      }
      await insertDraft(tx, { ...draftValues(ctx, service, praticaId, applicant, formData, at), applicantId });
      // Numbered in this transaction (a refused request gives the number back) so that the modulo prints it.
      const numero = await nextPraticaNumber(tx, ctx.ente, at);
      const preview: Pratica = {
        ...draftValues(ctx, service, praticaId, applicant, formData, at),
        applicantId,
        numero,
        status: STATUS.draft,
        version: 0,
        assignedOperatorId: null,
        outcome: null,
        motivation: null,
        operatorData: {},
        submittedAt: at,
        assignedAt: null,
        concludedAt: null,
        citizenViewedAt: null,
        // A partner's pratica is not made through the portal's request flow: the privacy notice is the partner's.
        privacyAcceptedAt: null,
        // Filled in by the database trigger on insert (migrations 0003, 0014); the PDF names the applicant itself.
        applicantName: null,
        applicantSort: null,
      };
      const pdf = await renderModulo(ctx.ente, service, preview, existing ?? asUser(applicant, at), definition, at);
      const modulo = await stepFiles.put(pdf, { prefix: "modulo" });
      return transition({ ...ctx, db: tx }, praticaId, "submit", {
        at,
        numero,
        protocolDocument: "modulo",
        meta: { channel: "api" },
        attachments: [
          ...fileRows,
          { kind: "generated", purpose: "modulo", filename: `modulo-${numero}.pdf`, mimeType: "application/pdf", ...modulo },
        ],
      });
    });
  });
}

type ApplicantData = Pick<User, "name" | "givenName" | "familyName" | "codiceFiscale" | "email" | "phone">;

function newApplicant(cf: string, a: OfflineApplicant): ApplicantData {
  const errors: FieldError[] = [];
  if (!a.email) errors.push(fieldError("richiedente.email", "offline.required_new_citizen_f"));
  if (!a.givenName) errors.push(fieldError("richiedente.nome", "offline.required_new_citizen"));
  if (!a.familyName) errors.push(fieldError("richiedente.cognome", "offline.required_new_citizen"));
  if (errors.length || !a.email) throw new ValidationError("offline.unregistered", errors);
  return {
    email: a.email.trim().toLowerCase(),
    name: `${a.givenName} ${a.familyName}`,
    givenName: a.givenName ?? null,
    familyName: a.familyName ?? null,
    codiceFiscale: cf,
    phone: a.phone ?? null,
  };
}

/** The not-yet-created citizen as the modulo shows them. */
function asUser(a: ApplicantData, at: Date): User {
  return {
    ...a,
    id: "",
    passwordHash: null,
    language: "it",
    emailNotifications: true,
    ioEnabled: true,
    pecAddress: null,
    operatorNotify: "immediate",
    emailVerifiedAt: null,
    disabledAt: null,
    lastLoginAt: null,
    totpSecret: null,
    totpEnabledAt: null,
    totpLastStep: null,
    createdAt: at,
    updatedAt: at,
  };
}

function draftValues(ctx: Ctx, service: Service, id: string, applicant: ApplicantData, formData: Record<string, unknown>, at: Date) {
  return {
    id,
    enteId: ctx.ente.id,
    serviceId: service.id,
    applicantId: "",
    subject: service.name,
    formData,
    formVersion: service.formVersion,
    channel: "api" as const,
    searchText: buildSearchText([service.name, applicant.name, applicant.codiceFiscale]),
    createdAt: at,
    updatedAt: at,
  };
}
