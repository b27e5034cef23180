import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/db";
import { listEnti } from "@/lib/enti/get";
import { common } from "@/lib/i18n/common";
import { getT } from "@/lib/i18n/server";

export const dynamic = "force-dynamic";

/** The municipalities on this installation, or straight to the only one. */
export default async function Home() {
  const enti = await listEnti(await getDb());
  if (enti.length === 1 && enti[0]) redirect(`/${enti[0].slug}`);
  const t = await getT(common);
  return (
    <main id="contenuto" className="mx-auto max-w-3xl px-4 py-12">
      <h1 className="mb-2 text-3xl font-bold">Stanza</h1>
      <p className="mb-6 text-muted">{t.chooseMunicipality}</p>
      <h2 className="mb-3 text-xl font-semibold">{t.municipalities}</h2>
      {enti.length === 0 ? (
        <p>{t.noMunicipalities}</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {enti.map((e) => (
            <li key={e.slug}>
              <Link href={`/${e.slug}`} className="card block font-semibold">
                {e.name}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
