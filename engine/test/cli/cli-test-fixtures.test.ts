import assert from "node:assert/strict";
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/** A release workflow that reads its inputs from its working directory. */
const RELEASE = `workflow release {
  param part: string = "patch"

  step bump {
    run: """
      old=$(cat version.txt)
      echo "1.4.0" > version.txt
      echo "- \${part} release after $old" >> notes/CHANGELOG.md
      """
    rollback: none
  }
  step tag {
    needs: bump
    run: "echo v$(cat version.txt)"
    rollback: none
  }
}
`;

const PASSING_TEST = `
test "a release from its fixture" {
  workflow: release
  files: "fixtures/release"
  expect status == success
  expect file "version.txt" == "1.4.0"
  expect file "version.txt" != "1.3.9"
  expect file "notes/CHANGELOG.md" contains "patch release after 1.3.9"
  expect file "notes/CHANGELOG.md" matches "^# Changes\\\\n- first\\\\n- patch"
  expect output tag matches "^v1\\\\.4\\\\.\\\\d+$"
}
`;

describe("CLI: tests that set up their inputs (files:, expect file text, matches)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-test-fixtures-");

  /** tests/release.momoflow with tests/fixtures/release/{version.txt, notes/CHANGELOG.md}. */
  const project = (tests: string): string => {
    const fixture = join(tmp(), "project", "tests", "fixtures", "release");
    mkdirSync(join(fixture, "notes"), { recursive: true });
    writeFileSync(join(fixture, "version.txt"), "1.3.9\n");
    writeFileSync(join(fixture, "notes", "CHANGELOG.md"), "# Changes\n- first\n");
    const file = join(tmp(), "project", "tests", "release.momoflow");
    writeFileSync(file, RELEASE + tests);
    return file;
  };

  it("copies the fixture folder, relative to the test's file, wherever `momoflow test` starts", async () => {
    const file = project(PASSING_TEST);
    const elsewhere = join(tmp(), "elsewhere");
    mkdirSync(elsewhere);
    for (const cwd of [elsewhere, "/"]) {
      const out = await runCli(["test", file], cwd);
      assert.equal(out.code, 0, out.stdout + out.stderr);
      assert.match(out.stdout, /✓ a release from its fixture/);
      assert.match(out.stdout, /1 passed, 0 failed/);
    }
    // The run worked on a copy: the fixture is as it was, and nothing landed where the CLI started.
    const fixture = join(tmp(), "project", "tests", "fixtures", "release");
    assert.equal(readFileSync(join(fixture, "version.txt"), "utf8"), "1.3.9\n");
    assert.equal(
      readFileSync(join(fixture, "notes", "CHANGELOG.md"), "utf8"),
      "# Changes\n- first\n",
    );
    assert.deepEqual(readdirSync(elsewhere), []);
  });

  it("reports each file and output expectation that does not hold, with what was there", async () => {
    const file = project(`
test "wrong texts" {
  workflow: release
  files: "fixtures/release"
  expect file "version.txt" == "2.0.0"
  expect file "notes/CHANGELOG.md" contains "minor"
  expect file "notes/CHANGELOG.md" matches "^- patch"
  expect file "absent.txt" contains "x"
  expect output tag matches "^v2"
}
`);
    const out = await runCli(["test", file, "--json"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const [test] = JSON.parse(out.stdout).tests;
    assert.deepEqual(
      test.failures.map((f: { message: string }) => f.message),
      [
        'expected file version.txt to be "2.0.0", but it holds "1.4.0"',
        'expected file notes/CHANGELOG.md to contain "minor", but it holds "# Changes\\n- first\\n- patch release after 1.3.9"',
        'expected file notes/CHANGELOG.md to match "^- patch", but it holds "# Changes\\n- first\\n- patch release after 1.3.9"',
        'expected file absent.txt to contain "x", but it is missing',
        'expected the output of tag to match "^v2", but it was "v1.4.0"',
      ],
    );
  });

  it("fails a test whose fixture is not there, naming where it looked", async () => {
    const file = project(`
test "no fixture" {
  workflow: release
  files: "fixtures/nope"
  expect status == success
}
`);
    const out = await runCli(["test", file, "--json"], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    const [test] = JSON.parse(out.stdout).tests;
    assert.equal(test.status, "failed");
    assert.equal(
      test.failures[0].message,
      `files: "fixtures/nope" is not there (looked for ${join(tmp(), "project", "tests", "fixtures", "nope")})`,
    );
    // Where: at the `files:` value, not at the test's name.
    const lines = readFileSync(file, "utf8").split("\n");
    const line = lines.findIndex((l) => l.includes('files: "fixtures/nope"'));
    const character = lines[line]!.indexOf('"fixtures/nope"');
    assert.deepEqual(test.failures[0].range.start, { line, character });
    const text = await runCli(["test", file], tmp());
    assert.match(
      text.stdout,
      new RegExp(`at .*release\\.momoflow:${line + 1}:${character + 1}\\b`),
    );
  });

  it("copies a single file into the working directory by its name", async () => {
    // Only version.txt: the bump rewrites it, then its append to notes/ fails (strict shell).
    const file = project(`
test "one file" {
  workflow: release
  files: "fixtures/release/version.txt"
  expect status == failed
  expect step bump == failed
  expect file "version.txt" == "1.4.0"
  expect file "notes" missing
}
`);
    const out = await runCli(["test", file], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /✓ one file/);
  });

  it("copies what a symbolic link in the fixture points to: the run never writes through it to the original", async () => {
    const fixture = join(tmp(), "linked", "fixture");
    mkdirSync(fixture, { recursive: true });
    const original = join(tmp(), "linked", "original.txt");
    writeFileSync(original, "original\n");
    symlinkSync(original, join(fixture, "absolute.txt"));
    symlinkSync("../original.txt", join(fixture, "relative.txt"));
    const file = join(tmp(), "linked", "t.momoflow");
    writeFileSync(
      file,
      `workflow append {
  step a {
    run: "echo changed >> absolute.txt && echo changed >> relative.txt"
    rollback: none
  }
}

test "appends to the copies" {
  workflow: append
  files: "fixture"
  expect file "absolute.txt" == "original\\nchanged"
  expect file "relative.txt" == "original\\nchanged"
}
`,
    );
    const out = await runCli(["test", file], tmp());
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.equal(readFileSync(original, "utf8"), "original\n", "the original is untouched");
    assert.equal(lstatSync(join(fixture, "absolute.txt")).isSymbolicLink(), true);
  });

  it("checks the pattern of matches before the run: MF007 at a pattern that is no regular expression", async () => {
    const file = project(`
test "bad pattern" {
  workflow: release
  expect output tag matches "v(1"
  expect file "version.txt" matches "[z-a]"
}
`);
    const out = await runCli(["check", file], tmp());
    assert.equal(out.code, 1, out.stdout + out.stderr);
    assert.match(
      out.stdout + out.stderr,
      /MF007[^\n]*not a regular expression[^\n]*Unterminated group/,
    );
    assert.match(out.stdout + out.stderr, /MF007[^\n]*not a regular expression[^\n]*out of order/);
  });
});
