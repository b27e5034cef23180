const BULLET = /^\s*[-•]\s+/;

/**
 * A text of the service sheet as the admin wrote it: blank lines separate paragraphs, a block whose lines all start
 * with "- " is a bulleted list. Set in Lora, as the Modello Comuni sets the sheet's running text.
 */
export function SheetText({ text, dataElement }: { text: string; dataElement?: string }) {
  const blocks = text
    .trim()
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  return (
    <div data-element={dataElement} className="max-w-3xl space-y-3 font-serif leading-relaxed">
      {blocks.map((block, i) => {
        const lines = block.split("\n").map((l) => l.trim()).filter(Boolean);
        if (lines.length > 0 && lines.every((l) => BULLET.test(l))) {
          return (
            <ul key={i} className="list-disc space-y-1 pl-6">
              {lines.map((l, j) => <li key={j}>{l.replace(BULLET, "")}</li>)}
            </ul>
          );
        }
        return <p key={i} className="whitespace-pre-line">{block}</p>;
      })}
    </div>
  );
}
