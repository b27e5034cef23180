import { buildOpenApiDocument } from "@/lib/api/openapi";
import { otherMethods } from "@/lib/api/methods";

export const dynamic = "force-static";

/** The API's OpenAPI 3.1 document: public, like the documentation page built from it. */
export function GET() {
  return Response.json(buildOpenApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
