import { EmailLayout } from "./layout";
import { Action, Details, Paragraphs, Title } from "./parts";
import type { EmailModel } from "./types";

/** The pratica was taken in charge: an office, never the operator's name. */
export default function TakenInChargeEmail({ model }: { model: EmailModel }) {
  return (
    <EmailLayout model={model}>
      <Title model={model} />
      <Paragraphs model={model} />
      <Details model={model} />
      <Action model={model} />
    </EmailLayout>
  );
}
