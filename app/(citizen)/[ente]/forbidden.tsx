import { ForbiddenMessage } from "@/components/site/forbidden-message";
import { getLang } from "@/lib/i18n/server";

/** The 403 page inside the ente's frame (its header links the ente's home). */
export default async function EnteForbidden() {
  return <ForbiddenMessage lang={await getLang()} home="/" />;
}
