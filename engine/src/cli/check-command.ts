import { LanguageWorkspace } from "../language/workspace";
import type { Diagnostic } from "../language/diagnostic";
import { countSummary, formatDiagnostics, toJsonDiagnostic } from "./diagnostic-format";
import { collectMomoflowFiles } from "./momoflow-files";
import { styleFor } from "./terminal-style";
import { UsageError } from "./usage-error";
import { parseCommandArgs } from "./command-args";

export const checkHelp = `Usage: momoflow check <files or folders...> [options]

Checks .momoflow files (folders: every .momoflow file inside) and prints every
problem: path:line:col: severity CODE: message.

Options:
  --format text|json   text (default) or a JSON array with 0-based LSP ranges
  -h, --help           show this help

Exit codes: 0 no errors (warnings allowed), 1 errors, 2 bad usage (a folder
holding no .momoflow file included: nothing checked is no pass).
`;

/** How many problems' lines `momoflow check` prints with one write. */
const LINES_PER_WRITE = 1_000;

/** `momoflow check`: returns the exit code. */
export async function checkCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("check", {
    args: argv,
    allowPositionals: true,
    options: { format: { type: "string", default: "text" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    process.stdout.write(checkHelp);
    return 0;
  }
  if (values.format !== "text" && values.format !== "json") {
    throw new UsageError(`--format ${values.format}: expected text or json`);
  }
  if (positionals.length === 0)
    throw new UsageError(`check expects files or folders\n\n${checkHelp}`);
  const files = collectMomoflowFiles(positionals, { refuseEmptyFolders: true });
  // Only messages are printed: no quick-fix data is made. The trees are read
  // once: their ranges stay offsets until a diagnostic's is read.
  const workspace = new LanguageWorkspace({ quickFixData: false, offsetRanges: true });
  const diagnostics: Diagnostic[] = files.flatMap((file) => workspace.check(file).diagnostics);
  if (values.format === "json") {
    process.stdout.write(JSON.stringify(diagnostics.map(toJsonDiagnostic), null, 2) + "\n");
  } else {
    const style = styleFor(process.stdout);
    // A write per 1,000 problems: one per problem would be 20,000 system
    // calls, and one of them all a string of 200,000 pieces, kept (and copied
    // by the garbage collector) until it is written.
    for (let i = 0; i < diagnostics.length; i += LINES_PER_WRITE)
      process.stdout.write(formatDiagnostics(diagnostics.slice(i, i + LINES_PER_WRITE), style));
    const summary = countSummary(diagnostics);
    process.stderr.write(
      `${summary || "no problems"} in ${files.length} file${files.length === 1 ? "" : "s"}\n`,
    );
  }
  return diagnostics.some((d) => d.severity === "error") ? 1 : 0;
}
