import Link from "next/link";
import { adminTexts } from "@/lib/i18n/admin";
import { feesTexts } from "@/lib/i18n/fees";
import { ioTexts } from "@/lib/i18n/io";
import { getT } from "@/lib/i18n/server";

/** The service's editing pages as a secondary navigation named after the service, the current one marked for screen readers. */
export async function ServiceTabs({ base, current, label }: { base: string; current: "settings" | "form" | "emails" | "fees" | "io"; label: string }) {
  const [admin, fees, io] = await Promise.all([getT(adminTexts), getT(feesTexts), getT(ioTexts)]);
  const labels = { ...admin.services.tabs, fees: fees.tab, io: io.tab };
  const items = [
    { key: "settings", href: base },
    { key: "form", href: `${base}/modulo` },
    { key: "emails", href: `${base}/email` },
    { key: "fees", href: `${base}/pagamenti` },
    { key: "io", href: `${base}/io` },
  ] as const;
  return (
    <nav aria-label={label} className="mb-6 border-b border-line">
      <ul className="flex flex-wrap gap-1">
        {items.map((i) => (
          <li key={i.key}>
            <Link
              href={i.href}
              aria-current={current === i.key ? "page" : undefined}
              className={`block border-b-4 px-4 py-2 font-semibold no-underline ${current === i.key ? "border-primary text-ink" : "border-transparent text-primary hover:border-line"}`}
            >
              {labels[i.key]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
