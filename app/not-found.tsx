import Link from "next/link";
import { common } from "@/lib/i18n/common";
import { getT } from "@/lib/i18n/server";

export default async function NotFound() {
  const t = await getT(common);
  return (
    <main id="contenuto" className="mx-auto max-w-3xl px-4 py-16">
      <h1 className="mb-2 text-3xl font-bold">{t.notFound}</h1>
      <p className="mb-6">{t.notFoundText}</p>
      <Link href="/" className="btn-primary">
        {t.backHome}
      </Link>
    </main>
  );
}
