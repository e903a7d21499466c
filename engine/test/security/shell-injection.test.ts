import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  interpolateShell,
  ShellInterpolationError,
  shellRefusals,
  type ShellTemplatePart,
} from "../../src/commands/shell-quote";
import { ALLOWED, HOSTILE, REFUSED, type AllowedPosition } from "./shell-positions";

/** The shells a shell action may run under: bash, bash in POSIX mode (/bin/sh on some systems), dash. */
const SHELLS: { name: string; argv: string[]; bash: boolean }[] = [
  { name: "bash", argv: ["bash", "-c"], bash: true },
  { name: "bash --posix", argv: ["bash", "--posix", "-c"], bash: true },
  { name: "dash", argv: ["dash", "-c"], bash: false },
];

/** `${v}` in a template is the value; everything else is the script's text. */
function parts(template: string): ShellTemplatePart[] {
  return template.split("${v}").flatMap((text, index) => {
    const list: ShellTemplatePart[] = index > 0 ? [{ ref: "v" }] : [];
    return text ? [...list, { text }] : list;
  });
}

function interpolate(template: string, value: unknown): string {
  return interpolateShell(parts(template), (ref) => (ref === "v" ? value : undefined));
}

function hasShell(command: string): boolean {
  return spawnSync(command, ["-c", "exit 0"]).status === 0;
}

/** Why a value cannot be placed at a position for a reason that is not quoting (a delimiter line in a here-document). */
function delimiterClash(position: AllowedPosition, value: string): boolean {
  return position.template.includes("<<") && value.split(/\r?\n/).includes("EOF");
}

describe("shell injection: every position a value can take, in bash, bash --posix and dash", function () {
  // About 120 shell processes, each running some 25 subshells: seconds when idle, more on a loaded machine.
  this.timeout(120_000);
  let root = "";
  before(function () {
    for (const shell of ["bash", "dash"]) {
      if (!hasShell(shell)) this.skip(); // the matrix needs both shells installed (apt-get install dash bash)
    }
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "momoflow-injection-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  for (const shell of SHELLS) {
    it(`${shell.name}: every hostile value arrives byte-exact at every allowed position, and runs nothing`, () => {
      const positions = ALLOWED.filter((p) => shell.bash || !p.bashOnly);
      const failures: string[] = [];
      HOSTILE.forEach((value, valueIndex) => {
        const dir = join(root, `value${valueIndex}`);
        mkdirSync(dir);
        // One shell per value: each position runs in a subshell inside its own folder.
        const placed: { position: AllowedPosition; folder: string }[] = [];
        let script = "";
        positions.forEach((position, index) => {
          let body: string;
          try {
            body = interpolate(position.template, value);
          } catch (error) {
            if (!delimiterClash(position, value)) {
              failures.push(
                `${position.name}: ${JSON.stringify(value)} refused: ${(error as Error).message}`,
              );
            }
            return;
          }
          const folder = `p${index}`;
          mkdirSync(join(dir, folder));
          placed.push({ position, folder });
          script += `(\ncd ${folder} || exit 1\n${body}\n)\n`;
        });
        spawnSync(shell.argv[0]!, [...shell.argv.slice(1), script], { cwd: dir, timeout: 10_000 });
        const top = readdirSync(dir).filter((name) => !/^p\d+$/.test(name));
        if (top.length)
          failures.push(`${JSON.stringify(value)} created ${top.join(", ")} outside its folders`);
        for (const { position, folder } of placed) {
          const files = readdirSync(join(dir, folder));
          const where = `${position.name} with ${JSON.stringify(value)}`;
          if (files.join() !== "out") {
            failures.push(`${where}: the folder holds [${files.join(", ")}], not just out`);
            continue;
          }
          const got = readFileSync(join(dir, folder, "out"), "utf8");
          const expected = position.expect(value);
          if (got !== expected)
            failures.push(
              `${where}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`,
            );
        }
      });
      assert.deepEqual(failures, []);
    });
  }

  it("refuses every hostile value where no quoting protects it, and the checker's view agrees", () => {
    const failures: string[] = [];
    for (const position of REFUSED) {
      const [refusal] = shellRefusals(
        parts(position.template).map((part) =>
          "ref" in part ? { ...part, numeric: false } : part,
        ),
      );
      if (!refusal) failures.push(`${position.name}: the checker would let a value stand there`);
      for (const value of HOSTILE) {
        try {
          const script = interpolate(position.template, value);
          failures.push(
            `${position.name}: ${JSON.stringify(value)} was placed: ${JSON.stringify(script)}`,
          );
        } catch (error) {
          if (!(error instanceof ShellInterpolationError))
            failures.push(`${position.name}: ${String(error)}`);
          else if (!/; /.test(error.message))
            failures.push(`${position.name}: no advice in ${error.message}`);
        }
      }
    }
    assert.deepEqual(failures, []);
  });

  it("the checker's view lets a value stand at every allowed position", () => {
    for (const position of ALLOWED) {
      const refusals = shellRefusals(
        parts(position.template).map((part) =>
          "ref" in part ? { ...part, numeric: false } : part,
        ),
      );
      assert.deepEqual(refusals.filter(Boolean), [], position.name);
    }
  });

  for (const shell of SHELLS) {
    it(`${shell.name}: a number computes in arithmetic; text that is not one is refused`, () => {
      const template = "printf '%s' $(( 1 + ${v} )) > out";
      for (const [value, sum] of [
        [41, "42"],
        [-3, "-2"],
        ["7", "8"],
        ["-5", "-4"],
        [0, "1"],
      ] as const) {
        const result = spawnSync(
          shell.argv[0]!,
          [...shell.argv.slice(1), interpolate(template, value)],
          {
            cwd: root,
          },
        );
        assert.equal(result.status, 0, String(result.stderr));
        assert.equal(readFileSync(join(root, "out"), "utf8"), sum, `1 + ${value}`);
      }
      for (const value of ["a[$(touch M)]", "1 + 1", "0x10", "1e3", " 1", "", "n", true]) {
        assert.throws(
          () => interpolate(template, value),
          ShellInterpolationError,
          JSON.stringify(value),
        );
      }
      assert.deepEqual(readdirSync(root).sort(), ["out"]);
    });
  }

  it("random scripts built from shell syntax: a hostile value either is refused or runs nothing", () => {
    // A fixed seed: the same scripts every run. Fragments are the syntax the tracker must follow.
    const fragments = [
      "echo ",
      '"',
      "'",
      "$(",
      ")",
      "`",
      "${v}",
      "${v}",
      "\\",
      "$",
      "#",
      "\n",
      "<<EOF\n",
      "EOF\n",
      "case a in a) ",
      ";; esac",
      "{ ",
      " }",
      "$((",
      "))",
      " ",
      ";",
      "${HOME",
      "}",
      "$'",
      "[[ ",
      " ]]",
      "a[",
      "]",
      "<<'E'\n",
      "E\n",
      "(",
      "|",
      "&&",
      "x",
      "let ",
      "((",
      "<<-EOF\n",
      "\tEOF\n",
      "\\\n",
      "<<<",
    ];
    const value = "'\"$(touch M1)\"'; touch M2; `touch M3`\nEOF\n touch M4 #\\";
    let seed = 7;
    const random = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const failures: string[] = [];
    let placed = 0;
    for (let n = 0; n < 150; n++) {
      let template = "";
      const length = 2 + Math.floor(random() * 10);
      for (let i = 0; i < length; i++)
        template += fragments[Math.floor(random() * fragments.length)];
      if (!template.includes("${v}")) template += "${v}";
      let script: string;
      try {
        script = interpolate(template, value);
      } catch {
        continue;
      }
      placed++;
      for (const shell of SHELLS) {
        const dir = mkdtempSync(join(root, "fuzz-"));
        spawnSync(shell.argv[0]!, [...shell.argv.slice(1), script], {
          cwd: dir,
          timeout: 5_000,
          stdio: "ignore",
        });
        const made = readdirSync(dir);
        if (made.length)
          failures.push(`${shell.name} ${JSON.stringify(template)} made ${made.join(", ")}`);
      }
    }
    assert.ok(
      placed > 50,
      `only ${placed} of 150 scripts took the value: the test would prove little`,
    );
    assert.deepEqual(failures, []);
  });

  it("refuses a NUL character anywhere, and a value line that would end a here-document", () => {
    assert.throws(
      () => interpolate("printf '%s' ${v}", "a\0b"),
      /holds a NUL byte \("a\\u0000b"\)/,
    );
    assert.throws(
      () => interpolate("cat <<EOF\n${v}\nEOF", "x\nEOF\ntouch M"),
      /would end the here-document "EOF" early/,
    );
  });
});
