/**
 * The streaming site's movie ids: the lower-cased title with spaces as `+`,
 * commas as `_`, characters such as `:` `&` `'` dropped (so `10th & Wolf`
 * becomes `10th++wolf`), then `+` and the release year, which may be empty
 * (`human+failure+`).
 */

/** The slug id of a movie with this title and release year (null: unknown year). */
export function movieSlug(title: string, year: number | null): string {
  const body = title
    .toLowerCase()
    .replaceAll(",", "_")
    .replace(/[^a-z0-9 _.*\-]/g, "")
    .replaceAll(" ", "+");
  return `${body}+${year ?? ""}`;
}
