import { Readable } from "node:stream";
import { getPraticaAttachment } from "@/lib/api/pratiche";
import { withPartner } from "@/lib/api/with-partner";
import { getStorage, openStoredFile } from "@/lib/storage";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-dynamic";

export const GET = withPartner(
  async ({ ctx, params }) => {
    const file = await getPraticaAttachment(ctx, params.pratica ?? "", params.allegato ?? "");
    const storage = await getStorage();
    const stream = Readable.toWeb(await openStoredFile(storage, file.storageKey)) as ReadableStream<Uint8Array>;
    return new Response(stream, {
      headers: {
        "content-type": file.mimeType,
        "content-length": String(file.size),
        "content-disposition": `attachment; filename="${file.filename.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        "x-content-type-options": "nosniff",
        "x-checksum-sha256": file.sha256,
        "cache-control": "private, no-store",
      },
    });
  },
  { scope: "partner" },
);

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
