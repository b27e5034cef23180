import type { ComponentType } from "react";
import type { EmailKind } from "@/lib/notifications/texts";
import IntegrationReminderEmail from "./integration-reminder";
import IntegrationRequestedEmail from "./integration-requested";
import LinkEmail from "./link";
import MessageFromCitizenEmail from "./message-from-citizen";
import MessageFromEnteEmail from "./message-from-ente";
import OperatorDigestEmail from "./operator-digest";
import OperatorNewPraticaEmail from "./operator-new-pratica";
import OutcomeReadyEmail from "./outcome-ready";
import PaymentEmail from "./payment";
import ProtocolAlertEmail from "./protocol-alert";
import ReceiptEmail from "./receipt";
import StatusChangedEmail from "./status-changed";
import TakenInChargeEmail from "./taken-in-charge";
import type { EmailModel } from "./types";

/** The template of each message kind (kinds of the same shape share one: the link emails, the changes of state). */
export const TEMPLATES: Record<EmailKind, ComponentType<{ model: EmailModel }>> = {
  receipt: ReceiptEmail,
  taken_in_charge: TakenInChargeEmail,
  integration_requested: IntegrationRequestedEmail,
  integration_reminder: IntegrationReminderEmail,
  outcome_ready: OutcomeReadyEmail,
  withdrawn: StatusChangedEmail,
  reopened: StatusChangedEmail,
  revoked: StatusChangedEmail,
  message_from_ente: MessageFromEnteEmail,
  message_from_citizen: MessageFromCitizenEmail,
  operator_new_pratica: OperatorNewPraticaEmail,
  operator_digest: OperatorDigestEmail,
  sign_in_link: LinkEmail,
  staff_invite: LinkEmail,
  protocol_alert: ProtocolAlertEmail,
  pec_alert: ProtocolAlertEmail,
  payment_due: PaymentEmail,
  payment_confirmed: PaymentEmail,
  payment_failed: PaymentEmail,
  payment_expired: PaymentEmail,
  payment_cancelled: PaymentEmail,
};

export type { EmailModel, EnteBrand } from "./types";
