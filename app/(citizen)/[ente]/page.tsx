import Link from "next/link";
import { requireEnte } from "@/lib/auth/session";
import { getLang } from "@/lib/i18n/server";
import { listCatalogue } from "@/lib/portal/catalogue";

export const dynamic = "force-dynamic";

/** The municipality's home: a welcome and the services citizens can start today. */
export default async function EnteHome({ params }: { params: Promise<{ ente: string }> }) {
  const { db, ente } = await requireEnte((await params).ente);
  const lang = await getLang();
  const list = (await listCatalogue(db, ente)).entries.filter((s) => s.open);
  return (
    <>
      <section className="mb-8 rounded-lg bg-primary-light p-6">
        <h1 className="mb-2 text-3xl font-bold">{lang === "it" ? `Benvenuto nei servizi online del ${ente.name}` : `Welcome to the online services of ${ente.name}`}</h1>
        <p className="mb-4 max-w-2xl">
          {lang === "it"
            ? "Presenta domande e richieste, segui lo stato delle tue pratiche e ricevi le risposte del Comune, senza andare allo sportello."
            : "Submit applications, follow your cases and receive the municipality's answers online, without queuing at the counter."}
        </p>
        <div className="flex flex-wrap gap-3">
          <Link href={`/${ente.slug}/servizi`} className="btn-primary">{lang === "it" ? "Tutti i servizi" : "All services"}</Link>
          <Link href={`/${ente.slug}/area-personale`} className="btn-secondary">{lang === "it" ? "Le mie pratiche" : "My applications"}</Link>
        </div>
      </section>
      <h2 className="mb-4 text-2xl font-bold">{lang === "it" ? "Servizi online" : "Online services"}</h2>
      {list.length === 0 ? (
        <p>
          {lang === "it" ? "Al momento nessun servizio è aperto alle domande. " : "No service is open for applications at the moment. "}
          <Link href={`/${ente.slug}/servizi`}>{lang === "it" ? "Consulta tutti i servizi" : "See all services"}</Link>
        </p>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {list.map((s) => (
            <li key={s.slug} className="card flex flex-col">
              <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-muted">{s.category}</p>
              <h3 className="mb-2 text-lg font-semibold">
                <Link href={`/${ente.slug}/servizi/${s.slug}`}>{s.name}</Link>
              </h3>
              <p className="line-clamp-3 text-sm">{s.description}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
