import assert from "node:assert/strict";
import { existsSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { makeFolders } from "../../src/runtime/make-folders";
import { useTempDir } from "../support/temp-dir";

describe("makeFolders (mkdir -p)", () => {
  const tmp = useTempDir("momoflow-make-folders-");

  it("makes a folder and its missing ancestors, and is fine when they exist", () => {
    const deep = join(tmp(), "a", "b", "c");
    makeFolders(deep);
    assert.ok(statSync(deep).isDirectory());
    makeFolders(deep);
    makeFolders(join(tmp(), "a"));
    assert.ok(statSync(deep).isDirectory());
  });

  it("gives the new folders the mode asked for", () => {
    const deep = join(tmp(), "private", "inner");
    makeFolders(deep, 0o700);
    assert.equal(statSync(join(tmp(), "private")).mode & 0o777, 0o700);
    assert.equal(statSync(deep).mode & 0o777, 0o700);
  });

  it("refuses a file in the way, as mkdir -p does", () => {
    writeFileSync(join(tmp(), "k.txt"), "kept");
    assert.throws(() => makeFolders(join(tmp(), "k.txt")), { code: "EEXIST" });
    assert.throws(() => makeFolders(join(tmp(), "k.txt", "inner")), { code: "ENOTDIR" });
  });

  // Node's own recursive mkdir never returns here (it loops at full CPU): the test would time out.
  const linuxProc = process.platform === "linux" && existsSync("/proc/self");
  (linuxProc ? it : it.skip)(
    "ends with the system's error where a folder cannot be made although its parent is there (/proc/…; Linux only)",
    () => {
      assert.throws(() => makeFolders("/proc/momoflow-nope/x/y"), {
        code: "ENOENT",
        message: /mkdir '\/proc\/momoflow-nope'/,
      });
    },
  );
});
