"use client";

import { createColumnHelper, flexRender, getCoreRowModel, useReactTable, type SortingState } from "@tanstack/react-table";
import Link from "next/link";
import { useMemo } from "react";
import type { DashboardTab, SortKey } from "@/lib/backoffice/dashboard";
import { backoffice } from "@/lib/i18n/backoffice";
import { useLang, useT } from "@/lib/i18n/client";
import { statusLabel } from "@/lib/workflow/states";
import { TakeInCharge, type TakeAction } from "./take-in-charge";

export type TableRow = {
  id: string;
  ref: string;
  subject: string;
  applicantName: string;
  status: number;
  /** Dates already formatted in the ente's time zone. */
  submitted: string;
  updated: string;
  action: "detail" | "take" | "awaiting";
};

type ColumnId = keyof (typeof backoffice)["it"]["dashboard"]["columns"];
const TONE: Record<number, string> = { 2000: "bg-primary-light text-primary-darker", 3000: "bg-primary-light text-primary-darker", 4000: "bg-warning-light text-warning", 4100: "bg-warning-light text-warning", 4300: "bg-warning-light text-warning", 7000: "bg-success-light text-success", 9000: "bg-danger-light text-danger-dark" };

/**
 * The dashboard's table: @tanstack/react-table in manual mode. The server already filtered, sorted and paged the
 * rows; sorting a column is a link to the same page with new `sort`/`dir` (so it works without JavaScript too).
 */
export function DashboardTable({
  rows,
  tab,
  count,
  empty,
  sort,
  dir,
  sortHrefs,
  detailBase,
  takeAction,
}: {
  rows: TableRow[];
  /** The tab shown and its number of pratiche (already formatted, "10.000+" when capped), for the caption. */
  tab: DashboardTab;
  count: string;
  /** Why the table may be empty: a search without results, no enabled service, or nothing in this tab. */
  empty: "search" | "noServices" | "tab";
  sort: SortKey;
  dir: "asc" | "desc";
  sortHrefs: Record<SortKey, string>;
  detailBase: string;
  takeAction: TakeAction;
}) {
  const t = useT(backoffice).dashboard;
  const lang = useLang();
  const caption = t.tableCaption({ tab: t.tabs[tab], count });
  const emptyText = empty === "search" ? t.emptySearch : empty === "noServices" ? t.noServices : t.empty;
  const sorting: SortingState = [{ id: sort, desc: dir === "desc" }];
  const columns = useMemo(() => {
    const h = createColumnHelper<TableRow>();
    return [
      h.accessor("subject", {
        id: "servizio",
        cell: (c) => (
          <>
            <span className="font-semibold">{c.getValue()}</span>
            <span className="block text-sm text-muted">{t.ref} {c.row.original.ref}</span>
          </>
        ),
      }),
      h.accessor("applicantName", { id: "richiedente" }),
      h.accessor("status", {
        id: "stato",
        cell: (c) => <span className={`inline-block rounded px-2 py-0.5 text-sm font-semibold md:whitespace-nowrap ${TONE[c.getValue()] ?? "bg-surface text-ink"}`}>{statusLabel(c.getValue(), lang)}</span>,
      }),
      // Dates stay on one line (a compact "dd/mm/yy, hh:mm"): a wide table scrolls in its region instead.
      h.accessor("submitted", { id: "inviata", cell: (c) => <span className="whitespace-nowrap">{c.getValue()}</span> }),
      h.accessor("updated", { id: "aggiornata", cell: (c) => <span className="whitespace-nowrap">{c.getValue()}</span> }),
      h.display({
        id: "azioni",
        enableSorting: false,
        cell: (c) => {
          const r = c.row.original;
          if (r.action === "take") return <TakeInCharge praticaId={r.id} subject={r.subject} applicant={r.applicantName} action={takeAction} variant="small" />;
          if (r.action === "awaiting")
            return (
              <span className="flex flex-col gap-1">
                <span className="text-sm font-semibold text-warning">{t.awaitingProtocol}</span>
                <Link className="text-sm font-semibold" href={`${detailBase}/${r.id}`}>{t.viewDetail}</Link>
              </span>
            );
          return (
            <Link className="btn-secondary whitespace-nowrap px-3 py-1 text-sm" href={`${detailBase}/${r.id}`} aria-label={`${t.viewDetail}: ${r.subject}, ${r.applicantName}`}>
              {t.viewDetail}
            </Link>
          );
        },
      }),
    ];
  }, [t, lang, takeAction, detailBase]);

  // TanStack's table object is rebuilt on every render by design; the compiler's memoisation is not needed here.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualPagination: true,
    manualFiltering: true,
    state: { sorting },
    getRowId: (r) => r.id,
  });

  return (
    <div className="relative overflow-x-auto rounded-lg border border-line" role="region" aria-label={caption} tabIndex={0}>
      <table className="w-full border-collapse text-left md:min-w-[44rem]">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface max-md:sr-only">
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((header) => {
                const id = header.column.id;
                const sorted = header.column.getIsSorted();
                const label = t.columns[id as ColumnId];
                return (
                  <th key={header.id} scope="col" className="border-b border-line px-3 py-2 text-sm font-bold" aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : header.column.getCanSort() ? "none" : undefined}>
                    {header.column.getCanSort() && id in sortHrefs ? (
                      <Link href={sortHrefs[id as SortKey]} className="inline-flex items-center gap-1 text-ink underline-offset-2 hover:underline" title={t.sortBy({ column: label })}>
                        {label}
                        <span aria-hidden="true">{sorted === "asc" ? "▲" : sorted === "desc" ? "▼" : "↕"}</span>
                        {sorted && <span className="sr-only">({sorted === "asc" ? t.sortedAsc : t.sortedDesc})</span>}
                      </Link>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-6 text-center text-muted">{emptyText}</td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-pratica-id={row.id} className="border-b border-line last:border-0 max-md:block max-md:py-2">
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} data-label={t.columns[cell.column.id as ColumnId]} className="px-3 py-2 align-top max-md:flex max-md:gap-2 max-md:py-1 max-md:before:w-32 max-md:before:shrink-0 max-md:before:text-sm max-md:before:leading-6 max-md:before:font-semibold max-md:before:text-muted max-md:before:content-[attr(data-label)]"><div className="min-w-0">{flexRender(cell.column.columnDef.cell ?? ((c) => String(c.getValue() ?? "")), cell.getContext())}</div></td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
