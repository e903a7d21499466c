// Its own file so that evaluate (which reads values) and value-scope (whose
// scopes evaluate their values) do not import each other.
import type { Reference } from "../ast";

/** Where references get their values. */
export interface ValueScope {
  /** The value of a reference; throws a CompileError saying which and where when there is none. */
  lookup(ref: Reference): unknown;
  /**
   * What a bare name stands for, for messages ("param `x`", "parameter `p`
   * of command `c`"); undefined when the scope does not know it.
   */
  origin?(name: string): string | undefined;
  /** The file the scope's declarations come from (for errors and relative paths). */
  readonly path: string;
}
