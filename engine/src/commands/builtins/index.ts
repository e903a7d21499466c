import type { CommandSpec } from "../command";
import { copyFileCommand } from "./copy-file";
import { createDirectoryCommand } from "./create-directory";
import { createFileCommand } from "./create-file";
import { deletePathCommand } from "./delete-path";
import { failCommand } from "./fail";
import { logCommand } from "./log";
import { shCommand } from "./sh";
import { sleepCommand } from "./sleep";
import { writeJsonCommand } from "./write-json";

/** The built-in commands of language.md §5, by name. */
export const BUILTIN_COMMANDS: Readonly<Record<string, CommandSpec>> = {
  sh: shCommand,
  create_file: createFileCommand,
  create_directory: createDirectoryCommand,
  copy_file: copyFileCommand,
  delete_path: deletePathCommand,
  write_json: writeJsonCommand,
  sleep: sleepCommand,
  log: logCommand,
  fail: failCommand,
};
