/** WCAG 2.1 relative luminance of "#RRGGBB". */
export function luminance(hex: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) throw new Error(`not a #RRGGBB colour: ${hex}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => {
    const c = parseInt(h ?? "0", 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}

/** Mixes a colour with black (amount > 0) or white (amount < 0), for the theme's darker/lighter shades. */
export function shade(hex: string, amount: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return hex;
  const target = amount >= 0 ? 0 : 255;
  const t = Math.abs(amount);
  return `#${[m[1], m[2], m[3]]
    .map((h) => Math.round(parseInt(h ?? "0", 16) * (1 - t) + target * t).toString(16).padStart(2, "0"))
    .join("")}`;
}
