import type { CommandArgs, CommandInvocation, CommandParam, CommandSpec } from "./command";
import { runShellAction } from "./shell-action";
import type { ShellName } from "./shell-choice";
import { isNumericType, refusalMessage } from "./shell-position";
import {
  interpolateShell,
  parseShellTemplate,
  shellRefusals,
  type ShellTemplatePart,
} from "./shell-quote";

/** Options of a {@link ShellCommand}. */
export interface ShellCommandOptions {
  /** A script template that undoes the command, with the same `${param}` placeholders. */
  rollbackTemplate?: string;
  /** Longer Markdown documentation (hover). */
  doc?: string;
  /** What undoes it, in words (hover). Default: "running its rollback script". */
  undoDescription?: string;
  /** The shell of its scripts. Default `auto`: strict bash when on PATH, else `sh -e`. */
  shell?: ShellName;
}

/**
 * A shell script with typed parameters: `${param}` in the template is replaced
 * by the argument, shell-quoted for where it stands (see {@link interpolateShell}),
 * so no argument can inject shell syntax; a placeholder where no quoting can
 * keep it literal (right after `$`, in arithmetic unless the parameter is a
 * number, in backquotes) makes the constructor throw. `${env.NAME}` reads the run's
 * environment; `\$` is a literal dollar sign (write `\${HOME}` for the shell's own).
 *
 * ```ts
 * registry.register("greet", new ShellCommand("greet", "Print a greeting",
 *   "echo Hello ${name}", [{ name: "name", type: "string" }]));
 * ```
 *
 * @throws Error from the constructor when a placeholder names no parameter or stands where it cannot be quoted.
 */
export class ShellCommand implements CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly template: string;
  readonly params: CommandParam[];
  declare readonly doc?: string;
  declare undoDescription?: string;
  declare readonly rollbackTemplate?: string;
  // Present only with a rollback template: its presence makes the command reversible.
  declare readonly rollback?: (
    args: CommandArgs,
    rollbackData: unknown,
    invocation: CommandInvocation,
  ) => Promise<string>;
  private readonly parts: ShellTemplatePart[];
  private readonly shell: ShellName | undefined;

  constructor(
    name: string,
    description: string,
    template: string,
    params: CommandParam[] = [],
    options: ShellCommandOptions = {},
  ) {
    this.name = name;
    this.description = description;
    this.template = template;
    this.params = params;
    this.parts = this.checkedParts(template);
    this.shell = options.shell;
    if (options.doc !== undefined) this.doc = options.doc;
    if (options.undoDescription !== undefined) this.undoDescription = options.undoDescription;
    const rollbackTemplate = options.rollbackTemplate;
    if (rollbackTemplate !== undefined) {
      const rollbackParts = this.checkedParts(rollbackTemplate);
      this.rollbackTemplate = rollbackTemplate;
      this.undoDescription ??= "running its rollback script";
      this.rollback = (args, _rollbackData, invocation) =>
        runShellAction(this.script(rollbackParts, args, invocation), invocation, this.shell);
    }
  }

  /**
   * Runs the script; the output is what it wrote to `$MOMOFLOW_OUTPUT`, else
   * its standard output, without the trailing newline.
   */
  run(args: CommandArgs, invocation: CommandInvocation): Promise<string> {
    return runShellAction(this.script(this.parts, args, invocation), invocation, this.shell);
  }

  private script(
    parts: readonly ShellTemplatePart[],
    args: CommandArgs,
    invocation: CommandInvocation,
  ): string {
    return interpolateShell(parts, (ref) => {
      if (ref.startsWith("env.")) {
        const value = invocation.env[ref.slice(4)];
        if (value === undefined) {
          throw new Error(
            `command "${this.name}": environment variable ${ref.slice(4)} is not set`,
          );
        }
        return value;
      }
      return args[ref];
    });
  }

  private checkedParts(template: string): ShellTemplatePart[] {
    let parts: ShellTemplatePart[];
    try {
      parts = parseShellTemplate(template);
    } catch (error) {
      throw new Error(`command "${this.name}": ${(error as Error).message}`, { cause: error });
    }
    const names = new Set(this.params.map((p) => p.name));
    for (const part of parts) {
      if (
        "ref" in part &&
        !names.has(part.ref) &&
        !/^env\.[A-Za-z_][A-Za-z0-9_]*$/.test(part.ref)
      ) {
        throw new Error(
          `command "${this.name}": "\${${part.ref}}" is not one of its parameters` +
            (names.size ? ` (${[...names].join(", ")})` : ""),
        );
      }
    }
    this.checkPositions(parts);
    return parts;
  }

  /** A placeholder where no quoting keeps a value literal is refused now, not at the first run. */
  private checkPositions(parts: readonly ShellTemplatePart[]): void {
    const types = new Map(this.params.map((p) => [p.name, p.type]));
    const shapes = parts.map((part) =>
      "text" in part ? part : { ref: part.ref, numeric: isNumericType(types.get(part.ref) ?? "") },
    );
    const refs = parts.flatMap((part) => ("ref" in part ? [part.ref] : []));
    shellRefusals(shapes).forEach((refusal, index) => {
      if (refusal)
        throw new Error(`command "${this.name}": ${refusalMessage(refs[index]!, refusal)}`);
    });
  }
}
