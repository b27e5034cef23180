/**
 * The query string of a filtered list page: the filter's set keys (in `keys` order) plus `extra` (a page number, a
 * sort), `?…` or "" when nothing is set. Links between pages of a list keep its filters this way.
 */
export function filterQuery<K extends string>(filter: Partial<Record<K, string | number | null | undefined>>, keys: readonly K[]) {
  return (extra: Record<string, string | number | undefined> = {}): string => {
    const q = new URLSearchParams();
    for (const k of keys) if (filter[k]) q.set(k, String(filter[k]));
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) q.set(k, String(v));
    const s = q.toString();
    return s ? `?${s}` : "";
  };
}
