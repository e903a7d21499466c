import { accessSync, constants, readFileSync, statSync } from "node:fs";
import { isUtf8 } from "node:buffer";

/** Larger files are not workflows: reading them would only cost memory. */
export const MAX_SOURCE_BYTES = 16 * 1024 * 1024;

/** A `.momoflow` file that exists but is not UTF-8 text: it is reported, never decoded with replacement characters. */
export class InvalidUtf8Error extends Error {
  constructor(
    readonly path: string,
    /** Offset of the first byte that does not belong to a valid UTF-8 sequence. */
    readonly byteOffset: number,
  ) {
    super(`not valid UTF-8 (byte offset ${byteOffset})`);
    this.name = "InvalidUtf8Error";
  }
}

/**
 * The text of a `.momoflow` file, the one rule for every reader (the
 * workspace, `momoflow check`, `momoflow fmt`): undefined when there is no
 * such regular file or it is larger than {@link MAX_SOURCE_BYTES} — an
 * import of `/dev/zero` or a FIFO must not hang or exhaust the process.
 *
 * @throws InvalidUtf8Error when the bytes are not UTF-8: decoding them
 * anyway would turn them into U+FFFD, and formatting would write that back.
 */
export function readSourceText(path: string): string | undefined {
  let bytes: Buffer;
  try {
    const stat = statSync(path);
    if (!stat.isFile() || stat.size > MAX_SOURCE_BYTES) return undefined;
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  if (!isUtf8(bytes)) throw new InvalidUtf8Error(path, firstInvalidUtf8Byte(bytes));
  return bytes.toString("utf8");
}

/** `text` without the byte order mark it may start with (U+FEFF). */
export function withoutByteOrderMark(text: string | undefined): string | undefined {
  return text?.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Why {@link readSourceText} found no text at `path`, as the end of a
 * sentence: `file not found: /x.momoflow`, or what is there instead (a
 * folder, a file too large, one this user may not read).
 */
export function missingSourceReason(path: string): string {
  const reason = unreadableSourceReason(path);
  return reason ? `${reason}: ${path}` : `file not found: ${path}`;
}

/**
 * What is at `path` that {@link readSourceText} does not read (`a folder,
 * not a file`, `file larger than 16 MB`, …), without the path; undefined
 * when nothing is there.
 */
export function unreadableSourceReason(path: string): string | undefined {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return "a folder, not a file";
    if (!stat.isFile()) return "not a regular file";
    if (stat.size > MAX_SOURCE_BYTES)
      return `file larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MB`;
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EACCES" || code === "EPERM") return "file cannot be read (permission denied)";
    return undefined;
  }
}

/** Offset of the first byte that starts no valid UTF-8 sequence (RFC 3629: no overlongs, surrogates or code points above U+10FFFF). */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const length = validSequenceLength(bytes, i);
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when there is none. */
function validSequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const continuation = (k: number, low = 0x80, high = 0xbf): boolean => {
    const b = bytes[i + k];
    return b !== undefined && b >= low && b <= high;
  };
  if (b0 >= 0xc2 && b0 <= 0xdf) return continuation(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    // E0 needs A0..BF (no overlongs), ED needs 80..9F (no surrogates).
    const low = b0 === 0xe0 ? 0xa0 : 0x80;
    const high = b0 === 0xed ? 0x9f : 0xbf;
    return continuation(1, low, high) && continuation(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    // F0 needs 90..BF (no overlongs), F4 needs 80..8F (nothing above U+10FFFF).
    const low = b0 === 0xf0 ? 0x90 : 0x80;
    const high = b0 === 0xf4 ? 0x8f : 0xbf;
    return continuation(1, low, high) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}
