import { resolve } from "node:path";
import type { CommandInvocation } from "../command";

/** A path argument made absolute: relative paths resolve against the working directory. */
export function resolveTarget(invocation: CommandInvocation, path: string): string {
  return resolve(invocation.workingDirectory, path);
}
