import { EmailLayout } from "./layout";
import { Action, Paragraphs, Title } from "./parts";
import type { EmailModel } from "./types";

/**
 * An email whose whole point is one link: the citizen's sign-in link (urgent: quiet hours do not hold it) and a
 * new staff member's set-password link.
 */
export default function LinkEmail({ model }: { model: EmailModel }) {
  return (
    <EmailLayout model={model}>
      <Title model={model} />
      <Paragraphs model={model} />
      <Action model={model} />
    </EmailLayout>
  );
}
