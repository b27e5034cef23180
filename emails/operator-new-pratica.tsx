import { EmailLayout } from "./layout";
import { Action, Details, Paragraphs, Title } from "./parts";
import type { EmailModel } from "./types";

/** To an operator enabled on the service: a new pratica arrived. */
export default function OperatorNewPraticaEmail({ model }: { model: EmailModel }) {
  return (
    <EmailLayout model={model}>
      <Title model={model} />
      <Paragraphs model={model} />
      <Details model={model} />
      <Action model={model} />
    </EmailLayout>
  );
}
