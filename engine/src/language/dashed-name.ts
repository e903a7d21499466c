/**
 * Names written with dashes, as YAML, Makefiles and Nextflow write them
 * (`param my-name`, `step fetch-data`, `needs: [fetch-data]`,
 * `${my-name}`): no name holds a `-`, and the lexer reads one as the name it
 * can only be, `my_name` (tokens.ts's DashedName). Here, once the file is
 * parsed, each is said once, as one MF001:
 *
 * - on a declaration's name, with the rename to `my_name` as the quick fix
 *   (its reads in the file with it, by the language server);
 * - on a read of a name declared with dashes, nothing more: the
 *   declaration's MF001 and its fix cover it;
 * - on any other dashed name, with `my_name` as the fix.
 *
 * `${my-name}` is also how a shell writes its own expansion
 * (`${VAR-default}`): it is read as `${my_name}` only when the file declares
 * that name, else reported as it was before (a shell's expansion).
 */
import type { IToken } from "chevrotain";
import type { Name, Range, SourceFile } from "./ast";
import type { LineIndex } from "./line-index";
import { OffsetRange } from "./offset-range";
import type { DashedRead } from "./string-literal";
import type { SyntaxProblem } from "./syntax-problem";

/** `my-name` as the name it can only be, `my_name` (the same length). */
export function underscored(text: string): string {
  return text.replace(/-/g, "_");
}

/** What {@link dashedNameProblems} reads. */
export interface DashedNames {
  file: SourceFile;
  text: string;
  lines: LineIndex;
  /** The lexer's dashed names, in document order. */
  tokens: readonly IToken[];
  /** Spans whose dashed names the parser said already (a map's key, a test's name). */
  explained: readonly { start: number; end: number }[];
  /** Interpolations read with a dashed name. */
  reads: readonly DashedRead[];
  /** A test's params written with dashes. */
  keys: readonly DashedKey[];
}

/**
 * `my-name` in a test's `params`, its MF001 said by the parser (what a
 * param's name holds): not said when the param is declared `my-name`, whose
 * MF001 and its rename cover it.
 */
export interface DashedKey {
  /** The name it is read as, `my_name`. */
  name: string;
  problem: SyntaxProblem;
}

const NAME_HOLDS = "a name holds letters, digits and `_`, not `-`";

/** The MF001 of each dashed name of a parsed file (see the module's comment). */
export function dashedNameProblems(input: DashedNames): SyntaxProblem[] {
  const { tokens, reads, keys } = input;
  if (tokens.length === 0 && reads.length === 0) return [];
  const declared = declarations(input.file, input.lines);
  const dashedDeclared = new Set<string>();
  for (const token of tokens)
    if (declared.byOffset.has(token.startOffset)) dashedDeclared.add(token.image);
  const problems: SyntaxProblem[] = [];
  for (const token of tokens) {
    const start = token.startOffset;
    const end = start + token.image.length;
    if (input.explained.some((span) => start >= span.start && start < span.end)) continue;
    const written = input.text.slice(start, end);
    const range = rangeOf(input.lines, start, end);
    const what = declared.byOffset.get(start);
    if (what !== undefined) {
      problems.push({
        message: `\`${written}\` cannot be ${what}: ${NAME_HOLDS}; write \`${token.image}\``,
        range,
        offset: start,
        replacement: token.image,
        renameTo: token.image,
      });
    } else if (!dashedDeclared.has(token.image)) {
      problems.push(readProblem(written, token.image, range, start));
    }
  }
  for (const key of keys) if (!dashedDeclared.has(key.name)) problems.push(key.problem);
  for (const read of reads) {
    const segments = read.interpolation.ref?.segments ?? [];
    const dashed = segments.filter((segment) => isDashed(input, segment));
    if (dashed.some((segment) => !declared.names.has(segment.text))) {
      // No name of the file: what the shell would read, as before.
      read.interpolation.ref = undefined;
      problems.push(read.fallback);
      continue;
    }
    for (const segment of dashed) {
      if (dashedDeclared.has(segment.text)) continue;
      const start = offsetOf(input.lines, segment.range.start, segment.range);
      const end = start + segment.text.length;
      const written = input.text.slice(start, end);
      problems.push(readProblem(written, segment.text, rangeOf(input.lines, start, end), start));
    }
  }
  return problems;
}

function readProblem(written: string, name: string, range: Range, offset: number): SyntaxProblem {
  return {
    message: `${NAME_HOLDS}: write \`${name}\` for \`${written}\``,
    range,
    offset,
    replacement: name,
  };
}

/** The segment was written with a dash. */
function isDashed(input: DashedNames, segment: Name): boolean {
  const start = offsetOf(input.lines, segment.range.start, segment.range);
  return input.text.slice(start, start + segment.text.length).includes("-");
}

/** The file's declared names, and what each declaration's name is, by its offset. */
function declarations(
  file: SourceFile,
  lines: LineIndex,
): { names: Set<string>; byOffset: Map<number, string> } {
  const names = new Set<string>();
  const byOffset = new Map<number, string>();
  const add = (name: Name | undefined, what: string): void => {
    if (name === undefined || name.text === "") return;
    names.add(name.text);
    byOffset.set(offsetOf(lines, name.range.start, name.range), what);
  };
  for (const command of file.commands) {
    add(command.name, "a command's name");
    for (const param of command.params) add(param.name, "a command parameter's name");
  }
  for (const workflow of file.workflows) {
    add(workflow.name, "a workflow's name");
    for (const param of workflow.params) add(param.name, "a param's name");
    for (const variable of workflow.vars) add(variable.name, "a var's name");
    for (const step of workflow.steps) {
      add(step.name, "a step's id");
      for (const property of step.properties) add(property.item, "a `for_each` item's name");
    }
  }
  return { names, byOffset };
}

function offsetOf(lines: LineIndex, start: Range["start"], range: Range): number {
  return range instanceof OffsetRange ? range.startOffset : lines.offsetAt(start);
}

function rangeOf(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}
