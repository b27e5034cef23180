/**
 * Small SVG charts drawn on the server: no client JavaScript, text labels on every bar (colour is never the only
 * carrier), and a role="img" summary for screen readers. The same figures are always also given as a table.
 */
export function BarChart({ title, items, formatter = String }: { title: string; items: { label: string; value: number }[]; formatter?: (n: number) => string }) {
  const max = Math.max(1, ...items.map((i) => i.value));
  const row = 30;
  const labelW = 260;
  const barW = 300;
  const h = items.length * row + 8;
  const summary = `${title}: ${items.map((i) => `${i.label} ${formatter(i.value)}`).join("; ")}`;
  return (
    <svg viewBox={`0 0 ${labelW + barW + 70} ${h}`} className="h-auto w-full" role="img" aria-label={summary}>
      {items.map((it, i) => {
        const w = Math.round((it.value / max) * barW);
        const y = i * row + 4;
        return (
          <g key={it.label}>
            <text x={labelW - 8} y={y + 17} textAnchor="end" fontSize="14" fill="#17324d">{it.label.length > 32 ? `${it.label.slice(0, 31)}…` : it.label}</text>
            <rect x={labelW} y={y + 3} width={Math.max(w, 2)} height={row - 10} rx="3" fill="#0066cc" />
            <text x={labelW + Math.max(w, 2) + 6} y={y + 17} fontSize="13" fontWeight="600" fill="#17324d">{formatter(it.value)}</text>
          </g>
        );
      })}
    </svg>
  );
}

export function MonthChart({ title, months, series }: { title: string; months: string[]; series: { name: string; color: string; values: number[] }[] }) {
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const colW = 52;
  const chartH = 160;
  const top = 16;
  const w = months.length * colW + 40;
  const barW = (colW - 12) / series.length;
  const summary = `${title}: ${months.map((m, i) => `${m} ${series.map((s) => `${s.name} ${s.values[i] ?? 0}`).join(", ")}`).join("; ")}`;
  return (
    <figure>
      <svg viewBox={`0 -${top} ${w} ${chartH + 50 + top}`} className="h-auto w-full" role="img" aria-label={summary}>
        <line x1="30" y1={chartH + 10} x2={w} y2={chartH + 10} stroke="#5c6f82" />
        {months.map((m, i) => (
          <g key={m}>
            {series.map((s, j) => {
              const v = s.values[i] ?? 0;
              const bh = Math.round((v / max) * chartH);
              const x = 36 + i * colW + j * barW;
              return (
                <g key={s.name}>
                  <rect x={x} y={chartH + 10 - bh} width={barW - 2} height={bh} fill={s.color} />
                  {v > 0 && <text x={x + (barW - 2) / 2} y={chartH + 6 - bh} textAnchor="middle" fontSize="10" fill="#17324d">{v}</text>}
                </g>
              );
            })}
            <text x={36 + i * colW + (colW - 12) / 2} y={chartH + 28} textAnchor="middle" fontSize="11" fill="#17324d">{m.slice(5)}/{m.slice(2, 4)}</text>
          </g>
        ))}
      </svg>
      <figcaption className="flex flex-wrap gap-4 text-sm">
        {series.map((s) => (
          <span key={s.name} className="inline-flex items-center gap-1"><span aria-hidden="true" className="inline-block h-3 w-3" style={{ background: s.color }} />{s.name}</span>
        ))}
      </figcaption>
    </figure>
  );
}
