import { ForbiddenMessage } from "@/components/site/forbidden-message";

export default function Forbidden() {
  return (
    <main id="contenuto" className="mx-auto max-w-3xl px-4 py-16">
      <ForbiddenMessage home="/" />
    </main>
  );
}
