import Link from "next/link";
import { common } from "@/lib/i18n/common";
import { getT } from "@/lib/i18n/server";

/** What a signed-in user sees (with HTTP 403) on a page their role does not allow. */
export async function ForbiddenMessage({ home }: { home: string }) {
  const t = await getT(common);
  return (
    <div className="max-w-2xl">
      <h1 className="mb-2 text-3xl font-bold">{t.forbidden}</h1>
      <p className="mb-6">{t.forbiddenText}</p>
      <Link href={home} className="btn-primary">{t.backHome}</Link>
    </div>
  );
}
