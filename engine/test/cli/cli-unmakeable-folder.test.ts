import assert from "node:assert/strict";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCliWithin as runWithin } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * A file built-in whose folder the system refuses although its parent is
 * there (`/proc/<missing>/…`: a pseudo file system, or a typo for `/tmp`).
 * Node's `mkdirSync(…, { recursive: true })` never returns there: the run
 * hung at full CPU in step a, deaf to Ctrl+C and SIGTERM, with the step's
 * intent recorded and nothing else. Now the step fails, naming the command,
 * its target and the folder, and the run ends as any failed run does.
 */
const linuxProc = process.platform === "linux" && existsSync("/proc/self");

(linuxProc ? describe : describe.skip)(
  "momoflow run: a folder the system refuses to make (/proc/…; Linux only, where /proc is)",
  function () {
    this.timeout(60_000);
    const tmp = useTempDir("momoflow-cli-unmakeable-");
    const missing = "/proc/momoflow-no-such-folder";

    const cases: [string, string, string][] = [
      [
        "create_file",
        `create_file(path: "${missing}/a.txt", content: "x")`,
        `write "${missing}/a.txt"`,
      ],
      [
        "write_json",
        `write_json(path: "${missing}/a.json", value: 1)`,
        `write "${missing}/a.json"`,
      ],
      [
        "copy_file",
        `copy_file(source: "src.txt", destination: "${missing}/x/c.txt")`,
        `write "${missing}/x/c.txt"`,
      ],
      ["create_directory", `create_directory(path: "${missing}/d/e")`, `make "${missing}/d/e"`],
    ];
    for (const [command, call, doing] of cases)
      it(`${command}: the step fails at once, naming the folder and why; the run ends and says so`, async () => {
        writeFileSync(join(tmp(), "src.txt"), "src");
        writeFileSync(
          join(tmp(), "w.momoflow"),
          `workflow w {\n  step before { run: create_file(path: "made.txt", content: "m") }\n  step a {\n    needs: [before]\n    run: ${call}\n  }\n}\n`,
        );
        const out = await runWithin(["run", "w.momoflow"], tmp(), 30_000);
        assert.equal(out.signal, null, `the run hung and was killed:\n${out.stdout}${out.stderr}`);
        assert.equal(out.code, 1, out.stdout + out.stderr);
        assert.ok(
          out.stdout.includes(
            `${command}: cannot ${doing}: the folder "${missing}" cannot be made (no such file or directory)`,
          ),
          out.stdout,
        );
        // The failure undoes what ran before it, as any failed run does.
        assert.match(out.stdout, /before +rolled_back/);
        assert.equal(existsSync(join(tmp(), "made.txt")), false);
      });
  },
);
