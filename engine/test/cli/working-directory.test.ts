import assert from "node:assert/strict";
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../../src/cli/usage-error";
import {
  usableWorkingDirectory,
  workflowWorkingDirectory,
  type WorkingDirectoryPurpose,
} from "../../src/cli/working-directory";
import { useTempDir } from "../support/temp-dir";
import { mountTmpfsOrSkip, unmountTmpfs, useTmpfsMount } from "../support/tmpfs-mount";

/** Asserts that `usableWorkingDirectory` refuses `path` with exactly `message`. */
function assertRefused(path: string, purpose: WorkingDirectoryPurpose, message: string): void {
  assert.throws(
    () => usableWorkingDirectory(path, purpose),
    (error: Error) => {
      assert.ok(error instanceof UsageError, `${error.name}: ${error.message}`);
      assert.equal(error.message, message);
      return true;
    },
  );
}

describe("usableWorkingDirectory", () => {
  const tmp = useTempDir("momoflow-workdir-");

  it("gives the absolute path of a writable folder", () => {
    assert.equal(usableWorkingDirectory(tmp(), "rollback"), tmp());
    assert.equal(usableWorkingDirectory(join(tmp(), "."), "run"), tmp());
  });

  it("the current directory when none is given", () => {
    assert.equal(usableWorkingDirectory(undefined, "rollback"), process.cwd());
  });

  it("defaults to a .momoflow file's folder, and to the current directory for a module", () => {
    const file = join(tmp(), "sub", "w.momoflow");
    mkdirSync(join(tmp(), "sub"));
    writeFileSync(file, "");
    assert.equal(
      usableWorkingDirectory(undefined, "rollback", workflowWorkingDirectory(file)),
      join(tmp(), "sub"),
    );
    assert.equal(
      usableWorkingDirectory(join(tmp(), "other"), "run", workflowWorkingDirectory(file)),
      join(tmp(), "other"),
      "--workdir wins",
    );
    assert.deepEqual(workflowWorkingDirectory(join(tmp(), "w.mjs")), {
      path: process.cwd(),
      label: "the current directory",
    });
  });

  it("names the file's folder when it cannot be used", function () {
    if (process.platform !== "linux") this.skip(); // /proc is Linux's
    assert.throws(
      () => usableWorkingDirectory(undefined, "run", workflowWorkingDirectory("/proc/w.momoflow")),
      new UsageError(
        "the folder of /proc/w.momoflow: /proc lies in /proc, a pseudo file system where run records cannot live",
      ),
    );
  });

  it("creates a missing folder for run and bench", () => {
    for (const purpose of ["run", "bench"] as const) {
      const folder = join(tmp(), purpose, "deeper");
      assert.equal(usableWorkingDirectory(folder, purpose), folder);
      assert.ok(existsSync(folder));
    }
  });

  it("refuses a missing folder for rollback, and does not create it", () => {
    const folder = join(tmp(), "none");
    assertRefused(
      folder,
      "rollback",
      `--workdir: there is no folder ${folder} (so no runs to roll back)`,
    );
    assert.equal(existsSync(folder), false);
  });

  it("refuses a file, and a folder under a file", () => {
    const file = join(tmp(), "notes.txt");
    writeFileSync(file, "x");
    assertRefused(file, "run", `--workdir: ${file} is a file, not a folder`);
    assertRefused(
      join(file, "sub"),
      "run",
      `--workdir: ${file} is a file, so the folder ${join(file, "sub")} cannot be created`,
    );
  });

  it("refuses folders in /proc, /sys and /dev, also through a symbolic link", function () {
    if (process.platform !== "linux") this.skip(); // these pseudo file systems are Linux's
    const pseudo = (path: string, root: string): string =>
      `--workdir: ${path} lies in ${root}, a pseudo file system where run records cannot live`;
    for (const purpose of ["run", "bench", "rollback"] as const) {
      assertRefused("/proc/self", purpose, pseudo("/proc/self", "/proc"));
      assertRefused("/proc/self/fd", purpose, pseudo("/proc/self/fd", "/proc"));
      assertRefused("/proc/self/fd/new/run", purpose, pseudo("/proc/self/fd/new/run", "/proc"));
      assertRefused("/sys/kernel", purpose, pseudo("/sys/kernel", "/sys"));
      assertRefused("/dev", purpose, pseudo("/dev", "/dev"));
    }
    const link = join(tmp(), "link");
    symlinkSync("/proc/self", link);
    assertRefused(join(link, "runs"), "run", pseudo(join(link, "runs"), "/proc"));
  });

  it("allows /dev/shm: a real tmpfs", function () {
    if (!existsSync("/dev/shm")) this.skip(); // no /dev/shm here
    assert.equal(usableWorkingDirectory("/dev/shm", "rollback"), "/dev/shm");
  });

  it("names the option as given when it is relative", () => {
    const relative = "no/such/folder/for/momoflow/tests";
    assertRefused(
      relative,
      "rollback",
      `--workdir ${relative}: there is no folder ${join(process.cwd(), relative)} (so no runs to roll back)`,
    );
  });

  describe("on a read-only file system", () => {
    useTmpfsMount(() => join(tmp(), "ro"), "ro,size=16k");

    it("refuses the folder, and a folder to create there", () => {
      const ro = join(tmp(), "ro");
      for (const purpose of ["run", "bench", "rollback"] as const) {
        assertRefused(
          ro,
          purpose,
          `--workdir: the folder ${ro} is not writable (read-only file system)`,
        );
      }
      assertRefused(
        join(ro, "sub"),
        "run",
        `--workdir: the folder ${join(ro, "sub")} cannot be created: ${ro} is not writable (read-only file system)`,
      );
    });
  });

  it("says the disk is full when the folder cannot be created for lack of space", function () {
    const full = join(tmp(), "full");
    mkdirSync(full);
    mountTmpfsOrSkip(this, full, "size=16k,nr_inodes=1"); // its root takes the only inode
    try {
      const folder = join(full, "run");
      assertRefused(folder, "run", `--workdir: the folder ${folder} cannot be created (disk full)`);
    } finally {
      unmountTmpfs(full);
    }
  });
});
