/**
 * The fewest characters a secret may have. A secret is masked by replacing
 * each of its occurrences with `***` wherever a run writes (the terminal, the
 * logs, the run record): a value of one to three characters occurs in
 * ordinary text — a letter, a digit, a space — so masking it would garble
 * every line and every recorded undo, and an undo garbled so is a different
 * command. Such a value is refused before the run starts instead.
 */
export const MIN_SECRET_LENGTH = 4;

/** Why the secret param `name`'s value cannot be masked, or undefined when it can (empty: nothing to mask). */
export function shortSecretProblem(name: string, value: string): string | undefined {
  const length = [...value].length;
  if (length === 0 || length >= MIN_SECRET_LENGTH) return undefined;
  return `the secret \`${name}\` is ${length} character${length === 1 ? "" : "s"} long: a secret must have at least ${MIN_SECRET_LENGTH}, since masking a shorter one as *** would hide those characters everywhere the run writes (its output, its logs, its record's undos); use a longer value, or declare the param \`string\` if it is not secret`;
}
