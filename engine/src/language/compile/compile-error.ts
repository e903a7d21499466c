import type { Range } from "../ast";

/** A workflow that cannot be compiled or run as asked: says what and where. */
export class CompileError extends Error {
  constructor(
    message: string,
    readonly path?: string,
    readonly range?: Range,
  ) {
    super(
      path && range
        ? `${path}:${range.start.line + 1}:${range.start.character + 1}: ${message}`
        : message,
    );
    this.name = "CompileError";
  }
}
