/**
 * A failed test's extra message at the line where a step's bash script
 * stopped, when the failure names it (`… at line 2 of the script
 * (w.momoflow:26), \`false\``): the editor shows it there, beside the
 * failed `expect`. No `vscode` import here.
 */
import { failingScriptPlace } from "../metrics/failing-script-line";
import { withoutScriptLineLead } from "../metrics/step-metrics-text";

/** A message to show at a line (0-based) of a file. */
export interface ScriptStopMessage {
  file: string;
  line: number;
  text: string;
}

/** `step "deploy" failed: <its error>)` at the end of a test's failure (the run's error, in parentheses). */
const STEP_FAILED = /step "((?:[^"\\]|\\.)*)" failed: (.*)\)$/s;

/**
 * The messages for `failures` that name the line where a script stopped:
 * the file found from `cwd` (the folder the CLI ran in, which it names the
 * file from) or beside the test's `file`; none for a file not found.
 */
export function scriptStopMessages(
  failures: readonly { message: string }[],
  cwd: string,
  file: string,
): ScriptStopMessage[] {
  const messages: ScriptStopMessage[] = [];
  for (const failure of failures) {
    const place = failingScriptPlace(failure.message, { workdir: cwd, source: file });
    if (!place) continue;
    const step = STEP_FAILED.exec(failure.message);
    const why = step
      ? `step "${step[1]}" failed: ${withoutScriptLineLead(step[2]!)}`
      : withoutScriptLineLead(failure.message);
    messages.push({
      file: place.file,
      line: place.line - 1,
      text: `The script stopped here: ${why}`,
    });
  }
  return messages;
}
