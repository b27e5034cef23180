import { EmailLayout } from "./layout";
import { Action, Details, Note, Paragraphs, Title } from "./parts";
import type { EmailModel } from "./types";

/** Receipt at submission: the filled-in form is attached as a PDF (the note says so). */
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
