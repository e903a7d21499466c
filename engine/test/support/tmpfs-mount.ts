import { mkdirSync, mkdtempSync, rmdirSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Mounts a tmpfs with `options` (e.g. "ro", "size=4k") on the folder `dir`.
 * @returns why it could not (not root, mount failed) — the reason for `this.skip()` —
 *   or undefined once mounted. Unmount with {@link unmountTmpfs}.
 */
export function mountTmpfs(dir: string, options: string): string | undefined {
  if (process.getuid?.() !== 0) return "mounting a tmpfs needs root";
  const mount = spawnSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir], {
    encoding: "utf8",
  });
  return mount.status === 0 ? undefined : `mount failed: ${mount.stderr || mount.error?.message}`;
}

/** Unmounts what {@link mountTmpfs} mounted on `dir`. */
export function unmountTmpfs(dir: string): void {
  const umount = spawnSync("umount", [dir], { encoding: "utf8" });
  if (umount.status !== 0) throw new Error(`umount ${dir} failed: ${umount.stderr}`);
}

/**
 * Mounts like {@link mountTmpfs}, or skips the current test (or the tests of a
 * hook) with the reason in its title, so the report says why.
 */
export function mountTmpfsOrSkip(context: Mocha.Context, dir: string, options: string): void {
  const problem = mountTmpfs(dir, options);
  if (problem === undefined) return;
  const test = context.currentTest ?? context.test;
  if (test) test.title += ` (skipped: ${problem})`;
  context.skip();
}

/**
 * Mounts a tmpfs with `options` on the folder `dir()` (created) before each
 * test of the enclosing `describe`, or skips the test with the reason, and
 * unmounts it after each. The folder must lie inside one the caller removes.
 */
export function useTmpfsMount(dir: () => string, options: string): void {
  let mounted = false;
  beforeEach(function () {
    mkdirSync(dir(), { recursive: true });
    mountTmpfsOrSkip(this, dir(), options);
    mounted = true;
  });
  afterEach(() => {
    if (mounted) unmountTmpfs(dir());
    mounted = false;
  });
}

/** A small disk for a suite: a tmpfs on `disk`, inside a temporary folder `outside` on the usual disk. */
export interface SmallDisk {
  /** The temporary folder (on the usual disk): for what must not fill up with the small one. */
  readonly outside: string;
  /** The tmpfs's mount point, inside `outside`. */
  readonly disk: string;
}

/**
 * Mounts a tmpfs of `bytes` before the tests of the enclosing `describe` (or
 * skips them with the reason), in a new temporary folder named from
 * `prefix`; unmounts it and removes the folder after them. Read the folders
 * inside tests and hooks.
 */
export function useSmallDisk(prefix: string, bytes: number): SmallDisk {
  let outside = "";
  let disk = "";
  let mounted = false;
  before(function () {
    outside = mkdtempSync(join(tmpdir(), prefix));
    disk = join(outside, "disk");
    mkdirSync(disk);
    mountTmpfsOrSkip(this, disk, `size=${bytes}`);
    mounted = true;
  });
  after(() => {
    if (mounted) unmountTmpfs(disk);
    if (disk) rmdirSync(disk);
    if (outside) rmSync(outside, { recursive: true, force: true });
  });
  return {
    get outside() {
      return outside;
    },
    get disk() {
      return disk;
    },
  };
}
