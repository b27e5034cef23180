import { errorTextFromUrl } from "@/lib/i18n/errors";
import { getLang } from "@/lib/i18n/server";

type Search = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/**
 * What a form posted without script (retry a delivery, ask for a protocol entry again) did, read back from the
 * URL it redirected to: `?esito=<done>` as a status line, `?esito=errore&codice=<code>` as the error's text.
 */
export async function PostOutcome({ search, done, doneText }: { search: Search; done: string; doneText: string }) {
  const outcome = first(search.esito);
  if (outcome === done) {
    return (
      <p role="status" className="rounded border border-success bg-success-light p-3 text-success">
        {doneText}
      </p>
    );
  }
  if (outcome === "errore") {
    return (
      <p role="alert" className="rounded border border-danger bg-danger-light p-3 text-danger-dark">
        {errorTextFromUrl(first(search.codice), await getLang())}
      </p>
    );
  }
  return null;
}
