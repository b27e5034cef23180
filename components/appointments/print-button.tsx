"use client";

/** Opens the browser's print dialog (the page's print CSS leaves only the list on paper). */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="btn-primary" onClick={() => window.print()}>
      {label}
    </button>
  );
}
