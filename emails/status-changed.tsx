import { EmailLayout } from "./layout";
import { Action, Details, Paragraphs, Title } from "./parts";
import type { EmailModel } from "./types";

/** Withdrawn, reopened, revoked: a change of state the citizen should know of. */
export default function StatusChangedEmail({ model }: { model: EmailModel }) {
  return (
    <EmailLayout model={model}>
      <Title model={model} />
      <Paragraphs model={model} />
      <Details model={model} />
      <Action model={model} />
    </EmailLayout>
  );
}
