/**
 * The weekly average rating as columns on a 0–5 scale, drawn on the server (no client script). Each column is
 * labelled with its average and each week with its date, so colour carries nothing alone; a role="img" summary
 * reads the same figures, which the page also gives as a table.
 */
export function FeedbackTrend({ title, weeks, empty }: { title: string; weeks: { label: string; average: number | null; averageText: string; count: number }[]; empty: string }) {
  const colW = 48;
  const chartH = 150;
  const top = 18;
  const left = 28;
  const w = left + weeks.length * colW + 8;
  const y = (v: number) => top + chartH - (v / 5) * chartH;
  const summary = `${title}: ${weeks.map((wk) => `${wk.label} ${wk.average === null ? empty : wk.averageText}`).join("; ")}`;
  return (
    <svg viewBox={`0 0 ${w} ${top + chartH + 30}`} className="h-auto w-full max-w-3xl" role="img" aria-label={summary}>
      {[1, 2, 3, 4, 5].map((v) => (
        <g key={v}>
          <line x1={left} x2={w} y1={y(v)} y2={y(v)} stroke="#c5c7c9" strokeDasharray="3 3" />
          <text x={left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#17324d">{v}</text>
        </g>
      ))}
      <line x1={left} x2={w} y1={y(0)} y2={y(0)} stroke="#5c6f82" />
      {weeks.map((wk, i) => {
        const x = left + i * colW + 8;
        const bw = colW - 16;
        return (
          <g key={wk.label}>
            {wk.average !== null ? (
              <>
                <rect x={x} y={y(wk.average)} width={bw} height={y(0) - y(wk.average)} fill="#0066cc" />
                <text x={x + bw / 2} y={y(wk.average) - 4} textAnchor="middle" fontSize="11" fontWeight="600" fill="#17324d">{wk.averageText}</text>
              </>
            ) : (
              <text x={x + bw / 2} y={y(0) - 4} textAnchor="middle" fontSize="11" fill="#5c6f82">–</text>
            )}
            <text x={x + bw / 2} y={y(0) + 16} textAnchor="middle" fontSize="11" fill="#17324d">{wk.label}</text>
          </g>
        );
      })}
    </svg>
  );
}
