import { EmailLayout } from "./layout";
import { Action, Details, Paragraphs, Title } from "./parts";
import type { EmailModel } from "./types";

/** A request for more documents: the request itself is read in the personal area. */
export default function IntegrationRequestedEmail({ model }: { model: EmailModel }) {
  return (
    <EmailLayout model={model}>
      <Title model={model} />
      <Paragraphs model={model} />
      <Details model={model} />
      <Action model={model} />
    </EmailLayout>
  );
}
