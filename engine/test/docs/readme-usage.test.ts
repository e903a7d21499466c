import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { runCli } from "../support/cli-process";

/** The usage lines the README shows, one per command: `momoflow run <file> [...]`. */
function readmeUsage(): Map<string, string> {
  const readme = readFileSync(resolve(__dirname, "../../../README.md"), "utf8");
  const usage = new Map<string, string>();
  for (const line of readme.split("\n")) {
    const match = /^momoflow (run|rollback|check|test|graph|fmt) (.*)$/.exec(line);
    if (match && !usage.has(match[1]!)) usage.set(match[1]!, match[2]!);
  }
  return usage;
}

/** The long options a command's `--help` lists, `--help` itself aside. */
async function helpOptions(command: string): Promise<string[]> {
  const out = await runCli([command, "--help"], process.cwd());
  const options = [...(out.stdout + out.stderr).matchAll(/^ {2}(?:-\w, )?(--[a-z-]+)/gm)];
  return options.map((m) => m[1]!).filter((o) => o !== "--help");
}

/**
 * The README's usage block is where a user looks first: it must name every
 * option the CLI takes (it once left out `run --resume` and `rollback --param`,
 * which the language reference relies on).
 */
describe("README: the usage of each command", function () {
  this.timeout(30_000);
  const usage = readmeUsage();

  for (const command of ["run", "rollback", "check", "test", "graph", "fmt"]) {
    it(`momoflow ${command}: the README names every option of --help`, async () => {
      const line = usage.get(command);
      assert.ok(line, `the README has no usage line for momoflow ${command}`);
      const missing = (await helpOptions(command)).filter(
        (option) => !new RegExp(`\\[?${option}\\b`).test(line),
      );
      assert.deepEqual(missing, [], `README: momoflow ${command} ${line}`);
    });
  }
});
