/** What the dashboard's search box matches: lower-cased, accents kept, one space between parts. */
export function buildSearchText(parts: (string | null | undefined)[]): string {
  return parts
    .filter((p): p is string => Boolean(p))
    .join(" ")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}
