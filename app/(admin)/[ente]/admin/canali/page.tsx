import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { Field } from "@/components/admin/field";
import { PostOutcome } from "@/components/admin/post-outcome";
import { PageHeader } from "@/components/ui/page-header";
import { CHANNELS, type Channel } from "@/db/schema/shapes/channels";
import { POLICY_LISTS, POLICY_POSITIONS, policyField, policyToForm } from "@/lib/admin/channel-policy";
import { getChannelsHealth, listChannelFailures, type ChannelFailure, type LastEvent, type Window } from "@/lib/admin/channels";
import { requireStaff } from "@/lib/auth/session";
import { channelsAdminTexts } from "@/lib/i18n/channels-admin";
import { labelOf, notificationsText } from "@/lib/i18n/notifications";
import { getFormat, getT } from "@/lib/i18n/server";
import { praticaNumber } from "@/lib/pratiche/number";
import { retryDeliveryAction } from "../notifiche/actions";
import { saveChannelPolicyAction } from "./actions";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getT(channelsAdminTexts)).title };
}

type T = Awaited<ReturnType<typeof getT<typeof channelsAdminTexts.it>>>;
type F = Awaited<ReturnType<typeof getFormat>>;

/** Two windows side by side: "Inviati — 24 ore: 3 · 7 giorni: 12". */
function WindowRows({ t, f, rows }: { t: T; f: F; rows: [string, Window][] }) {
  return (
    <table className="w-full text-sm">
      <thead>
        <tr>
          <td />
          <th scope="col" className="px-2 text-right font-semibold">{t.health.last24h}</th>
          <th scope="col" className="px-2 text-right font-semibold">{t.health.last7d}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, w]) => (
          <tr key={label} className="border-t border-line">
            <th scope="row" className="py-1 text-left font-normal">{label}</th>
            <td className="px-2 text-right tabular-nums">{f.number(w.day)}</td>
            <td className="px-2 text-right tabular-nums">{f.number(w.week)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Last({ event, t, f }: { event: LastEvent; t: T; f: F }) {
  if (!event) return <>{t.health.none}</>;
  return (
    <>
      <time dateTime={event.at.toISOString()}>{f.dateTime(event.at)}</time>
      {event.detail ? <span className="block break-words text-danger-dark">{event.detail}</span> : null}
    </>
  );
}

function Facts({ items }: { items: [string, React.ReactNode][] }) {
  return (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
      {items.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="font-semibold">{k}</dt>
          <dd className="mb-1 sm:mb-0">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function CanaliPage({ params, searchParams }: { params: Promise<{ ente: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { ctx, ente } = await requireStaff((await params).ente, "admin");
  const [t, tn, f, sp] = await Promise.all([getT(channelsAdminTexts), getT(notificationsText), getFormat(ente.timezone), searchParams]);
  const [health, failures] = await Promise.all([getChannelsHealth(ctx), listChannelFailures(ctx)]);
  const current = policyToForm(health.policy);
  const base = `/${ente.slug}/admin`;
  const outcomeOf = (r: ChannelFailure) => (r.status === "dead" ? t.failures.dead : r.undelivered ? t.failures.undelivered : t.failures.routed);

  return (
    <div className="space-y-6">
      <PageHeader title={t.title} intro={t.intro} narrowIntro />
      <PostOutcome search={sp} done="riprovato" doneText={t.failures.retried} />

      <section aria-labelledby="policy-title" className="card space-y-3">
        <h2 id="policy-title" className="text-xl font-bold">{t.policy.title}</h2>
        <p id="policy-help" className="text-muted">{t.policy.help}</p>
        <ActionForm action={saveChannelPolicyAction.bind(null, ente.slug)} submitLabel={t.policy.save} className="space-y-4">
          <div className="grid gap-4 md:grid-cols-2">
            {POLICY_LISTS.map((list) => (
              <fieldset key={list} className="rounded border border-line p-3" aria-describedby="policy-help">
                <legend className="px-1 font-semibold">{t.policy[list]}</legend>
                <div className="grid gap-3 sm:grid-cols-3 md:grid-cols-1 lg:grid-cols-3">
                  {POLICY_POSITIONS.map((pos) => (
                    <Field key={pos} name={policyField(list, pos)} label={t.policy.position({ n: pos })}>
                      {(control) => (
                        <select {...control} defaultValue={current[policyField(list, pos)]} className="field-input">
                          <option value="">{t.policy.none}</option>
                          {CHANNELS.map((c) => (
                            <option key={c} value={c}>{t.channel[c]}</option>
                          ))}
                        </select>
                      )}
                    </Field>
                  ))}
                </div>
              </fieldset>
            ))}
          </div>
        </ActionForm>
      </section>

      <section aria-labelledby="health-title" className="space-y-3">
        <h2 id="health-title" className="text-xl font-bold">{t.health.title}</h2>
        <div className="grid gap-4 lg:grid-cols-3">
          <article aria-labelledby="h-email" className="card space-y-3" data-testid="health-email">
            <h3 id="h-email" className="text-lg font-bold">{t.channel.email}</h3>
            <p className="text-sm">{health.email.mode.kind === "smtp" ? t.health.emailSmtp({ host: health.email.mode.host }) : t.health.emailFolder}</p>
            <WindowRows t={t} f={f} rows={[[t.health.sent, health.email.sent], [t.health.failed, health.email.failed], [t.health.dead, health.email.dead]]} />
            <Facts items={[[t.health.lastError, <Last key="e" event={health.email.lastError} t={t} f={f} />]]} />
          </article>

          <article aria-labelledby="h-io" className="card space-y-3" data-testid="health-io">
            <h3 id="h-io" className="text-lg font-bold">{t.channel.io}</h3>
            <p className="break-words text-sm">{t.health.ioApi({ host: health.io.apiHost })}</p>
            <p className="text-sm">
              {t.health.ioKeys({ with: health.io.servicesWithKey, without: health.io.servicesWithoutKey })}{" "}
              <Link href={`${base}/servizi`}>{t.health.ioKeysHelp}</Link>
            </p>
            <Facts
              items={[
                [`${t.health.sent} (${t.health.last7d.toLowerCase()})`, f.number(health.io.sent)],
                [`${t.health.failed} (${t.health.last7d.toLowerCase()})`, f.number(health.io.failed)],
                [t.health.lastSuccess, health.io.lastSuccess ? <time dateTime={health.io.lastSuccess.toISOString()}>{f.dateTime(health.io.lastSuccess)}</time> : t.health.never],
                [t.health.lastFailure, <Last key="l" event={health.io.lastFailure} t={t} f={f} />],
              ]}
            />
            <div>
              <h4 className="text-sm font-semibold">{t.health.refused}</h4>
              {health.io.refused.length === 0 ? (
                <p className="text-sm text-muted">{t.health.noRefusals}</p>
              ) : (
                <ul className="text-sm">
                  {health.io.refused.map((r) => (
                    <li key={r.reason} className="flex justify-between gap-2 border-t border-line py-1">
                      <span className="break-words">{r.reason}</span>
                      <span className="tabular-nums">{f.number(r.n)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </article>

          <article aria-labelledby="h-pec" className="card space-y-3" data-testid="health-pec">
            <h3 id="h-pec" className="text-lg font-bold">{t.channel.pec}</h3>
            <p className="break-words text-sm">{health.pec.configured ? t.health.pecConfigured({ address: health.pec.address ?? "" }) : t.health.pecNotConfigured}</p>
            <p className="text-sm">
              <Link href={`${base}/canali/pec`}>{t.health.pecSettings}</Link>
            </p>
            <Facts
              items={[
                [t.health.lastPoll, health.pec.lastPolledAt ? <time dateTime={health.pec.lastPolledAt.toISOString()}>{f.dateTime(health.pec.lastPolledAt)}</time> : t.health.never],
                ...(health.pec.lastPollError ? ([[t.health.pollError, <span key="p" className="break-words text-danger-dark">{health.pec.lastPollError}</span>]] as [string, React.ReactNode][]) : []),
                [t.health.awaiting, f.number(health.pec.awaiting)],
                [t.health.delivered, f.number(health.pec.delivered)],
                [t.health.undelivered, f.number(health.pec.undelivered)],
                [t.health.stale, <span key="s" className={health.pec.noReceiptOver24h > 0 ? "font-semibold text-danger-dark" : undefined}>{f.number(health.pec.noReceiptOver24h)}</span>],
              ]}
            />
          </article>
        </div>
      </section>

      <section aria-labelledby="failures-title" className="space-y-3">
        <h2 id="failures-title" className="text-xl font-bold">{t.failures.title}</h2>
        <p className="text-muted">{t.failures.intro}</p>
        {CHANNELS.map((channel: Channel) => {
          const list = failures[channel];
          return (
            <div key={channel} className="card space-y-2" data-testid={`failures-${channel}`}>
              <h3 className="text-lg font-bold">{t.channel[channel]}</h3>
              {list.rows.length === 0 ? (
                <p className="text-muted">{t.failures.none}</p>
              ) : (
                <>
                  <ul className="space-y-2">
                    {list.rows.map((r) => (
                      <li key={r.id} className="rounded border border-line p-3">
                        <div className="flex flex-wrap items-center gap-2">
                          <span className="font-semibold">{labelOf(tn, "kind", r.kind)}</span>
                          <span className="text-sm">· {outcomeOf(r)}</span>
                          {r.retryable ? (
                            <form action={retryDeliveryAction} className="ml-auto">
                              <input type="hidden" name="ente" value={ente.slug} />
                              <input type="hidden" name="id" value={r.id} />
                              <input type="hidden" name="from" value="canali" />
                              <button type="submit" className="btn-secondary">
                                {t.failures.retry}
                                <span className="sr-only"> — {labelOf(tn, "kind", r.kind)}, {t.channel[channel]}</span>
                              </button>
                            </form>
                          ) : null}
                        </div>
                        <Facts
                          items={[
                            [t.failures.when, <time key="w" dateTime={r.at.toISOString()}>{f.dateTime(r.at)}</time>],
                            ...(r.praticaId
                              ? ([[t.failures.pratica, <Link key="p" href={`/${ente.slug}/admin/notifiche?pratica=${r.praticaId}`}>{praticaNumber({ id: r.praticaId, numero: r.praticaNumero })}</Link>]] as [string, React.ReactNode][])
                              : []),
                            [t.failures.reason, <span key="r" className="break-words">{r.reason ?? "—"}</span>],
                          ]}
                        />
                      </li>
                    ))}
                  </ul>
                  {list.total > list.rows.length ? (
                    <p className="text-sm">
                      {t.failures.showing({ shown: list.rows.length, total: list.total })}{" "}
                      <Link href={`${base}/notifiche?topic=${channel}`}>{t.failures.all}</Link>
                    </p>
                  ) : null}
                </>
              )}
            </div>
          );
        })}
      </section>
    </div>
  );
}
