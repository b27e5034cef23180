import type { DbOrTx } from "@/db/client";
import { createIoHandler } from "@/lib/channels/io/handler";
import type { PrepareNotice } from "@/lib/channels/types";
import { getConfig } from "@/lib/config/env";
import { createPecHandler } from "@/lib/channels/pec/handler";
import { createPrepareNotice } from "@/lib/channels/prepare";
import { createEmailHandler } from "@/lib/notifications/deliver";
import type { Mailer } from "@/lib/notifications/mailer";
import { createPaymentHandler } from "@/lib/payments/outbox";
import { createAppointmentHandler } from "@/lib/appointments/outbox";
import { createProtocolHandler } from "@/lib/protocol/dispatch";
import { createWebhookHandler } from "./webhook";
import type { Handler, Handlers } from "./worker";

export type DeliveryEnv = {
  db: DbOrTx;
  mailer: Mailer;
  appUrl: string;
  mailFrom: string;
  emailShapeCache?: boolean;
  /** Words a notice for any channel (lib/channels): the IO and PEC handlers use it; lib/channels/prepare.ts when absent. */
  prepareNotice?: PrepareNotice;
  /** App IO's API; getConfig().ioApiUrl when absent. */
  ioApiUrl?: string;
  /** For the IO client (tests); the global fetch when absent. */
  ioFetch?: typeof fetch;
};

/** Every topic the outbox carries and who delivers it. */
export function createHandlers(env: DeliveryEnv): Handlers {
  // One per handler set: it keeps its own short-lived, bounded ente and service caches.
  const prepareNotice = env.prepareNotice ?? createPrepareNotice({ db: env.db, appUrl: env.appUrl });
  // Built at its first row: reading the configuration for IO_API_URL must not be a condition of delivering email.
  let io: Handler | undefined;
  const ioHandler: Handler = (row, now) =>
    (io ??= createIoHandler({ db: env.db, prepareNotice, ioApiUrl: env.ioApiUrl ?? getConfig().ioApiUrl, fetch: env.ioFetch }))(row, now);
  return {
    email: createEmailHandler(env),
    protocol: createProtocolHandler(env),
    webhook: createWebhookHandler(env),
    payment: createPaymentHandler(env),
    appointment: createAppointmentHandler(env),
    io: ioHandler,
    pec: createPecHandler({ ...env, prepareNotice }),
  };
}
