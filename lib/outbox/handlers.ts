import type { DbOrTx } from "@/db/client";
import { createPecHandler } from "@/lib/channels/pec/handler";
import type { PrepareNotice } from "@/lib/channels/types";
import { createEmailHandler } from "@/lib/notifications/deliver";
import type { Mailer } from "@/lib/notifications/mailer";
import { createPaymentHandler } from "@/lib/payments/outbox";
import { createAppointmentHandler } from "@/lib/appointments/outbox";
import { createProtocolHandler } from "@/lib/protocol/dispatch";
import { createWebhookHandler } from "./webhook";
import type { Handlers } from "./worker";

export type DeliveryEnv = {
  db: DbOrTx;
  mailer: Mailer;
  appUrl: string;
  mailFrom: string;
  emailShapeCache?: boolean;
  /** Words a notice for any channel (lib/channels); the PEC (and IO) handlers need it, and fail permanently without it. */
  prepareNotice?: PrepareNotice;
};

/** Every topic the outbox carries and who delivers it. */
export function createHandlers(env: DeliveryEnv): Handlers {
  return {
    email: createEmailHandler(env),
    protocol: createProtocolHandler(env),
    webhook: createWebhookHandler(env),
    payment: createPaymentHandler(env),
    appointment: createAppointmentHandler(env),
    pec: createPecHandler(env),
  };
}
