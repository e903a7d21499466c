import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

/**
 * End to end through `momoflow run`: hostile values from a param and from a
 * step's output, at a representative set of positions (plain, double and
 * single quotes, a here-document, a triple-quoted action, `sh(script:)`).
 * The full matrix of positions runs in shell-injection.test.ts.
 */
const WORKFLOW = `workflow e2e {
  param v: string
  step produce {
    run: "cat value.txt"
  }
  step from_param {
    run: """
      printf '%s' \${v} > param_plain.out
      printf '%s' "<\${v}>" > param_double.out
      printf '%s' '<\${v}>' > param_single.out
      cat > param_heredoc.out <<EOF
      \${v}
      EOF
      """
  }
  step param_sh {
    run: sh(script: "printf '%s' \${v} > param_sh.out")
  }
  step from_output {
    needs: [produce]
    run: """
      printf '%s' \${steps.produce.output} > output_plain.out
      printf '%s' "<\${steps.produce.output}>" > output_double.out
      printf '%s' '<\${steps.produce.output}>' > output_single.out
      """
  }
  step output_sh {
    needs: [produce]
    run: sh(script: "printf '%s' \\"\${steps.produce.output}\\" > output_sh.out")
  }
}
`;

const EXPECTED: Record<string, (v: string) => string> = {
  "param_plain.out": (v) => v,
  "param_double.out": (v) => `<${v}>`,
  "param_single.out": (v) => `<${v}>`,
  "param_heredoc.out": (v) => `${v}\n`,
  "param_sh.out": (v) => v,
  "output_plain.out": (v) => v,
  "output_double.out": (v) => `<${v}>`,
  "output_single.out": (v) => `<${v}>`,
  "output_sh.out": (v) => v,
};

// Step outputs lose their trailing newline, so none of these ends with one.
const VALUES = [
  "$(touch M)",
  "' ; touch M; '",
  '" ; touch M; "',
  "a\\",
  "x\ntouch M\ny",
  "`touch M`;$((1+1))${IFS}*~",
  "a[$(touch M)]",
];

/** The files of the folder besides the run records. */
function files(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name !== ".momoflow")
    .sort();
}

describe("shell injection through the CLI: values from params and step outputs", () => {
  const tmp = useTempDir("momoflow-cli-injection-");

  for (const value of VALUES) {
    it(`${JSON.stringify(value)} arrives byte-exact everywhere and runs nothing`, async () => {
      writeFileSync(join(tmp(), "flow.momoflow"), WORKFLOW);
      writeFileSync(join(tmp(), "value.txt"), value);
      const out = await runCli(["run", "flow.momoflow", "--param", `v=${value}`], tmp());
      assert.equal(out.code, 0, out.stdout + out.stderr);
      assert.deepEqual(
        files(tmp()),
        [...Object.keys(EXPECTED), "flow.momoflow", "value.txt"].sort(),
      );
      for (const [file, expected] of Object.entries(EXPECTED)) {
        assert.equal(readFileSync(join(tmp(), file), "utf8"), expected(value), file);
      }
    });
  }

  it("the issue's three: refused before anything runs, or run with the value as text", async () => {
    const write = (name: string, run: string): void =>
      writeFileSync(
        join(tmp(), name),
        `workflow w {\n  param x: string\n  step s {\n    run: ${run}\n  }\n}\n`,
      );
    write("price.momoflow", `"echo \\"price: $\${x}\\""`);
    write("sum.momoflow", `"echo $(( 1 + \${x} ))"`);
    write("script.momoflow", `sh(script: "echo \${x} > said.txt")`);

    const price = await runCli(["run", "price.momoflow", "--param", "x=(touch PWNED)"], tmp());
    assert.notEqual(price.code, 0);
    assert.match(price.stderr + price.stdout, /MF015: "\$\{x\}" stands right after "\$"/);
    const sum = await runCli(["run", "sum.momoflow", "--param", "x=$(touch PWNED)"], tmp());
    assert.notEqual(sum.code, 0);
    assert.match(sum.stderr + sum.stdout, /MF015: "\$\{x\}" is inside shell arithmetic/);
    const script = await runCli(["run", "script.momoflow", "--param", "x=; touch PWNED"], tmp());
    assert.equal(script.code, 0, script.stdout + script.stderr);
    assert.equal(readFileSync(join(tmp(), "said.txt"), "utf8"), "; touch PWNED\n");
    assert.ok(!files(tmp()).includes("PWNED"), "a value ran as shell code");
  });
});
