import { describe, expect, it } from "vitest";

// A database that cannot be opened (nothing listens on port 1): the backup endpoint must still answer problem+json.
process.env.DATABASE_URL = "postgres://postgres@127.0.0.1:1/stanza_unreachable";
process.env.AUTH_SECRET = "r".repeat(40);
process.env.OPS_TOKEN = "ops-token-0123456789abcdef";

describe("GET /api/ops/backup", () => {
  it("answers 503 problem+json when the database cannot be opened, not an unhandled error", async () => {
    const { GET } = await import("@/app/api/ops/backup/route");
    const res = await GET(new Request("http://127.0.0.1:3000/api/ops/backup", { headers: { authorization: "Bearer ops-token-0123456789abcdef" } }));
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(((await res.json()) as { code: string }).code).toBe("ops.database_unavailable");
  });
});
