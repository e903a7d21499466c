import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TrapFiles } from "./failing-line";
import { readKeptText } from "./kept-output";
import { outputFolderPrefix, sweepLeftoverOutputFolders } from "./leftover-output-folders";

/** The environment variable that names a shell action's output file. */
export const OUTPUT_FILE_VARIABLE = "MOMOFLOW_OUTPUT";

/**
 * The file a shell action may write its output to (`$MOMOFLOW_OUTPUT`, like
 * GitHub Actions' `$GITHUB_OUTPUT`), so that what it prints is only its log.
 * It lives in a private temporary folder, removed by {@link remove}; its
 * name holds this process's pid (and pid namespace), so that a later process removes the folder
 * of one killed before it could (see {@link sweepLeftoverOutputFolders}).
 */
export class ShellOutputFile {
  private constructor(
    private readonly dir: string,
    /** The file's absolute path, empty when created. */
    readonly path: string,
  ) {}

  /** Creates the empty file, readable and writable by its owner only. */
  static create(): ShellOutputFile {
    const tmp = tmpdir();
    sweepLeftoverOutputFolders(tmp);
    const dir = mkdtempSync(join(tmp, outputFolderPrefix()));
    const path = join(dir, "output");
    writeFileSync(path, "", { mode: 0o600 });
    return new ShellOutputFile(dir, path);
  }

  /**
   * What the script wrote, without its trailing newline; undefined when it
   * wrote nothing (or removed the file): then its standard output is the output.
   */
  read(): string | undefined {
    let text: string;
    try {
      // Past what memory holds, its start: the output is cut then, as in the record.
      ({ text, notUtf8: this.notUtf8 } = readKeptText(this.path));
    } catch {
      return undefined;
    }
    return text === "" ? undefined : text.replace(/\r?\n$/, "");
  }

  /** Whether what {@link read} read was not UTF-8 (each such byte became U+FFFD). */
  notUtf8 = false;

  /**
   * Files next to it, in the same private folder, that nothing creates but
   * a bash script's ERR and EXIT traps and its `exit` calls (see
   * failing-line.ts); removed with it.
   */
  get trapFiles(): TrapFiles {
    return {
      err: join(this.dir, "failing-line"),
      exit: join(this.dir, "exit"),
      exits: join(this.dir, "exit-call"),
    };
  }

  /** Removes the file and its folder; never throws. */
  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
