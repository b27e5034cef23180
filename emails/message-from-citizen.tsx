import { EmailLayout } from "./layout";
import { Action, Details, Paragraphs, Title } from "./parts";
import type { EmailModel } from "./types";

/** To the assigned operator: the applicant wrote (no content, no applicant's name). */
export default function MessageFromCitizenEmail({ model }: { model: EmailModel }) {
  return (
    <EmailLayout model={model}>
      <Title model={model} />
      <Paragraphs model={model} />
      <Details model={model} />
      <Action model={model} />
    </EmailLayout>
  );
}
