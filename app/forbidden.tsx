import { ForbiddenMessage } from "@/components/site/forbidden-message";
import { getLang } from "@/lib/i18n/server";

export default async function Forbidden() {
  return (
    <main id="contenuto" className="mx-auto max-w-3xl px-4 py-16">
      <ForbiddenMessage lang={await getLang()} home="/" />
    </main>
  );
}
