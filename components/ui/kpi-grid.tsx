/** Key figures as a grid of cards (a description list: label, then value). `columns`: the grid's column classes. */
export function KpiGrid({ items, columns = "sm:grid-cols-2 lg:grid-cols-5" }: { items: { label: string; value: string }[]; columns?: string }) {
  return (
    <dl className={`grid gap-3 ${columns}`}>
      {items.map((k) => (
        <div key={k.label} className="card p-4">
          <dt className="text-sm font-semibold text-muted">{k.label}</dt>
          <dd className="text-2xl font-bold">{k.value}</dd>
        </div>
      ))}
    </dl>
  );
}
