import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { formatDocument } from "../language/format/format-document";
import { collectMomoflowFiles } from "./momoflow-files";
import { UsageError } from "./usage-error";

export const fmtHelp = `Usage: momoflow fmt <files or folders...> [--check]

Formats .momoflow files in place: one indent level per nesting, normalised
spacing, line breaks and comments kept. The language server formats with the
same code.

Options:
  --check              change nothing; list the files that are not formatted
  -h, --help           show this help

Exit codes: 0 done (or, with --check, everything formatted), 1 with --check
when some file is not formatted, 2 bad usage or a file with syntax errors.
`;

/** `momoflow fmt`: returns the exit code. */
export async function fmtCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { check: { type: "boolean" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    process.stdout.write(fmtHelp);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError(`fmt expects files or folders\n\n${fmtHelp}`);
  let unformatted = 0;
  let broken = 0;
  for (const file of collectMomoflowFiles(positionals)) {
    const name = relative(process.cwd(), file) || file;
    const text = readFileSync(file, "utf8");
    const result = formatDocument(text);
    if (!result.ok) {
      broken++;
      process.stderr.write(`${name}: ${result.error}\n`);
    } else if (result.text !== text) {
      unformatted++;
      if (values.check) process.stdout.write(`${name}\n`);
      else {
        writeFileSync(file, result.text);
        process.stdout.write(`formatted ${name}\n`);
      }
    }
  }
  if (broken > 0) return 2;
  return values.check && unformatted > 0 ? 1 : 0;
}
