import type { ReactNode } from "react";
import { DataTable, type DataTableProps } from "@/components/ui/data-table";
import { PageHeader } from "@/components/ui/page-header";

/** The "new item" card under an admin list: its heading (with the id the section is named by), an intro, the form. */
type CreateSection = { id: string; title: string; intro?: string; width: "max-w-2xl" | "max-w-3xl" };

const WIDTH = { "max-w-2xl": "card max-w-2xl", "max-w-3xl": "card max-w-3xl" } as const;

/**
 * An admin list page (operators, services, partners): title and intro, the table (captioned with the title),
 * then a card to create a new item, whose form is `children`.
 */
export function AdminListPage<Row>({ title, intro, create, children, ...table }: { title: string; intro: string; create: CreateSection; children: ReactNode } & Omit<DataTableProps<Row>, "caption">) {
  return (
    <div className="space-y-8">
      <PageHeader title={title} intro={intro} />
      <DataTable caption={title} {...table} />
      <section aria-labelledby={create.id} className={WIDTH[create.width]}>
        <h2 id={create.id} className={create.intro ? "mb-1 text-xl font-bold" : "mb-4 text-xl font-bold"}>{create.title}</h2>
        {create.intro ? <p className="mb-4 text-muted">{create.intro}</p> : null}
        {children}
      </section>
    </div>
  );
}
