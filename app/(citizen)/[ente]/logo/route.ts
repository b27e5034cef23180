import { getDb } from "@/db";
import { getEnteBySlug } from "@/lib/enti/get";
import { getStorage } from "@/lib/storage";

/**
 * The ente's uploaded logo, public (the portal header and the emails show it). The type was sniffed at upload;
 * SVGs were checked for scripts and are served under a CSP that forbids them anyway.
 */
export async function GET(_req: Request, { params }: { params: Promise<{ ente: string }> }) {
  const ente = await getEnteBySlug(await getDb(), (await params).ente);
  if (!ente?.logoStorageKey || !ente.logoMimeType) return new Response(null, { status: 404 });
  const bytes = await (await getStorage()).get(ente.logoStorageKey).catch(() => null);
  if (!bytes) return new Response(null, { status: 404 });
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": ente.logoMimeType,
      "Content-Length": String(bytes.length),
      "Cache-Control": "public, max-age=86400",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    },
  });
}
