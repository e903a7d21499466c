import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { failingScriptPlace, failingScriptPlaceLink } from "../src/metrics/failing-script-line";

describe("the place a failed bash script's error names, as a link", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "momoflow-failing-place-"));
    mkdirSync(join(root, "lib"));
    writeFileSync(join(root, "main.momoflow"), "");
    writeFileSync(join(root, "lib", "release.momoflow"), "");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const error = (where: string) =>
    `shell command "git tag v1 …" exited with code 128 at line 3 of the script (${where}), \`git push --tags\`: denied`;

  it("finds the file the CLI named from the folder it ran in (the run's folder), and links to its line", () => {
    const place = failingScriptPlace(error("lib/release.momoflow:12"), {
      workdir: root,
      source: join(root, "main.momoflow"),
    });
    assert.deepEqual(place, {
      file: join(root, "lib", "release.momoflow"),
      line: 12,
      named: "lib/release.momoflow:12",
    });
    assert.equal(
      failingScriptPlaceLink(place!),
      `[lib/release\\.momoflow:12](${pathToFileURL(join(root, "lib", "release.momoflow")).href}#L12 "Where the script stopped")`,
    );
  });

  it("finds it beside the workflow's file when the run's folder is elsewhere, and an absolute path as it is", () => {
    const elsewhere = { workdir: join(root, "nowhere"), source: join(root, "main.momoflow") };
    assert.equal(
      failingScriptPlace(error("lib/release.momoflow:12"), elsewhere)?.file,
      join(root, "lib", "release.momoflow"),
    );
    const absolute = join(root, "lib", "release.momoflow");
    assert.equal(failingScriptPlace(error(`${absolute}:4`), elsewhere)?.line, 4);
  });

  it("is none for a file not found, or an error without a place", () => {
    const run = { workdir: root, source: join(root, "main.momoflow") };
    assert.equal(failingScriptPlace(error("gone.momoflow:3"), run), undefined);
    assert.equal(failingScriptPlace('shell command "x" exited with code 1: boom', run), undefined);
  });
});
