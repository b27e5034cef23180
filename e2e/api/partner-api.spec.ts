import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";

/**
 * The partner API against the production build and the demo seed: partner `bugliano-protocollo` of
 * `comune-di-bugliano`, enabled on all five demo services.
 */
const PARTNER = "bugliano-protocollo";
const ENTE = "comune-di-bugliano";
const auth = (user = PARTNER, secret = "stanza-demo-partner") => `Basic ${Buffer.from(`${user}:${secret}`).toString("base64")}`;
const AUTH = { authorization: auth() };
const PDF = Buffer.from("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

function cf(first15: string): string {
  const odd: Record<string, number> = { "0": 1, "1": 0, "2": 5, "3": 7, "4": 9, "5": 13, "6": 15, "7": 17, "8": 19, "9": 21, A: 1, B: 0, C: 5, D: 7, E: 9, F: 13, G: 15, H: 17, I: 19, J: 21, K: 2, L: 4, M: 18, N: 20, O: 11, P: 3, Q: 6, R: 8, S: 12, T: 14, U: 16, V: 10, W: 22, X: 25, Y: 24, Z: 23 };
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    const ch = first15[i] ?? "A";
    const code = ch.charCodeAt(0);
    sum += i % 2 === 0 ? (odd[ch] ?? 0) : code <= 57 ? code - 48 : code - 65;
  }
  return first15 + String.fromCharCode(65 + (sum % 26));
}

async function problem(res: APIResponse, status: number, code?: string) {
  expect(res.status()).toBe(status);
  expect(res.headers()["content-type"]).toBe("application/problem+json");
  const body = (await res.json()) as { status: number; code: string; detail: string; allowed_events?: string[]; errors?: { path: string }[] };
  expect(body.status).toBe(status);
  if (code) expect(body.code).toBe(code);
  return body;
}

async function createPratica(request: APIRequestContext, suffix: string) {
  const res = await request.post(`/api/v1.0/${PARTNER}/pratica/offline/create`, {
    headers: AUTH,
    data: {
      servizio: "occupazione-suolo-pubblico",
      richiedente: { codiceFiscale: cf(`VRDLGU70A01G70${suffix}`), nome: "Luigi", cognome: "Verdi", email: `luigi.verdi.${suffix}.${Date.now()}@example.com` },
      dati: { nome: "Luigi", cognome: "Verdi", codiceFiscale: cf(`VRDLGU70A01G70${suffix}`), email: "luigi.verdi@example.com", indirizzo: "Via Roma 1", dal: "2026-06-01", al: "2026-06-03", superficie: 12, giorni: 3, motivo: "trasloco", privacy: true },
      allegati: [{ campo: "planimetria", nomeFile: "planimetria.pdf", contentType: "application/pdf", contenuto: PDF.toString("base64") }],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; status: { code: number }; attachments: { purpose: string; url: string }[] };
}

test.describe("authentication", () => {
  test("every credential failure is a 401 problem with a Basic challenge", async ({ request }) => {
    const variants: Record<string, string>[] = [{}, { authorization: "Bearer x" }, { authorization: auth(PARTNER, "sbagliata") }, { authorization: auth("sconosciuto", "x") }, { authorization: "Basic ###" }];
    for (const headers of variants) {
      const res = await request.get(`/api/v1.0/${PARTNER}/pratiche`, { headers });
      await problem(res, 401, "unauthorized");
      expect(res.headers()["www-authenticate"]).toContain("Basic");
    }
  });

  test("the partner in the path must be the credential's (403)", async ({ request }) => {
    await problem(await request.get(`/api/v1.0/altro-partner/pratiche`, { headers: AUTH }), 403, "forbidden");
  });

  test("another municipality's services are off limits (403)", async ({ request }) => {
    await problem(await request.get(`/api/v1.0/schedaInformativa/accesso-agli-atti/comune-di-altrove`, { headers: AUTH }), 403);
  });
});

test.describe("the manual's endpoints", () => {
  test("GET /services lists the active services", async ({ request }) => {
    const res = await request.get("/api/v1.0/services", { headers: AUTH });
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { data: { slug: string; partner_enabled: boolean }[] };
    const slugs = body.data.map((s) => s.slug).sort();
    // Every demo service but the suspended "bonus-idrico" (db/seed-data.ts).
    expect(slugs).toEqual([
      "accesso-agli-atti",
      "agevolazione-tari",
      "carta-identita-elettronica",
      "contrassegno-disabili",
      "contributo-affitto",
      "iscrizione-mensa-scolastica",
      "occupazione-suolo-pubblico",
      "patrocinio-eventi",
      "ritiro-ingombranti",
      "trasporto-scolastico",
    ]);
    expect(body.data.every((s) => s.partner_enabled)).toBe(true);
  });

  test("GET/POST schedaInformativa and POST servizioTexts", async ({ request }) => {
    const path = `/api/v1.0/schedaInformativa/accesso-agli-atti/${ENTE}`;
    const before = (await (await request.get(path, { headers: AUTH })).json()) as { scheda: { costs: string } };
    expect(typeof before.scheda.costs).toBe("string");
    const updated = await request.post(path, { headers: AUTH, data: { costs: "Gratuito; copie a 0,10 euro a pagina." } });
    expect(updated.status()).toBe(200);
    expect(((await (await request.get(path, { headers: AUTH })).json()) as { scheda: { costs: string } }).scheda.costs).toBe("Gratuito; copie a 0,10 euro a pagina.");
    await problem(await request.post(path, { headers: AUTH, data: { costi: "typo" } }), 422, "validation_failed");

    // A service and step the UI specs do not read, so the suite's order does not matter.
    const step = await request.post(`/api/v1.0/servizioTexts/iscrizione-mensa-scolastica/${ENTE}/alunno`, { headers: AUTH, data: { testo: "Indica la classe frequentata." } });
    expect(await step.json()).toMatchObject({ step: "alunno", testo: "Indica la classe frequentata." });
    await problem(await request.post(`/api/v1.0/servizioTexts/iscrizione-mensa-scolastica/${ENTE}/nessuno`, { headers: AUTH, data: { testo: "x" } }), 404);
  });

  test("offline/create, then status changes through the workflow", async ({ request }) => {
    const created = await createPratica(request, "2");
    expect(created.status.code).toBe(2000);
    const statusPath = `/api/v1.0/${PARTNER}/pratica/${created.id}/status`;
    const detailPath = `/api/v1.0/${PARTNER}/pratica/${created.id}`;

    // The demo services use the built-in registry: the server's outbox worker numbers the submission on its
    // own (2000 → 3000). Wait for it, so what follows does not race the worker.
    await expect
      .poll(async () => ((await (await request.get(detailPath, { headers: AUTH })).json()) as { status: { code: number } }).status.code, { timeout: 30_000 })
      .toBe(3000);

    // A transition the state does not allow: 409 with what is allowed.
    const refused = await problem(await request.post(statusPath, { headers: AUTH, data: { evento: "accept", motivazione: "x" } }), 409, "invalid_transition");
    expect(refused.allowed_events?.sort()).toEqual(["assign"]);

    const assigned = await request.post(statusPath, { headers: AUTH, data: { evento: 4000, operatore: "mrossi", responsabile: "Dott.ssa Neri", struttura: "Polizia locale", timestamp: new Date().toISOString() } });
    expect(await assigned.json()).toMatchObject({ event: "assign", status: { code: 4000 } });

    const noMotivation = await problem(await request.post(statusPath, { headers: AUTH, data: { evento: "reject" } }), 422);
    expect(noMotivation.errors?.[0]?.path).toBe("motivazione");

    // Idempotent replay: the same key and body answer the same without a second transition.
    const headers = { ...AUTH, "idempotency-key": `e2e-${created.id}` };
    const first = await request.post(statusPath, { headers, data: { evento: "request_integration", messaggio: "Manca la planimetria quotata" } });
    expect(first.status()).toBe(200);
    const replay = await request.post(statusPath, { headers, data: { evento: "request_integration", messaggio: "Manca la planimetria quotata" } });
    expect(replay.status()).toBe(200);
    expect(replay.headers()["idempotent-replayed"]).toBe("true");
    expect(await replay.json()).toEqual(await first.json());
    await problem(await request.post(statusPath, { headers, data: { evento: "resume" } }), 422);

    const detail = (await (await request.get(detailPath, { headers: AUTH })).json()) as { status: { code: number }; iter: { event: string }[] };
    expect(detail.status.code).toBe(4100);
    expect(detail.iter.map((h) => h.event)).toEqual(["submit", "register", "assign", "request_integration"]);
  });

  test("protocolli are stored as sent and complete the pending registration", async ({ request }) => {
    const created = await createPratica(request, "3");
    const res = await request.post(`/api/v1.0/${PARTNER}/pratica/${created.id}/protocolli`, {
      headers: AUTH,
      data: [{ numero: "PG/2026/0000042", data: "2026-05-04T10:00:00Z", registro: "Generale" }],
    });
    // Registered either by this answer or, if the built-in registry's worker got there first, by it: then this
    // number is refused (409), never stored beside the other.
    if (res.status() === 409) {
      await problem(res, 409);
    } else {
      expect(res.status()).toBe(201);
      const body = (await res.json()) as { entries: { raw: unknown; source: string }[]; completed_requests: string[]; status: { code: number } };
      expect(body.entries[0]).toMatchObject({ source: "partner", raw: { numero: "PG/2026/0000042", registro: "Generale" } });
      expect(body.status.code).toBe(3000);
    }
    const detail = (await (await request.get(`/api/v1.0/${PARTNER}/pratica/${created.id}`, { headers: AUTH })).json()) as { status: { code: number }; protocol: { number: string | null }[] };
    expect(detail.status.code).toBe(3000);
    expect(detail.protocol.filter((e) => e.number !== null)).toHaveLength(1);
    await problem(await request.post(`/api/v1.0/${PARTNER}/pratica/${created.id}/protocolli`, { headers: AUTH, data: ["non un oggetto"] }), 422);
  });
});

test.describe("beyond the manual", () => {
  test("detail, list with filters and cursor, attachment download", async ({ request }) => {
    const created = await createPratica(request, "4");
    const detail = await request.get(`/api/v1.0/${PARTNER}/pratica/${created.id}`, { headers: AUTH });
    expect(detail.status()).toBe(200);
    const modulo = created.attachments.find((a) => a.purpose === "modulo");
    const file = await request.get(modulo?.url ?? "", { headers: AUTH });
    expect(file.status()).toBe(200);
    expect(file.headers()["content-type"]).toBe("application/pdf");
    expect((await file.body()).subarray(0, 5).toString()).toBe("%PDF-");

    const ids: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page = (await (await request.get(`/api/v1.0/${PARTNER}/pratiche?service=occupazione-suolo-pubblico&limit=3${cursor ? `&cursor=${cursor}` : ""}`, { headers: AUTH })).json()) as { data: { id: string; service: { slug: string } }[]; next_cursor: string | null };
      ids.push(...page.data.map((d) => d.id));
      expect(page.data.every((d) => d.service.slug === "occupazione-suolo-pubblico")).toBe(true);
      cursor = page.next_cursor;
      if (!cursor) break;
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(created.id);
    const deliveries = await request.get(`/api/v1.0/${PARTNER}/webhooks/deliveries`, { headers: AUTH });
    expect(deliveries.status()).toBe(200);
  });

  test("answers under 1 KiB travel uncompressed, longer ones gzipped to clients that accept it", async ({ request }) => {
    const gzip = { ...AUTH, "accept-encoding": "gzip" };
    const answers = await Promise.all([
      request.get(`/api/v1.0/${PARTNER}/pratica/non-un-id`, { headers: gzip }),
      request.get(`/api/v1.0/${PARTNER}/pratiche?limit=1`, { headers: gzip }),
      request.get(`/api/v1.0/${PARTNER}/pratiche?limit=50`, { headers: gzip }),
      request.get("/api/v1.0/services", { headers: gzip }),
    ]);
    const sizes = { small: 0, large: 0 };
    for (const res of answers) {
      const length = (await res.body()).length;
      if (length < 1024) {
        sizes.small += 1;
        expect(res.headers()["content-encoding"]).toBeUndefined();
        expect(res.headers()["cache-control"]).toBe("no-store, no-transform");
      } else {
        sizes.large += 1;
        expect(res.headers()["content-encoding"]).toBe("gzip");
      }
    }
    expect(sizes.small).toBeGreaterThan(0);
    expect(sizes.large).toBeGreaterThan(0);
  });

  test("bad requests are 4xx problems, never 500", async ({ request }) => {
    const statusPath = `/api/v1.0/${PARTNER}/pratica/00000000-0000-4000-8000-000000000000/status`;
    await problem(await request.post(statusPath, { headers: { ...AUTH, "content-type": "application/json" }, data: Buffer.from("{non json") }), 400);
    await problem(await request.post(statusPath, { headers: { ...AUTH, "content-type": "text/plain" }, data: Buffer.from("evento=assign") }), 415);
    await problem(await request.post(statusPath, { headers: AUTH, data: { evento: "assign", x: "y".repeat(300_000) } }), 413);
    await problem(await request.post(statusPath, { headers: AUTH, data: { evento: ["assign"] } }), 422);
    await problem(await request.post(statusPath, { headers: AUTH, data: { evento: "assign" } }), 404);
    await problem(await request.get(`/api/v1.0/${PARTNER}/pratica/non-un-id`, { headers: AUTH }), 404);
  });

  test("unknown paths are 404 and wrong methods 405 problems, through the real router", async ({ request }) => {
    for (const path of ["/api/v1.0/nessuno", `/api/v1.0/${PARTNER}/pratica/00000000-0000-4000-8000-000000000000/altro`, "/api/v1.0/services/x", "/api/v1.0/"]) {
      await problem(await request.get(path, { headers: AUTH }), 404, "not_found");
      await problem(await request.post(path, { headers: AUTH, data: {} }), 404, "not_found");
    }
    const cases: [string, "get" | "post" | "put" | "patch" | "delete", string][] = [
      [`/api/v1.0/${PARTNER}/pratica/00000000-0000-4000-8000-000000000000/status`, "get", "POST, OPTIONS"],
      [`/api/v1.0/${PARTNER}/pratica/00000000-0000-4000-8000-000000000000`, "delete", "GET, HEAD, OPTIONS"],
      ["/api/v1.0/services", "post", "GET, HEAD, OPTIONS"],
      [`/api/v1.0/schedaInformativa/accesso-agli-atti/${ENTE}`, "put", "GET, POST, HEAD, OPTIONS"],
      ["/api/v1.0/openapi.json", "patch", "GET, HEAD, OPTIONS"],
    ];
    for (const [path, method, allow] of cases) {
      const res = await request.fetch(path, { method: method.toUpperCase(), headers: AUTH, ...(method === "get" ? {} : { data: {} }) });
      await problem(res, 405, "method_not_allowed");
      expect(res.headers()["allow"]).toBe(allow);
    }
  });

  test("OpenAPI 3.1 document and documentation page", async ({ request, page }) => {
    const doc = (await (await request.get("/api/v1.0/openapi.json")).json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe("3.1.0");
    for (const [path, method] of [
      ["/api/v1.0/{partner}/pratica/offline/create", "post"],
      ["/api/v1.0/{partner}/pratica/{pratica}/status", "post"],
      ["/api/v1.0/{partner}/pratica/{pratica}/protocolli", "post"],
      ["/api/v1.0/schedaInformativa/{servizio}/{ente}", "get"],
      ["/api/v1.0/schedaInformativa/{servizio}/{ente}", "post"],
      ["/api/v1.0/servizioTexts/{servizio}/{ente}/{step}", "post"],
      ["/api/v1.0/services", "get"],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeTruthy();
    }
    await page.goto("/api/docs");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("API per i partner");
    await expect(page.getByRole("heading", { name: /\/api\/v1\.0\/\{partner\}\/pratica\/\{pratica\}\/status/ })).toBeVisible();
    await expect(page.locator("#problem-invalid_transition")).toContainText("409");
    // The status table shows the events the API resolves a status code to (lib/api/present STATUS_CODE_EVENTS).
    await expect(page.getByRole("row", { name: "4000 pending In carico assign, resume" })).toBeVisible();
  });
});
