import Link from "next/link";
import { common } from "@/lib/i18n/common";
import { getT } from "@/lib/i18n/server";

export type Crumb = { href?: string; label: string };

export async function Breadcrumbs({ items }: { items: Crumb[] }) {
  const t = await getT(common);
  return (
    <nav aria-label={t.breadcrumb} className="mb-4 text-sm">
      <ol data-element="breadcrumb" className="flex flex-wrap items-center gap-1 text-muted">
        {items.map((item, i) => (
          <li key={`${item.label}-${i}`} className="flex items-center gap-1">
            {i > 0 && <span aria-hidden="true">/</span>}
            {item.href && i < items.length - 1 ? (
              <Link href={item.href} className="text-primary underline-offset-2 hover:underline">
                {item.label}
              </Link>
            ) : (
              <span aria-current={i === items.length - 1 ? "page" : undefined} className="text-ink">
                {item.label}
              </span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
