import assert from "node:assert/strict";
import { failedScriptStep } from "../support/failed-script-step";
import { useTempDir } from "../support/temp-dir";

/**
 * What a subshell's `exit` or failure wrote, when it did not stop the script
 * (the script handled it, or dropped its status), is never named for a later
 * stop that wrote nothing of its own: only the failure that ended the script
 * is named, else the subshell that failed, else no line.
 */
describe("a failing line names only what ended the script, never an earlier handled exit (the real CLI)", function () {
  this.timeout(60_000);
  const tmp = useTempDir("momoflow-stale-failing-line-");

  /** Runs `script`: its step's error names what `named` says, never the stale record's line `stale`. */
  async function namesNot(script: string, stale: number, named: RegExp): Promise<void> {
    const error = await failedScriptStep(tmp(), script);
    assert.ok(!error.includes(`line ${stale} of the script`), error);
    assert.match(error, named);
  }

  it("an exit the script handled in a function, then the same function failing without an exit", async () => {
    // `check skip || true` exits 1 in the subshell, handled; `check missing.txt` fails
    // with 1 at `[ -f … ] && cat …`, which no ERR trap sees.
    const script = [
      "check() {",
      "  (",
      '    [ "$1" = skip ] && exit 1',
      '    [ -f "$1" ] && cat "$1"',
      "  )",
      "}",
      "check skip || true",
      "check missing.txt",
      "echo never",
    ].join("\n");
    await namesNot(
      script,
      3,
      /exited with code 1 at line 2 of the script \(w\.momoflow:5\), `\( … \)`, in a function called at line 8 \(w\.momoflow:11\)/,
    );
  });

  it("in a loop: an exit handled by `||` in one pass, a failure of the same status in the next", async () => {
    const script = [
      "run() {",
      "  (",
      '    if [ "$1" = a ]; then exit 3; fi',
      "    exec sh -c 'exit 3'",
      "  )",
      "}",
      "for f in a b; do",
      '  if [ "$f" = a ]; then run "$f" || echo handled; else run "$f"; fi',
      "done",
    ].join("\n");
    await namesNot(
      script,
      3,
      /exited with code 3 at line 2 of the script \(w\.momoflow:5\), `\( … \)`, in a function called at line 8 \(w\.momoflow:11\)/,
    );
  });

  it("an exit handled by `|| true` is not named for a later command substitution that fails without one", async () => {
    const script = [
      "( exit 1 ) || true",
      "version=$(",
      "  [ -d / ] || exit 0",
      "  [ -f VERSION ] && cat VERSION",
      ")",
      'echo "never $version"',
    ].join("\n");
    await namesNot(
      script,
      3,
      /exited with code 1 at line 2 of the script \(w\.momoflow:5\), `version=\$\( … \)`/,
    );
  });

  it('an exit whose status the script dropped (`echo "$(…)"`) is not named for a later one that wrote nothing', async () => {
    const script = [
      'echo "got $(exit 1)"',
      "version=$(",
      "  [ -d / ] || exit 0",
      "  [ -f VERSION ] && cat VERSION",
      ")",
      'echo "never $version"',
    ].join("\n");
    await namesNot(
      script,
      3,
      /exited with code 1 at line 2 of the script \(w\.momoflow:5\), `version=\$\( … \)`/,
    );
    // Nor one deeper than the subshell that failed, in a function it called.
    const nested = [
      "die() {",
      "  exit 1",
      "}",
      "(",
      '  echo "got $(die)"',
      "  [ -f VERSION ] && cat VERSION",
      ")",
      "echo never",
    ].join("\n");
    await namesNot(
      nested,
      2,
      /exited with code 1 at line 4 of the script \(w\.momoflow:7\), `\( … \)`/,
    );
  });

  it("under set -C (noclobber) each failure replaces the record before it, as without", async () => {
    const script = [
      "set -C",
      'echo "got $(false)"',
      "version=$(",
      "  [ -f VERSION ] && cat VERSION",
      "  false",
      ")",
      "( exit 3 ) || true",
      "(",
      "  exit 4",
      ")",
    ];
    assert.match(
      await failedScriptStep(tmp(), script.join("\n")),
      /exited with code 1 at line 5 of the script \(w\.momoflow:8\), `false`: got$/,
    );
    const exits = ["set -C", "( exit 3 ) || true", "(", "  echo in", "  exit 4", ")"];
    assert.match(
      await failedScriptStep(tmp(), exits.join("\n")),
      /exited with code 4 at line 5 of the script \(w\.momoflow:8\), `exit 4`: in$/,
    );
  });
});
