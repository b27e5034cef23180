import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { FormWizard } from "@/components/portal/form-wizard";
import { Breadcrumbs } from "@/components/site/breadcrumbs";
import { requireCitizen, requireLevel } from "@/lib/auth/session";
import { InvalidTransitionError, NotFoundError } from "@/lib/errors";
import { common } from "@/lib/i18n/common";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";
import { getMyDraftForEdit, type DraftForEdit } from "@/lib/portal/draft-edit";
import { deleteDraftAction } from "../actions";
import { DeleteDraftForm } from "@/components/portal/delete-draft-form";
import { isUuid } from "@/lib/uuid";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(portal)).fillTitle };
}
export const dynamic = "force-dynamic";

/** The form of a draft, step by step (a new draft starts here too, after the privacy step). */
export default async function EditDraft({ params, searchParams }: { params: Promise<{ ente: string; id: string }>; searchParams: Promise<{ passo?: string }> }) {
  const { ente: slug, id } = await params;
  const self = `/${slug}/area-personale/pratiche/${id}/modifica`;
  const session = await requireCitizen(slug, self);
  const { ente, ctx } = session;
  if (!isUuid(id)) notFound();
  let data: DraftForEdit;
  try {
    data = await getMyDraftForEdit(ctx, id);
  } catch (err) {
    if (err instanceof InvalidTransitionError) redirect(`/${ente.slug}/area-personale/pratiche/${id}`);
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  requireLevel(session, data.service.minAuthLevel, self);
  const [t, c] = await Promise.all([getT(portal), getT(common)]);
  const { draft, service, definition } = data;
  const passo = (await searchParams).passo;
  const initialStep = Math.max(0, definition.pages.findIndex((p) => p.id === passo));
  const base = `/${ente.slug}/area-personale/pratiche/${id}`;
  return (
    <>
      <Breadcrumbs
        items={[
          { href: `/${ente.slug}`, label: c.home },
          { href: `/${ente.slug}/area-personale`, label: t.personalArea },
          { label: service.name },
        ]}
      />
      <p className="mb-1 text-sm font-semibold uppercase tracking-wide text-muted">{service.category}</p>
      <h1 className="mb-6 text-3xl font-bold">{service.name}</h1>
      <FormWizard
        definition={definition}
        stepTexts={service.stepTexts}
        initialValues={draft.formData}
        initialStep={initialStep}
        timeZone={ente.timezone}
        savedAt={draft.updatedAt.toISOString()}
        uploadUrl={`${base}/file`}
        summaryHref={`${base}/riepilogo`}
        saveUrl={`${base}/bozza`}
      />
      <div className="mt-10 border-t border-line pt-4">
        <DeleteDraftForm action={deleteDraftAction} ente={ente.slug} id={id} />
      </div>
    </>
  );
}
