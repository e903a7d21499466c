import { OUTPUT_FILE_VARIABLE } from "../commands/shell-output-file";

/**
 * What a name set by `env:` must look like: the portable name of an
 * environment variable (POSIX: letters, digits and `_`, not starting with a
 * digit), which every shell can read as `$NAME`.
 */
export function isEnvironmentName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** Variables momoflow sets itself for a shell action: `env:` cannot replace them. */
export const RESERVED_ENVIRONMENT_NAMES: ReadonlySet<string> = new Set([OUTPUT_FILE_VARIABLE]);
