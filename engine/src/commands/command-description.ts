/**
 * A command's one-line description: the one given, else the first paragraph
 * of its documentation (as momo-workflow took a function's docstring), joined
 * onto one line. Empty when there is neither.
 */
export function commandDescription(
  description: string | undefined,
  doc: string | undefined,
): string {
  const given = description?.trim();
  if (given) return given;
  if (!doc) return "";
  const paragraph = doc.trim().split(/\n\s*\n/)[0] ?? "";
  return paragraph.replace(/\s+/g, " ").trim();
}
