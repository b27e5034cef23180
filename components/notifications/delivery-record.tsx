import type { Ctx } from "@/lib/context";
import { notificationsText, labelOf } from "@/lib/i18n/notifications";
import { praticaNumberTexts } from "@/lib/i18n/pratica-number";
import { getLang, getT } from "@/lib/i18n/server";
import { workflowTexts } from "@/lib/i18n/workflow";
import { describePraticaDeliveries } from "@/lib/notifications/delivery-lines";
import { StatusBadge } from "./status-badge";

/**
 * The delivery record of one pratica, for its detail page in the back-office: one plain sentence per recipient and
 * channel (email, protocol request, notice to a connected system) saying what happened, when and after how many
 * attempts; each step, with the answer recorded, behind a disclosure.
 */
export async function DeliveryRecord({ ctx, praticaId }: { ctx: Ctx; praticaId: string }) {
  const lang = await getLang();
  const [t, tn, tw, lines] = await Promise.all([getT(notificationsText), getT(praticaNumberTexts), getT(workflowTexts), describePraticaDeliveries(ctx, praticaId, lang)]);
  const title = (kind: string) => {
    if (!kind.startsWith("pratica.")) return labelOf(t, "kind", kind);
    const event = kind.slice("pratica.".length);
    return tn.delivery.webhookTitle({ event: (tw.event as Record<string, string>)[event] ?? event });
  };
  return (
    <section aria-labelledby="delivery-record-title" className="card" data-testid="delivery-record">
      <h2 id="delivery-record-title" className="mb-3 text-xl font-bold">
        {t.record.title}
      </h2>
      {lines.length === 0 ? (
        <p className="text-muted">{t.record.empty}</p>
      ) : (
        <ol className="space-y-3">
          {lines.map((l) => (
            <li key={l.id} className="rounded border border-line p-3">
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">{title(l.kind)}</span>
                <StatusBadge status={l.status} />
              </p>
              <p className="mt-1" data-testid="delivery-line">{l.sentence}</p>
              {l.handedOverFrom ? <p className="mt-1 text-sm text-muted">{l.handedOverFrom}</p> : null}
              {l.chain ? (
                <p className="mt-1 text-sm" data-testid="delivery-chain">
                  <span className="font-semibold">{tn.delivery.chain.title}:</span> {l.chain}
                </p>
              ) : null}
              {l.history.length > 0 && (
                <details className="mt-2 text-sm">
                  <summary className="cursor-pointer text-primary">{tn.delivery.history}</summary>
                  <ol className="mt-2 space-y-1">
                    {l.history.map((a, i) => (
                      <li key={i}>
                        <span className="font-semibold">{a.label}</span>{" "}
                        <time dateTime={a.at.toISOString()} className="text-muted">{a.when}</time>
                        {a.detail ? <span className="block break-all text-muted">{tn.delivery.serverAnswer}: {a.detail}</span> : null}
                      </li>
                    ))}
                  </ol>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
