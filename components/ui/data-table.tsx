import Link from "next/link";
import type { ReactNode } from "react";

/** One column: its header and what each row shows in it. */
export type DataTableColumn<Row> = {
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** Numbers line up on the right. */
  numeric?: boolean;
  /** Extra classes for the column's cells (e.g. `break-all font-mono text-xs` for a URL). */
  className?: string;
};

// Literal class names, so Tailwind sees them.
const MIN_WIDTH = { "36rem": "min-w-[36rem]", "40rem": "min-w-[40rem]", "44rem": "min-w-[44rem]" } as const;

/**
 * The admin lists' table (a server component: no state, no script). A `<table>` with a caption (read by screen
 * readers, hidden unless `showCaption`), column headers with `scope="col"`, inside a named, focusable region
 * that scrolls sideways when the screen is narrower than `minWidth` (360 px phones), so it can be scrolled with
 * the keyboard too.
 */
export type DataTableProps<Row> = {
  caption: string;
  showCaption?: boolean;
  columns: readonly DataTableColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  minWidth?: keyof typeof MIN_WIDTH;
};

export function DataTable<Row>({ caption, showCaption = false, columns, rows, rowKey, minWidth = "36rem" }: DataTableProps<Row>) {
  const align = (c: DataTableColumn<Row>) => (c.numeric ? "p-2 text-right" : "p-2");
  return (
    <div className="overflow-x-auto" role="region" aria-label={caption} tabIndex={0}>
      <table className={`w-full ${MIN_WIDTH[minWidth]} border-collapse text-left text-sm`}>
        <caption className={showCaption ? "mb-2 text-left font-semibold" : "sr-only"}>{caption}</caption>
        <thead>
          <tr className="border-b-2 border-ink">
            {columns.map((c, i) => (
              <th key={i} scope="col" className={align(c)}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-b border-line align-top">
              {columns.map((c, i) => (
                <td key={i} className={c.className ? `${align(c)} ${c.className}` : align(c)}>{c.cell(row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The first cell of an admin list: the item's name linking to its page, and a second line (its slug, its email). */
export function RowTitle({ href, title, detail, mono = false }: { href: string; title: ReactNode; detail: ReactNode; mono?: boolean }) {
  return (
    <>
      <Link href={href} className="font-semibold">{title}</Link>
      <div className={mono ? "font-mono text-xs text-muted" : "text-muted"}>{detail}</div>
    </>
  );
}
