// Citizen submissions of the many-instances run, made the way a citizen's browser makes them over HTTP: the demo
// sign-in (the server action the "Entra come …" button calls), the privacy step and the final "Invia la domanda"
// posted as forms without JavaScript (the hidden fields React renders into the page, read from its HTML), and the
// form wizard's own requests, which need JavaScript in a browser too (the autosave `PUT …/bozza` with the form's
// values as JSON, the upload `POST …/file?campo=…` as multipart). Each submission is spread over the instances:
// started on one, filled and uploaded on the other, submitted on the first.
import { createHash } from "node:crypto";
import type postgres from "postgres";
import { callAction, cookieHeader, mergeCookies, send, type Answer, type Instance } from "./http";
import { pdf, SERVICE } from "./load";
import { ENTE } from "./setup";

export type Citizen = { codiceFiscale: string; givenName: string; familyName: string; email: string; phone: string | null };
export type CitizenSession = Citizen & { cookie: string };
/** `rerouted`: the steps sent to the other instance because the first did not answer (it was restarting). */
export type CitizenSubmission = { praticaId: string; sha256: string; citizen: string; instances: string; rerouted: number };

/** The seed's demo citizens (users with a codice fiscale and an email), at most `max`. */
export async function demoCitizens(sql: postgres.Sql, max: number): Promise<Citizen[]> {
  const rows = await sql<{ codice_fiscale: string; given_name: string; family_name: string; email: string; phone: string | null }[]>`
    select codice_fiscale, given_name, family_name, email, phone from users
    where codice_fiscale is not null and email is not null and disabled_at is null order by name limit ${max}`;
  return rows.map((r) => ({ codiceFiscale: r.codice_fiscale, givenName: r.given_name, familyName: r.family_name, email: r.email, phone: r.phone }));
}

/** The demo identity provider's sign-in, as the login page's button calls it; the session cookie. */
export async function citizenSignIn(instances: Instance[], first: number, loginActionId: string, c: Citizen): Promise<CitizenSession> {
  const jar = new Map<string, string>();
  const res = await callAction(instances, first, `/${ENTE}/accedi`, loginActionId, [{ ente: ENTE, codiceFiscale: c.codiceFiscale, next: `/${ENTE}/area-personale` }]);
  mergeCookies(jar, res);
  if (jar.size === 0) throw new Error(`the demo sign-in of ${c.codiceFiscale} set no cookie (HTTP ${res.status})`);
  return { ...c, cookie: cookieHeader(jar) };
}

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', "#x27": "'", "#39": "'", lt: "<", gt: ">" };
const decode = (s: string) => s.replace(/&(amp|quot|#x27|#39|lt|gt);/g, (_m, e: string) => ENTITIES[e] ?? "");

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([A-Za-z_:][-A-Za-z0-9_:.$]*)="([^"]*)"/g)) out[m[1] as string] = decode(m[2] as string);
  return out;
}

/** The hidden fields of the page's first form that has a field named `marker` (what a browser would send back). */
export function hiddenFieldsOfForm(html: string, marker: string): [string, string][] | undefined {
  for (const m of html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)) {
    const inputs = [...(m[1] ?? "").matchAll(/<input\b[^>]*>/g)].map((x) => attrs(x[0]));
    if (!inputs.some((i) => i.name === marker)) continue;
    return inputs.filter((i) => i.type === "hidden" && i.name !== undefined).map((i) => [i.name as string, i.value ?? ""]);
  }
  return undefined;
}

/** Posts a page's form as a browser without JavaScript does: multipart, to the page's own address, with Origin. */
async function postForm(tally: Tally, order: Instance[], pagePath: string, cookie: string, fields: [string, string][]): Promise<Answer> {
  const body = new FormData();
  for (const [k, v] of fields) body.append(k, v);
  return counted(tally, await send(order, 0, pagePath, { method: "POST", headers: { cookie }, body, originHeader: true }));
}

type Tally = { rerouted: number };
const counted = (tally: Tally, a: Answer): Answer => {
  if (a.rerouted) tally.rerouted++;
  return a;
};

/** GETs a page and posts back its form (the one with a field named `marker`) with `extra` fields; the answer must redirect. */
async function submitPageForm(tally: Tally, order: Instance[], pagePath: string, cookie: string, marker: string, extra: [string, string][], step: string): Promise<string> {
  const page = counted(tally, await send(order, 0, pagePath, { headers: { cookie } }));
  if (page.status !== 200) throw new Error(`${step}: GET ${pagePath} on ${page.instance} answered ${page.status}`);
  const hidden = hiddenFieldsOfForm(page.text, marker);
  if (!hidden) throw new Error(`${step}: no form with a field "${marker}" on ${pagePath}`);
  const res = await postForm(tally, order, pagePath, cookie, [...hidden, ...extra]);
  const location = res.headers.get("location") ?? "";
  if (res.status !== 303 || !location) throw new Error(`${step}: POST ${pagePath} on ${res.instance} answered ${res.status} (location ${location || "none"}) ${res.text.slice(0, 200)}`);
  return location;
}

/**
 * One submission of "accesso agli atti" with a PDF in its file field ("delega"), by a signed-in demo citizen:
 * privacy step on `a` (a form post), the form's values and the upload on `b` (the wizard's requests), the summary
 * and "Invia la domanda" on `a` (a form post). When an instance does not answer (restarting) a step goes to the
 * other one, as a load balancer would send it.
 */
export async function citizenSubmit(instances: Instance[], first: number, s: CitizenSession, i: number, runTag: string): Promise<CitizenSubmission | { error: string }> {
  const a = instances[first % instances.length] as Instance;
  const b = instances[(first + 1) % instances.length] as Instance;
  const pick = (inst: Instance) => [inst, ...instances.filter((x) => x !== inst)];
  const tally: Tally = { rerouted: 0 };
  try {
    // 1. The privacy step (no JavaScript: the form's hidden fields + the checkbox) → the draft's form.
    const startPath = `/${ENTE}/servizi/${SERVICE}/compila`;
    const toForm = await submitPageForm(tally, pick(a), startPath, s.cookie, "privacy", [["privacy", "on"]], "privacy step");
    const id = /\/pratiche\/([0-9a-f-]{36})\/modifica/.exec(toForm)?.[1];
    if (!id) throw new Error(`privacy step: redirected to ${toForm}, not to a draft's form`);
    const base = `/${ENTE}/area-personale/pratiche/${id}`;
    // 2. The form, opened on the other instance; the wizard's autosave and upload requests go there too.
    const form = counted(tally, await send(pick(b), 0, `${base}/modifica`, { headers: { cookie: s.cookie } }));
    if (form.status !== 200) throw new Error(`form: GET on ${form.instance} answered ${form.status}`);
    const values: Record<string, unknown> = {
      nome: s.givenName,
      cognome: s.familyName,
      codiceFiscale: s.codiceFiscale,
      email: s.email,
      ...(s.phone ? { telefono: s.phone } : {}),
      tipoAccesso: "generalizzato",
      documenti: `Delibera di giunta numero ${i} del 2026 e i suoi allegati`,
      modalita: "email",
    };
    const save = async () => {
      const r = counted(tally, await send(pick(b), 0, `${base}/bozza`, { method: "PUT", headers: { cookie: s.cookie, "content-type": "application/json" }, body: JSON.stringify(values), originHeader: true }));
      if (r.status !== 200) throw new Error(`autosave on ${r.instance} answered ${r.status} ${r.text.slice(0, 200)}`);
    };
    await save();
    const file = pdf(`citizen-${runTag}-${i}`);
    const upload = new FormData();
    upload.append("file", new Blob([new Uint8Array(file)], { type: "application/pdf" }), "delega.pdf");
    const up = counted(tally, await send(pick(b), 0, `${base}/file?campo=delega`, { method: "POST", headers: { cookie: s.cookie }, body: upload, originHeader: true }));
    if (up.status !== 201) throw new Error(`upload on ${up.instance} answered ${up.status} ${up.text.slice(0, 200)}`);
    const ref = (JSON.parse(up.text) as { file: Record<string, unknown> }).file;
    values.delega = [ref];
    // A new file is saved into the draft at once, as the wizard does.
    await save();
    // 3. The summary and "Invia la domanda" (no JavaScript: the form's hidden fields, useActionState's included).
    const done = await submitPageForm(tally, pick(a), `${base}/riepilogo`, s.cookie, "id", [], "submit");
    if (!done.includes(`${base}/inviata`)) throw new Error(`submit: redirected to ${done}, not to the confirmation`);
    const sent = counted(tally, await send(pick(a), 0, `${base}/inviata`, { headers: { cookie: s.cookie } }));
    if (sent.status !== 200) throw new Error(`confirmation: GET on ${sent.instance} answered ${sent.status}`);
    return { praticaId: id, sha256: createHash("sha256").update(file).digest("hex"), citizen: s.codiceFiscale, instances: `${a.name}/${b.name}/${a.name}`, rerouted: tally.rerouted };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
