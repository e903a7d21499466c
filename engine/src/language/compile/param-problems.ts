import { CompileError } from "./compile-error";

/**
 * The wrong params of one run, gathered so that they are all reported at once
 * (every missing, unknown and invalid one), not one per attempt.
 */
export class ParamProblems {
  private readonly problems: CompileError[] = [];

  /** Notes one problem (a {@link CompileError} saying what and where). */
  add(problem: CompileError): void {
    this.problems.push(problem);
  }

  get any(): boolean {
    return this.problems.length > 0;
  }

  /**
   * @throws CompileError the one problem as it is, or one listing them all, a line each.
   */
  throwIfAny(workflow: string): void {
    if (this.problems.length === 0) return;
    if (this.problems.length === 1) throw this.problems[0]!;
    throw new CompileError(
      `${this.problems.length} params of workflow \`${workflow}\` are wrong`,
      undefined,
      undefined,
      this.problems,
    );
  }
}
