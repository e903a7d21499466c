/**
 * Loading the CLI's bundle with V8's code cache: every command starts by
 * compiling its bundle (1 MB), and a command compiles each function it calls
 * on its first call. The cache is the compiled code a first command left;
 * later commands start from it (valgrind, `momoflow run` of a three-step
 * workflow, whole process: 1,046M → 832M instructions, the parsing and
 * compiling 297M → 81M).
 *
 * The cache is kept in a folder of this user's own under the temp folder,
 * closed to others (compiled code another user could write would run as
 * this user's), one file per bundle, command and Node version (a cache
 * holds what its command compiled: `momoflow run` from one `--version` left
 * runs 948M instructions, from one a run left 832M), made again when the
 * bundle changes (its size, time and inode are in the file's first line:
 * V8 itself checks the source's length only) or V8 turns the cache down
 * (other flags). `MOMOFLOW_NO_CODE_CACHE=1` loads the bundle without it.
 */
import {
  closeSync,
  lstatSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { createRequire, wrap } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import { installFileImporter } from "../runtime/import-file";
import { makeFolders } from "../runtime/make-folders";

const NEWLINE = 0x0a;

/** `momoflow bench --first-run-child KIND`: a process the bench starts (bench/first-run-processes.ts). */
const FIRST_RUN_CHILD_FLAG = "--first-run-child";

/** Runs the CommonJS bundle `file` as `require(file)` would, from the code cache when there is a fitting one. */
export function requireWithCodeCache(file: string): void {
  const cacheFile = process.env.MOMOFLOW_NO_CODE_CACHE ? undefined : cacheFileOf(file);
  if (cacheFile === undefined) {
    noteCodeCache("off");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
    return;
  }
  const identity = bundleIdentity(file);
  const cachedData = readCache(cacheFile, identity);
  const script = new Script(wrap(readFileSync(file, "utf8")), { filename: file, cachedData });
  // The bundle's import() of a user's file goes through this module's, which Node loaded.
  installFileImporter((url) => import(url));
  noteCodeCache(cachedData === undefined || script.cachedDataRejected ? "made" : "used");
  if (cachedData === undefined || script.cachedDataRejected) {
    // At the end: the cache then holds every function this command compiled.
    process.once("exit", () => writeCache(cacheFile, identity, script));
  }
  const module = { exports: {} };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
}

/**
 * Says how the bundle was loaded (`used`, `made`, `off`), where the bench's
 * first-run processes read it (bench/first-run-child.ts): a symbol of the
 * global object, the one thing this loader and the bundle share.
 */
function noteCodeCache(state: "used" | "made" | "off"): void {
  (globalThis as Record<symbol, unknown>)[Symbol.for("momoflow.codeCache")] = state;
}

/**
 * The cache's path for `file`, or undefined when this user has no folder of
 * its own for it, or for `bench`: it turns on `--expose-gc` as it runs, and V8
 * turns down a cache made under other flags, so each bench would write one
 * that the next could not use. The processes the bench starts to measure a
 * first run (`--first-run-child`) take no such flag: they load from a cache
 * of their own, as `momoflow run` does from its.
 */
function cacheFileOf(file: string): string | undefined {
  let command = /^[a-z]+$/.test(process.argv[2] ?? "") ? process.argv[2] : "other";
  if (command === "bench" && process.argv[3] === FIRST_RUN_CHILD_FLAG) command = "benchfirstrun";
  if (command === "bench") return undefined;
  const uid = process.getuid?.();
  const folder = join(tmpdir(), `momoflow-code-cache${uid === undefined ? "" : `-${uid}`}`);
  try {
    makeFolders(folder, 0o700);
    if (!ownedAndClosed(folder, true)) return undefined;
  } catch {
    return undefined;
  }
  return join(folder, `${hashOf(file)}-${command}-${process.version}-${process.arch}.bin`);
}

/** Whether `path` is a real folder (or file) of this user's that no one else may write in. */
function ownedAndClosed(path: string, folder: boolean): boolean {
  const stat = lstatSync(path);
  const uid = process.getuid?.();
  return (
    (folder ? stat.isDirectory() : stat.isFile()) &&
    (uid === undefined || stat.uid === uid) &&
    (stat.mode & 0o022) === 0
  );
}

/** What tells this build of the bundle from another: V8 checks only the source's length. */
function bundleIdentity(file: string): string {
  const stat = statSync(file);
  return `${stat.size}:${stat.mtimeMs}:${stat.ino}`;
}

/** The cached code for the bundle `identity`, or undefined (none, another build's, not ours). */
function readCache(cacheFile: string, identity: string): Buffer | undefined {
  try {
    if (!ownedAndClosed(cacheFile, false)) return undefined;
    const bytes = readFileSync(cacheFile);
    const end = bytes.indexOf(NEWLINE);
    if (end < 0 || bytes.toString("latin1", 0, end) !== identity) return undefined;
    return bytes.subarray(end + 1);
  } catch {
    return undefined;
  }
}

/** Writes the cache whole or not at all (a command reading it meanwhile sees the old one or the new). */
function writeCache(cacheFile: string, identity: string, script: Script): void {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, "w", 0o600);
    try {
      writeSync(fd, `${identity}\n`);
      writeSync(fd, script.createCachedData());
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, cacheFile);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/** A short name for the bundle's path (FNV-1a, hex). */
function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, "0");
}
