import { EmailLayout } from "./layout";
import { Action, Items, Paragraphs, Title } from "./parts";
import type { EmailModel } from "./types";

/** An operator's daily digest of new pratiche on their services. */
export default function OperatorDigestEmail({ model }: { model: EmailModel }) {
  return (
    <EmailLayout model={model}>
      <Title model={model} />
      <Paragraphs model={model} />
      <Items model={model} />
      <Action model={model} />
    </EmailLayout>
  );
}
