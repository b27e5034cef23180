import { buildOpenApiDocument } from "@/lib/api/openapi";

export const dynamic = "force-static";

/** The API's OpenAPI 3.1 document: public, like the documentation page built from it. */
export function GET() {
  return Response.json(buildOpenApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
