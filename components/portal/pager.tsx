import Link from "next/link";
import { portal } from "@/lib/i18n/portal";
import { getT } from "@/lib/i18n/server";

/** Previous / next links of a paginated list (plain links: `?pagina=n`). */
export async function Pager({ base, page, pages }: { base: string; page: number; pages: number }) {
  if (pages <= 1) return null;
  const t = await getT(portal);
  return (
    <nav aria-label={t.pagination} className="mt-4 flex flex-wrap items-center gap-4">
      {page > 1 && <Link href={`${base}?pagina=${page - 1}`} className="btn-secondary">{t.prevPage}</Link>}
      <span>{t.page({ n: page, of: pages })}</span>
      {page < pages && <Link href={`${base}?pagina=${page + 1}`} className="btn-secondary">{t.nextPage}</Link>}
    </nav>
  );
}
