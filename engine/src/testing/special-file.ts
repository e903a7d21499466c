/** The type tests of a `Dirent` or a `Stats`. */
interface FileType {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

/**
 * What a file that is neither a regular file, a folder nor a link is (`a
 * named pipe (FIFO)`), which a test fixture cannot hold: a copy of it has no
 * contents to copy. Undefined for a file, a folder or a link.
 */
export function specialFileKind(type: FileType): string | undefined {
  if (type.isFIFO()) return "a named pipe (FIFO)";
  if (type.isSocket()) return "a socket";
  if (type.isCharacterDevice()) return "a character device";
  if (type.isBlockDevice()) return "a block device";
  return undefined;
}

/** Why a fixture cannot hold a file of that kind. */
export const FIXTURE_HOLDS = "a fixture holds files and folders only";
