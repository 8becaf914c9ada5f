/**
 * Affected components as readers find them on the status page: in catalogue order (the model's
 * `components` are sorted by group position, then position), not in the order of their ids.
 * Ids no longer in the catalogue keep their given order, after the rest.
 */
export function inCatalogueOrder(catalogue: readonly { id: string }[], ids: readonly string[]): string[] {
  const rank = new Map(catalogue.map((c, i) => [c.id, i]));
  return ids
    .map((id, i) => ({ id, rank: rank.get(id) ?? catalogue.length + i }))
    .sort((a, b) => a.rank - b.rank)
    .map((x) => x.id);
}

/** Whether `ids` name every component of a non-empty catalogue: a list of all of them reads better as "all services". */
export function coversCatalogue(catalogue: readonly { id: string }[], ids: readonly string[]): boolean {
  const named = new Set(ids);
  return catalogue.length > 1 && catalogue.every((c) => named.has(c.id));
}
