import { common } from "@/lib/i18n/common";
import { getT } from "@/lib/i18n/server";

/** A generic municipal crest, used when the ente has not uploaded its own logo. */
export async function Crest({ logoUrl, name, size = 56 }: { logoUrl?: string | null; name: string; size?: number }) {
  const alt = (await getT(common)).crest({ name });
  if (logoUrl) {
    // eslint-disable-next-line @next/next/no-img-element
    return <img src={logoUrl} alt={alt} width={size} height={size} className="shrink-0" />;
  }
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" role="img" aria-label={alt} className="shrink-0">
      <path d="M8 6h48v26c0 14-10 22-24 28C18 54 8 46 8 32z" fill="#fff" stroke="currentColor" strokeWidth="3" />
      <path d="M14 12h36v20c0 10-7 16-18 21-11-5-18-11-18-21z" fill="currentColor" opacity=".25" />
      <path d="M20 4l4 6 4-6 4 6 4-6 4 6 4-6v6H20z" fill="currentColor" />
    </svg>
  );
}
