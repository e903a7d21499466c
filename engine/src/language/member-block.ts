/**
 * `params { n: int = 3 }` and `vars { v = 1 }`: a workflow's params or vars
 * written as a block, as Nextflow, CWL and Snakemake group them. momoflow
 * declares them one per line (`param n: int = 3`); the parser reads the
 * block's entries as those declarations and says so once.
 */

/** The block words, and the keyword each entry stands for. */
export const MEMBER_BLOCK_WORDS: ReadonlyMap<string, "param" | "var"> = new Map([
  ["params", "param"],
  ["parameters", "param"],
  ["inputs", "param"],
  ["vars", "var"],
  ["variables", "var"],
]);

/** The message on the block's word. */
export function memberBlockMessage(
  word: string,
  keyword: "param" | "var",
  example: string,
): string {
  const what = keyword === "param" ? "params are" : "vars are";
  return `${what} declared one per line, \`${example}\`, not in a \`${word} { }\` block`;
}

/** The declarations a block's entries become, one a line at `indentation`. */
export function memberLines(
  keyword: "param" | "var",
  entries: readonly string[],
  indentation: string,
  lineBreak: string,
): string {
  return entries
    .map((entry, i) => `${i === 0 ? "" : indentation}${keyword} ${entry}`)
    .join(lineBreak);
}
