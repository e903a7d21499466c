/** How many test names the "no test matches" message lists before it counts the rest. */
const LISTED_NAMES = 10;
/** How many files the "no test blocks" message names before it only counts them. */
const LISTED_FILES = 3;

/** What picked the tests: `--filter TEXT`, or the `--test NAME`s that no test has. */
export type TestSelection = { filter: string | undefined } | { named: readonly string[] };

/**
 * Why `momoflow test` ran no test: no file given has a test block, or
 * `--filter` matched none of them, or a `--test NAME` names no test (then the
 * tests there are are listed). A run of zero tests is never reported as a
 * pass; it exits 2, as other bad input.
 */
export function nothingToTestMessage(
  selection: TestSelection,
  testNames: readonly string[],
  checkedFiles: readonly string[],
): string {
  if (testNames.length === 0) {
    const files =
      checkedFiles.length === 0
        ? "the given folders (they hold no .momoflow file)"
        : checkedFiles.length <= LISTED_FILES
          ? checkedFiles.join(", ")
          : `the ${checkedFiles.length} files checked`;
    return `momoflow: no test blocks in ${files}; there is nothing to test`;
  }
  const listed = testNames.slice(0, LISTED_NAMES).map((n) => JSON.stringify(n));
  const rest = testNames.length - listed.length;
  const more = rest > 0 ? ` and ${rest} more` : "";
  const count = testNames.length === 1 ? "the only test is" : `the ${testNames.length} tests are`;
  const why =
    "named" in selection
      ? `no test is named ${selection.named.map((n) => JSON.stringify(n)).join(", ")} (--test)`
      : `no test matches --filter ${JSON.stringify(selection.filter)}`;
  return `momoflow: ${why}; ${count}: ${listed.join(", ")}${more}`;
}
