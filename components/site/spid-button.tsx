/**
 * "Entra con SPID" and "Entra con CIE", after the look AgID asks for (the blue button, the mark, the list of
 * providers), in plain HTML: a <details> opens the list, each provider is a link, so no script ships. The marks
 * are our own drawings, not AgID's artwork.
 */
type Idp = { id: string; name: string };

const loginHref = (ente: string, idp: string, level: number, next: string | undefined) => {
  const q = new URLSearchParams({ idp, livello: String(level) });
  if (next) q.set("next", next);
  return `/${ente}/spid/login?${q.toString()}`;
};

function PersonMark() {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" className="size-6 shrink-0">
      <circle cx="12" cy="12" r="11.5" fill="#fff" />
      <circle cx="12" cy="8.6" r="3.4" fill="#0066cc" />
      <path d="M5.6 18.6c.9-3.4 3.4-5.2 6.4-5.2s5.5 1.8 6.4 5.2a9 9 0 0 1-12.8 0z" fill="#0066cc" />
    </svg>
  );
}

function CardMark() {
  return (
    <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" className="size-6 shrink-0">
      <rect x="1.5" y="4.5" width="21" height="15" rx="2.5" fill="#fff" />
      <rect x="4" y="8" width="5" height="6.5" rx="1" fill="#0066cc" />
      <rect x="11" y="8.5" width="8.5" height="1.6" rx=".8" fill="#0066cc" />
      <rect x="11" y="12" width="6" height="1.6" rx=".8" fill="#0066cc" />
    </svg>
  );
}

const button = "inline-flex min-h-12 items-center gap-3 rounded-md bg-[#0066cc] px-4 py-2 font-semibold text-white no-underline hover:bg-[#004d99]";

export function SpidButton({ ente, idps, level, next, t }: { ente: string; idps: Idp[]; level: number; next?: string; t: { spidButton: string; spidChoose: string; spidMore: string; spidNone: string } }) {
  return (
    <details className="group relative inline-block w-full max-w-sm">
      <summary className={`${button} w-full cursor-pointer list-none [&::-webkit-details-marker]:hidden`}>
        <PersonMark />
        <span className="flex-1 border-l border-white/60 pl-3">{t.spidButton}</span>
        <svg aria-hidden="true" viewBox="0 0 20 20" className="size-4 shrink-0 fill-white transition-transform group-open:rotate-180">
          <path d="M4 7l6 6 6-6z" />
        </svg>
      </summary>
      <div className="mt-1 rounded-md border border-line bg-white shadow-lg">
        <p className="border-b border-line px-4 py-2 text-sm font-semibold text-ink">{t.spidChoose}</p>
        <ul className="divide-y divide-line" aria-label={t.spidChoose}>
          {idps.map((idp) => (
            <li key={idp.id}>
              <a href={loginHref(ente, idp.id, level, next)} className="block px-4 py-3 font-semibold text-[#0066cc] underline-offset-2 hover:bg-primary-light hover:underline">
                {idp.name}
              </a>
            </li>
          ))}
        </ul>
        <p className="flex flex-wrap gap-x-4 gap-y-1 border-t border-line px-4 py-2 text-sm">
          <a href="https://www.spid.gov.it" className="underline">{t.spidMore}</a>
          <a href="https://www.spid.gov.it/cos-e-spid/come-attivare-spid/" className="underline">{t.spidNone}</a>
        </p>
      </div>
    </details>
  );
}

export function CieButton({ ente, idp, level, next, label }: { ente: string; idp: Idp; level: number; next?: string; label: string }) {
  return (
    <a href={loginHref(ente, idp.id, level, next)} className={`${button} w-full max-w-sm`}>
      <CardMark />
      <span className="flex-1 border-l border-white/60 pl-3">{label}</span>
    </a>
  );
}
