/**
 * The pratica's number as people read it: the per-ente, per-year number given at submission
 * ("2026-000123"). UUIDs stay internal; a draft, which has no number yet, shows its short reference.
 */
export function praticaNumber(p: { id: string; numero?: string | null }): string {
  return p.numero ?? p.id.slice(0, 8).toUpperCase();
}
