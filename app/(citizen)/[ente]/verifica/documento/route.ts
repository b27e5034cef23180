import { z } from "zod";
import { signVerdict } from "@/lib/acts/verdict";
import { VERIFY_MAX_BYTES, verifyDocument } from "@/lib/acts/verify";
import { browserRoute } from "@/lib/edge/routes";
import { enteSlug } from "@/lib/edge/schemas";
import { BadRequestError, PayloadTooLargeError } from "@/lib/errors";

export const dynamic = "force-dynamic";

const see = (location: string) => new Response(null, { status: 303, headers: { Location: location, "Cache-Control": "no-store" } });
const formSchema = z.object({ documento: z.instanceof(File, { message: "verify.no_file" }) });
/** The multipart envelope around the document: boundaries, headers, the other fields. */
const ENVELOPE = 64 * 1024;

/** The body, read up to a limit whatever Content-Length says (a chunked upload has none). */
async function readBounded(req: Request, max: number): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(req.headers.get("content-length") ?? 0) > max) throw new PayloadTooLargeError("verify.too_large", {}, { field: "documento" });
  const reader = req.body?.getReader();
  if (!reader) return new Uint8Array(new ArrayBuffer(0));
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLargeError("verify.too_large", {}, { field: "documento" });
    }
    parts.push(value);
  }
  const out = new Uint8Array(new ArrayBuffer(size));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * The verification form's post (public, plain HTML form): the document is checked in memory and not kept; the
 * answer is the page again with its signed verdict, or with the refusal's code (not a PDF, too large, no file).
 */
export const POST = browserRoute(
  {
    params: z.object({ ente: enteSlug }),
    who: "public",
    onError: (failure, _status, { ente }) => see(ente ? `/${ente.slug}/verifica?errore=${encodeURIComponent(failure.code)}#documento` : "/"),
  },
  async ({ req, ente, db }) => {
    const body = await readBounded(req, VERIFY_MAX_BYTES + ENVELOPE);
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "content-type": req.headers.get("content-type") ?? "" } }).formData();
    } catch {
      throw new BadRequestError("verify.bad_form");
    }
    const parsed = formSchema.safeParse({ documento: form.get("documento") });
    if (!parsed.success) throw new BadRequestError("verify.no_file");
    const result = await verifyDocument(db, ente, Buffer.from(await parsed.data.documento.arrayBuffer()));
    return see(`/${ente.slug}/verifica?esito=${signVerdict(ente, result)}#esito`);
  },
);
