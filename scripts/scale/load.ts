// The bounded mixed load of the many-instances run, and the fixed read+write mix used for throughput.
import { createHash, randomBytes } from "node:crypto";
import { basic, codiceFiscale, ENTE, PARTNER, PARTNER_SECRET } from "./setup";
import { callAction, percentile, pool, send, type Instance } from "./http";

export const SERVICE = "accesso-agli-atti";
const AUTH = { authorization: basic(PARTNER, PARTNER_SECRET) };

/** A small real PDF, different every time (the server sniffs the bytes). */
export function pdf(tag: string): Buffer {
  return Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${tag} ${randomBytes(24).toString("hex")}\ntrailer<</Root 1 0 R>>\n%%EOF\n`);
}

export type Submission = { praticaId: string; sha256: string; attachmentUrls: string[]; instance: string };

/** A submission with an attachment, through the partner API on behalf of a citizen (Idempotency-Key: a retry on the other instance cannot make a second one). */
export async function submit(instances: Instance[], first: number, i: number, runTag: string): Promise<Submission | { error: string }> {
  const cf = codiceFiscale(`RSSMRA80A01H${String(100 + (i % 900))}`);
  const file = pdf(`${runTag}-${i}`);
  const email = `scale.${runTag}.${i}@example.com`;
  const body = {
    servizio: SERVICE,
    richiedente: { codiceFiscale: cf, nome: "Mario", cognome: `Scala${i}`, email },
    dati: { nome: "Mario", cognome: `Scala${i}`, codiceFiscale: cf, email, tipoAccesso: "generalizzato", documenti: `Delibera di giunta numero ${i} del 2026`, modalita: "email" },
    allegati: [{ campo: "delega", nomeFile: "delega.pdf", contentType: "application/pdf", contenuto: file.toString("base64") }],
  };
  const res = await send(instances, first, `/api/v1.0/${PARTNER}/pratica/offline/create`, {
    method: "POST",
    headers: { ...AUTH, "content-type": "application/json", "idempotency-key": `scale-${runTag}-${i}` },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) return { error: `HTTP ${res.status} ${res.text.slice(0, 300)}` };
  const created = JSON.parse(res.text) as { id: string; attachments?: { url: string }[] };
  return { praticaId: created.id, sha256: createHash("sha256").update(file).digest("hex"), attachmentUrls: (created.attachments ?? []).map((a) => a.url), instance: res.instance };
}

/** Whether one of the pratica's attachments, downloaded from `instances[first]`, has the uploaded bytes. */
export async function attachmentMatches(instances: Instance[], first: number, s: Submission): Promise<boolean> {
  for (const url of s.attachmentUrls) {
    const inst = instances[first % instances.length];
    if (!inst) return false;
    const res = await fetch(inst.base + url, { headers: AUTH });
    if (res.status !== 200) continue;
    const sha = createHash("sha256").update(Buffer.from(await res.arrayBuffer())).digest("hex");
    if (sha === s.sha256) return true;
  }
  return false;
}

/** "Prendi in carico" as the operator's browser sends it. */
export async function takeInCharge(instances: Instance[], first: number, actionId: string, praticaId: string, cookie: string): Promise<{ ok: boolean; detail: string }> {
  const res = await callAction(instances, first, `/${ENTE}/operatori/pratiche/${praticaId}`, actionId, [ENTE, praticaId], cookie);
  const redirect = res.headers.get("x-action-redirect") ?? res.headers.get("location") ?? "";
  if (redirect.includes(`/pratiche/${praticaId}`)) return { ok: true, detail: res.instance };
  return { ok: false, detail: `HTTP ${res.status} ${res.text.slice(0, 200)}` };
}

/** A partner read: the list, or one pratica. */
export async function partnerRead(instances: Instance[], first: number, praticaId: string | undefined): Promise<number> {
  const path = praticaId ? `/api/v1.0/${PARTNER}/pratica/${praticaId}` : `/api/v1.0/${PARTNER}/pratiche`;
  return (await send(instances, first, path, { headers: AUTH })).status;
}

export type Throughput = { instances: number; requests: number; seconds: number; perSecond: number; p50Ms: number; p95Ms: number; errors: number };

/** The same fixed mix (per round: a public page, a service page, a partner list, a submission) spread over `instances`. */
export async function measureThroughput(instances: Instance[], rounds: number, concurrency: number, runTag: string, offset: number): Promise<Throughput> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const timed = async (fn: (first: number) => Promise<boolean>) => {
    const first = n++ % instances.length;
    const t = performance.now();
    const ok = await fn(first).catch(() => false);
    latencies.push(performance.now() - t);
    if (!ok) errors++;
  };
  const jobs: (() => Promise<void>)[] = [];
  for (let r = 0; r < rounds; r++) {
    jobs.push(() => timed(async (f) => (await send(instances, f, `/${ENTE}`)).status === 200));
    jobs.push(() => timed(async (f) => (await send(instances, f, `/${ENTE}/servizi/${SERVICE}`)).status === 200));
    jobs.push(() => timed(async (f) => (await partnerRead(instances, f, undefined)) === 200));
    jobs.push(() => timed(async (f) => !("error" in (await submit(instances, f, offset + r, runTag)))));
  }
  const t0 = performance.now();
  await pool(jobs, concurrency);
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((x, y) => x - y);
  return { instances: instances.length, requests: latencies.length, seconds: Math.round(seconds * 100) / 100, perSecond: Math.round((latencies.length / seconds) * 10) / 10, p50Ms: Math.round(percentile(latencies, 50)), p95Ms: Math.round(percentile(latencies, 95)), errors };
}
