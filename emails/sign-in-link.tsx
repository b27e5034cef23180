import { EmailLayout } from "./layout";
import { Action, Paragraphs, Title } from "./parts";
import type { EmailModel } from "./types";

/** The citizen's sign-in link (urgent: quiet hours do not hold it). */
export default function SignInLinkEmail({ model }: { model: EmailModel }) {
  return (
    <EmailLayout model={model}>
      <Title model={model} />
      <Paragraphs model={model} />
      <Action model={model} />
    </EmailLayout>
  );
}
