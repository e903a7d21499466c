import {
  accessSync,
  chmodSync,
  chownSync,
  constants,
  realpathSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { replaceThroughTemp, tempPathBeside } from "../commands/builtins/temp-file-write";
import { relative } from "node:path";
import { formatDocumentWork } from "../language/format/format-document";
import { parseDocument } from "../language/parse";
import { runToEnd } from "../language/pausable";
import { formatDiagnostics } from "./diagnostic-format";
import { InvalidUtf8Error, missingSourceReason, readSourceText } from "../language/source-text";
import { collectMomoflowFiles } from "./momoflow-files";
import { UsageError } from "./usage-error";
import { parseCommandArgs } from "./command-args";
import { StaleBackupError, writeInPlace } from "./in-place-write";

export const fmtHelp = `Usage: momoflow fmt <files or folders...> [--check] [--indent N|tab]

Formats .momoflow files in place: one indent level per nesting, normalised
spacing, line breaks and comments kept (a CRLF file stays CRLF, a byte
order mark stays). The language server formats with the same code, indented
as the editor asks (its tab size, or tabs).

A file keeps its mode, owner and links. One with hard links is written in
place, its old text kept in FILE.fmt-backup until the write is whole; while
such a backup is there (an fmt was killed), the file is left alone.

Options:
  --check              change nothing; list the files that are not formatted
  --indent N|tab       one indent level: N spaces (1 to 16) or a tab; default 2
  -h, --help           show this help

A file with syntax errors is left as it is, its errors printed as
\`momoflow check\` prints them (file:line:col; the first 10); so is a file
that is not valid UTF-8.

Exit codes: 0 done (or, with --check, everything formatted), 1 with --check
when some file is not formatted, 2 bad usage (a folder holding no .momoflow
file included), or a file with syntax errors or that is not UTF-8 text.
`;

/** How many of a file's syntax errors `fmt` prints. */
const SHOWN_SYNTAX_ERRORS = 10;

/** `momoflow fmt`: returns the exit code. */
export async function fmtCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs("fmt", {
    args: argv,
    allowPositionals: true,
    options: {
      check: { type: "boolean" },
      indent: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(fmtHelp);
    return 0;
  }
  const indent = values.indent === undefined ? 2 : indentOption(values.indent);
  if (positionals.length === 0) throw new UsageError(`fmt expects files or folders\n\n${fmtHelp}`);
  let unformatted = 0;
  let broken = 0;
  for (const file of collectMomoflowFiles(positionals, { refuseEmptyFolders: true })) {
    const name = relative(process.cwd(), file) || file;
    const text = readForFormatting(file);
    if (typeof text !== "string") {
      broken++;
      process.stderr.write(`${name}: ${text.problem}; not formatted\n`);
      continue;
    }
    // Every syntax error, where it is, as `check` prints it: the first alone
    // would leave the user fixing one, running fmt again, and finding the next.
    const syntax = parseDocument(text, file).diagnostics;
    if (syntax.length > 0) {
      broken++;
      const count = `${syntax.length} syntax error${syntax.length === 1 ? "" : "s"}`;
      // A file given by mistake (not .momoflow text) has thousands: the first few say enough.
      const shown = syntax.slice(0, SHOWN_SYNTAX_ERRORS);
      const rest =
        shown.length < syntax.length
          ? ` (the first ${shown.length} above; momoflow check lists them all)`
          : "";
      process.stderr.write(`${formatDiagnostics(shown)}${name}: ${count}${rest}; not formatted\n`);
      continue;
    }
    const result = runToEnd(formatDocumentWork(text, { indent }, syntax));
    if (!result.ok) {
      broken++;
      process.stderr.write(`${name}: ${result.error}\n`);
    } else if (result.text !== text) {
      unformatted++;
      if (values.check) process.stdout.write(`${name}\n`);
      else if (writeFormatted(file, result.text, name)) {
        process.stdout.write(`formatted ${name}\n`);
      } else broken++;
    }
  }
  if (broken > 0) return 2;
  return values.check && unformatted > 0 ? 1 : 0;
}

/** The indentation `--indent` asks for: a number of spaces, or `tab`. */
function indentOption(value: string): number | "tab" {
  if (value === "tab") return "tab";
  const spaces = /^\d+$/.test(value) ? Number(value) : NaN;
  if (spaces >= 1 && spaces <= 16) return spaces;
  throw new UsageError(
    `--indent takes a number of spaces from 1 to 16 or "tab", not "${value}"\n\n${fmtHelp}`,
  );
}

/** The file's text, or why it cannot be formatted: a file is only rewritten from text read exactly. */
function readForFormatting(file: string): string | { problem: string } {
  try {
    return readSourceText(file) ?? { problem: missingSourceReason(file) };
  } catch (error) {
    if (error instanceof InvalidUtf8Error) return { problem: error.message };
    throw error;
  }
}

/**
 * Writes the formatted text through a temporary file and a rename, keeping
 * the file's mode: a full disk leaves the user's file as it was. A symbolic
 * link stays a link: the file it points to is the one written. A file with
 * more than one name (hard links) is written in place, with a backup until
 * the write is whole: a rename would give this name a new file and leave
 * the others with the old text.
 */
function writeFormatted(link: string, text: string, name: string): boolean {
  try {
    // Through a symbolic link, the file it points to: a rename over the link
    // itself would replace it with a formatted copy, leaving its target as it was.
    const file = realpathSync(link);
    // A rename through the folder would replace a file its owner made read-only
    // (also for root, whom access() lets write anything).
    accessSync(file, constants.W_OK);
    const { mode, uid, gid, nlink } = statSync(file);
    if ((mode & 0o222) === 0) throw Object.assign(new Error("read-only"), { code: "EACCES" });
    if (nlink > 1) {
      writeInPlace(file, text);
      return true;
    }
    replaceThroughTemp(tempPathBeside(file), file, (temp) => {
      writeFileSync(temp, text);
      // Set after the write: the mode given to a new file goes through the
      // umask, which took a shared file's group-write bit away.
      chmodSync(temp, mode & 0o7777);
      keepOwner(temp, uid, gid);
    });
    return true;
  } catch (error) {
    // Beside the file itself (through a symbolic link, its target): named from here.
    const backupName = (path: string): string => relative(process.cwd(), path) || path;
    const kept = (error as { keptBackup?: string }).keptBackup;
    const why =
      error instanceof StaleBackupError
        ? `${backupName(error.backup)} is there, left by an fmt that was stopped: it holds the file's text before that fmt; compare, then remove it`
        : whyNotWritten(error);
    process.stderr.write(
      kept
        ? `${name}: could not be written (${why}); its text before is kept in ${backupName(kept)}\n`
        : `${name}: could not be written (${why}); left as it was\n`,
    );
    return false;
  }
}

/**
 * Gives the new file the owner and group of the one it replaces: a file
 * formatted by root (`sudo momoflow fmt .`) was root's after the rename, and
 * its owner could no longer write it. Someone else may only give a file
 * their own user and one of their groups: where that is not the old file's,
 * the new one stays theirs, as any editor's save through a rename leaves it.
 */
function keepOwner(temp: string, uid: number, gid: number): void {
  try {
    chownSync(temp, uid, gid);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") throw error;
  }
}

/** Why a write failed, in a user's words: not Node's, which name the temporary file. */
function whyNotWritten(error: unknown): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case "EACCES":
    case "EPERM":
      return "permission denied: the file or its folder is read-only";
    case "EROFS":
      return "read-only file system";
    case "ENOSPC":
    case "EDQUOT":
      return "disk full";
    case "EFBIG":
      return "file too large: over the size limit of this process";
    default:
      return (error as Error).message;
  }
}
