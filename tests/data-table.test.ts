import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable, RowTitle, type DataTableColumn } from "@/components/ui/data-table";

type Row = { id: string; name: string; count: number; url: string | null };
const rows: Row[] = [
  { id: "a", name: "Protocollo", count: 3, url: "https://esempio.it/hook" },
  { id: "b", name: "Gestionale <tributi>", count: 0, url: null },
];
const columns: DataTableColumn<Row>[] = [
  { header: "Nome", cell: (r) => createElement("strong", null, r.name) },
  { header: "Pratiche", cell: (r) => r.count, numeric: true },
  { header: "Webhook", cell: (r) => r.url ?? "—", className: "break-all font-mono" },
];
const html = (props: Partial<Parameters<typeof DataTable<Row>>[0]> = {}) =>
  renderToStaticMarkup(createElement(DataTable<Row>, { caption: "Partner", rows, columns, rowKey: (r) => r.id, ...props }));

describe("DataTable", () => {
  it("is a captioned table with column headers, inside a named region that can be scrolled and focused", () => {
    const out = html();
    expect(out).toMatch(/^<div class="overflow-x-auto" role="region" aria-label="Partner" tabindex="0"><table class="w-full min-w-\[36rem\] /);
    expect(out).toContain('<caption class="sr-only">Partner</caption>');
    expect(out.match(/<th scope="col"/g)).toHaveLength(3);
    expect(out).toContain('<th scope="col" class="p-2 text-right">Pratiche</th>');
  });

  it("renders one row per item with each column's cell, escaped", () => {
    const out = html();
    expect(out.match(/<tr class="border-b border-line align-top">/g)).toHaveLength(2);
    expect(out).toContain("<td class=\"p-2\"><strong>Gestionale &lt;tributi&gt;</strong></td>");
    expect(out).toContain('<td class="p-2 text-right">3</td>');
    expect(out).toContain('<td class="p-2 break-all font-mono">https://esempio.it/hook</td>');
    expect(out).toContain('<td class="p-2 break-all font-mono">—</td>');
  });

  it("can show its caption and be wider before it scrolls", () => {
    const out = html({ showCaption: true, minWidth: "40rem" });
    expect(out).toContain('<caption class="mb-2 text-left font-semibold">Partner</caption>');
    expect(out).toContain("min-w-[40rem]");
  });

  it("an empty list is a table with headers and no rows", () => {
    const out = html({ rows: [] });
    expect(out).toContain("<tbody></tbody>");
  });

  it("the first cell names the item with a link to its page and a second line", () => {
    const mono = renderToStaticMarkup(createElement(RowTitle, { href: "/comune/admin/partner/1", title: "Protocollo", detail: "bugliano-protocollo", mono: true }));
    expect(mono).toBe('<a class="font-semibold" href="/comune/admin/partner/1">Protocollo</a><div class="font-mono text-xs text-muted">bugliano-protocollo</div>');
    const plain = renderToStaticMarkup(createElement(RowTitle, { href: "/comune/admin/operatori/2", title: "Anna", detail: "anna@comune.example" }));
    expect(plain).toContain('<div class="text-muted">anna@comune.example</div>');
  });
});
