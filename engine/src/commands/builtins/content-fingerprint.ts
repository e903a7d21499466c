import { createHash } from "node:crypto";
import { closeSync, lstatSync, openSync, readSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { throwIfStopped } from "./file-work-stop";

/** What a file holds, in a few bytes: enough for an undo to tell whether it changed. */
export interface ContentFingerprint {
  /** SHA-256 of the content, hex. */
  sha256: string;
  /** Size in bytes (compared first: a different size needs no hashing). */
  size: number;
}

/** The fingerprint of the bytes `text` is written as (UTF-8). */
export function fingerprintText(text: string): ContentFingerprint {
  const bytes = Buffer.from(text, "utf8");
  return { sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length };
}

const CHUNK_BYTES = 1 << 20;

/** A file up to this size is fingerprinted in one go: milliseconds, too short for a stop to wait on. */
const READ_AT_ONCE_BYTES = 16 << 20;

/** The fingerprint of a file's content, read in chunks (a large file is never held whole). */
export function fingerprintFile(path: string): ContentFingerprint {
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  const fd = openSync(path, "r");
  let size = 0;
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
      size += read;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest("hex"), size };
}

/**
 * The fingerprint of a file's content, read in chunks off the main thread and
 * given up when `signal` aborts between two: a step's fingerprint of a file of
 * some GB (seconds of reading) must not hold back Ctrl+C or its timeout.
 *
 * @throws FileWorkStoppedError when `signal` aborted before the end was read.
 */
export async function fingerprintFileStoppably(
  path: string,
  signal: AbortSignal,
): Promise<ContentFingerprint> {
  if (statSync(path).size <= READ_AT_ONCE_BYTES) return fingerprintFile(path);
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  const file = await open(path, "r");
  let size = 0;
  try {
    for (;;) {
      throwIfStopped(signal, `reading "${path}"`);
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await file.close();
  }
  return { sha256: hash.digest("hex"), size };
}

/**
 * `path` is a regular file (not followed through a link) whose content has
 * this fingerprint. A large file is read in chunks, stopped when `signal` aborts.
 *
 * @throws FileWorkStoppedError when `signal` aborted before the file was read through.
 */
export async function fileHasFingerprint(
  path: string,
  expected: ContentFingerprint,
  signal: AbortSignal,
): Promise<boolean> {
  const stat = lstatSync(path, { throwIfNoEntry: false });
  if (!stat?.isFile() || stat.size !== expected.size) return false;
  return (await fingerprintFileStoppably(path, signal)).sha256 === expected.sha256;
}

/** Checks a fingerprint read back from a run record; undefined when absent or malformed. */
export function asFingerprint(value: unknown): ContentFingerprint | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const { sha256, size } = value as { sha256?: unknown; size?: unknown };
  return typeof sha256 === "string" && typeof size === "number" ? { sha256, size } : undefined;
}

/**
 * {@link sameFileContent}, large files read in chunks and stopped when `signal` aborts.
 *
 * @throws FileWorkStoppedError when `signal` aborted before both were read through.
 */
export async function sameFileContentStoppably(
  a: string,
  b: string,
  signal: AbortSignal,
): Promise<boolean> {
  const statA = lstatSync(a, { throwIfNoEntry: false });
  const statB = lstatSync(b, { throwIfNoEntry: false });
  if (!statA?.isFile() || !statB?.isFile() || statA.size !== statB.size) return false;
  const [first, second] = [
    await fingerprintFileStoppably(a, signal),
    await fingerprintFileStoppably(b, signal),
  ];
  return first.sha256 === second.sha256;
}

/** `a` and `b` are regular files (links not followed) with the same content. */
export function sameFileContent(a: string, b: string): boolean {
  const statA = lstatSync(a, { throwIfNoEntry: false });
  const statB = lstatSync(b, { throwIfNoEntry: false });
  if (!statA?.isFile() || !statB?.isFile() || statA.size !== statB.size) return false;
  return fingerprintFile(a).sha256 === fingerprintFile(b).sha256;
}
