import { EmailLayout } from "./layout";
import { Action, Details, Note, Paragraphs, Title } from "./parts";
import type { EmailModel } from "./types";

/** Receipt at submission. Nothing of the form goes with it (lib/channels/content.ts): it is in the personal area. */
export default function ReceiptEmail({ model }: { model: EmailModel }) {
  return (
    <EmailLayout model={model}>
      <Title model={model} />
      <Paragraphs model={model} />
      <Details model={model} />
      <Note model={model} />
      <Action model={model} />
    </EmailLayout>
  );
}
