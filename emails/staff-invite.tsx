import { EmailLayout } from "./layout";
import { Action, Paragraphs, Title } from "./parts";
import type { EmailModel } from "./types";

/** A new staff member's set-password link. */
export default function StaffInviteEmail({ model }: { model: EmailModel }) {
  return (
    <EmailLayout model={model}>
      <Title model={model} />
      <Paragraphs model={model} />
      <Action model={model} />
    </EmailLayout>
  );
}
