/**
 * A failed workflow assertion. It looks like Node's `AssertionError` to test
 * runners (`name`, `code`, `expected`, `actual`, `showDiff`), so mocha prints
 * the expected and actual values side by side.
 */
export class WorkflowAssertionError extends Error {
  override readonly name = "AssertionError";
  readonly code = "ERR_ASSERTION";
  readonly expected: unknown;
  readonly actual: unknown;
  /** Tells mocha to print a diff of `expected` and `actual`. */
  readonly showDiff: boolean;

  constructor(message: string, init: { expected: unknown; actual: unknown; showDiff?: boolean }) {
    super(message);
    this.expected = init.expected;
    this.actual = init.actual;
    this.showDiff = init.showDiff ?? true;
  }
}
