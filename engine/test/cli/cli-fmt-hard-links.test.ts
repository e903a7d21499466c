import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { CLI, runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * `momoflow fmt` on a file with more than one name (a hard link): the file
 * is written in place, so every name still shows the one formatted file,
 * its mode kept; a backup of its text is kept beside it until the write is
 * whole. The real CLI on real files; the write that fails is a real one,
 * stopped by the process's file size limit (`ulimit -f`).
 */

const MESSY = 'workflow w{\nstep a { run: "x" }\n}\n';
const TIDY = 'workflow w {\n  step a { run: "x" }\n}\n';

describe("momoflow fmt: a file with hard links keeps them (the real CLI)", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-fmt-links-");

  it("formats the file every link names: one file, its links, inode and mode kept, nothing left beside it", async () => {
    const file = join(tmp(), "main.momoflow");
    writeFileSync(file, MESSY);
    chmodSync(file, 0o640);
    mkdirSync(join(tmp(), "other"));
    const link = join(tmp(), "other", "shared.momoflow");
    linkSync(file, link);
    const before = statSync(file);
    const out = await runCli(["fmt", file], tmp());
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout, "formatted main.momoflow\n");
    assert.equal(readFileSync(file, "utf8"), TIDY);
    assert.equal(readFileSync(link, "utf8"), TIDY, "the other name still shows the old text");
    const after = statSync(file);
    assert.equal(after.ino, before.ino, "the file was replaced by another");
    assert.equal(after.nlink, 2);
    assert.equal(statSync(link).ino, after.ino);
    assert.equal((after.mode & 0o777).toString(8), "640");
    assert.deepEqual(readdirSync(tmp()).sort(), ["main.momoflow", "other"], "a backup left");
  });

  it("puts the text back when the write fails part-way, the links kept, and says so (exit 2)", function () {
    // Longer once formatted (one indent level more per line): past the limit.
    const lines = Array.from({ length: 45 }, (_, i) => `step s${i} { run: "x" }`);
    const messy = `workflow w {\n${lines.join("\n")}\n}\n`;
    assert.ok(messy.length < 1024 && messy.length + 2 * 45 > 1024, String(messy.length));
    const file = join(tmp(), "main.momoflow");
    writeFileSync(file, messy);
    const link = join(tmp(), "shared.momoflow.txt");
    linkSync(file, link);
    const inode = statSync(file).ino;
    // A write past 2 blocks of 512 bytes fails (EFBIG; the signal it would send is ignored).
    const out = spawnSync(
      "sh",
      ["-c", `trap '' XFSZ; ulimit -f 2; exec "$0" "$1" fmt main.momoflow`, process.execPath, CLI],
      { cwd: tmp(), encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
    );
    assert.equal(out.status, 2, out.stderr);
    assert.match(
      out.stderr,
      /^main\.momoflow: could not be written \(file too large: over the size limit of this process\); left as it was\n$/,
    );
    assert.equal(readFileSync(file, "utf8"), messy);
    assert.equal(statSync(file).ino, inode);
    assert.equal(statSync(file).nlink, 2);
    assert.deepEqual(readdirSync(tmp()).sort(), ["main.momoflow", "shared.momoflow.txt"]);
  });

  it("leaves a file alone while a backup of an earlier fmt that was stopped is beside it", async () => {
    const file = join(tmp(), "main.momoflow");
    writeFileSync(file, MESSY);
    linkSync(file, join(tmp(), "shared.momoflow.txt"));
    const backup = join(tmp(), "main.momoflow.fmt-backup");
    writeFileSync(backup, "the text before\n");
    const out = await runCli(["fmt", file], tmp());
    assert.equal(out.code, 2);
    assert.equal(
      out.stderr,
      "main.momoflow: could not be written (main.momoflow.fmt-backup is there, left by an fmt that was stopped: " +
        "it holds the file's text before that fmt; compare, then remove it); left as it was\n",
    );
    assert.equal(readFileSync(file, "utf8"), MESSY);
    assert.equal(readFileSync(backup, "utf8"), "the text before\n");
  });
});
