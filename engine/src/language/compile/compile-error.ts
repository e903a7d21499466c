import type { Range } from "../ast";

/** How a message shows a file's path: the CLI shows it as `momoflow check` does. */
export type ShowPath = (path: string) => string;

const asIs: ShowPath = (path) => path;

/**
 * A workflow that cannot be compiled or run as asked: says what and where —
 * at a place in a file (`path` and `range`: `path:line:col: problem`), about
 * a whole file (`path` alone: `path problem`), or a list of such problems
 * (`parts`, a line each under `problem`). Its message shows paths as they
 * are; {@link describe} shows them as a caller wants.
 */
export class CompileError extends Error {
  constructor(
    /** What is wrong, without where. */
    readonly problem: string,
    readonly path?: string,
    readonly range?: Range,
    readonly parts: readonly CompileError[] = [],
  ) {
    super();
    this.message = this.describe();
    this.name = "CompileError";
  }

  /** The message with each path shown by `show`. */
  describe(show: ShowPath = asIs): string {
    const { path, range, problem } = this;
    const head =
      path === undefined
        ? problem
        : range
          ? `${show(path)}:${range.start.line + 1}:${range.start.character + 1}: ${problem}`
          : `${show(path)} ${problem}`;
    if (this.parts.length === 0) return head;
    return `${head}:\n${this.parts.map((p) => `  ${p.describe(show)}`).join("\n")}`;
  }
}
