import Link from "next/link";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";
import type { CatalogueEntry } from "@/lib/portal/catalogue";

/** One service in the catalogue: name (the link), a short description and, when closed, why. */
export async function ServiceCard({ entry, href, headingLevel = 3 }: { entry: CatalogueEntry; href: string; headingLevel?: 2 | 3 }) {
  const t = await getT(portal);
  const H = headingLevel === 2 ? "h2" : "h3";
  return (
    <li className="card flex flex-col">
      <H className="mb-2 text-lg font-semibold leading-snug">
        <Link href={href} data-element="service-link" className="underline-offset-2 hover:underline">
          {entry.name}
        </Link>
      </H>
      <p className="line-clamp-3 flex-1 text-sm">{entry.description}</p>
      {entry.closed && (
        <p className="mt-3 inline-flex w-fit items-center rounded bg-warning-light px-2 py-1 text-sm font-semibold text-warning">{t.closed[entry.closed]}</p>
      )}
    </li>
  );
}
