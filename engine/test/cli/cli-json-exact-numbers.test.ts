import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCli } from "../support/cli-process";
import { useTempDir } from "../support/temp-dir";

interface ResultJson {
  status: string;
  runDir: string;
  steps: { id: string; status: string; error?: string; output?: unknown }[];
}

const BIG = "12345678901234567891";
/** What JSON.parse makes of {@link BIG}: another id. */
const ROUNDED = "12345678901234567000";

/**
 * A number JSON.parse would round or overflow (a 64-bit id) is refused, not
 * changed: in a step's `output: json` and in a `--param` of a list, map, any or
 * number — so a rollback never acts on another id than the one created.
 */
describe("momoflow: JSON numbers that a number cannot hold exactly", function () {
  this.timeout(30_000);
  const tmp = useTempDir("momoflow-json-exact-");

  const created = (json: string): string => `workflow ids {
  step prior {
    run: "echo prior >> log.txt"
    rollback: "echo undo prior >> log.txt"
  }
  step create {
    needs: prior
    run: """printf '%s' '${json}' > "$MOMOFLOW_OUTPUT" """
    output: json
    rollback: "echo delete \${steps.create.output.id} >> log.txt"
  }
  step use {
    needs: create
    run: "echo use \${steps.create.output.id} >> log.txt"
    rollback: none
  }
}
`;

  async function run(
    json: string,
  ): Promise<{ code: number | null; result: ResultJson; log: string }> {
    writeFileSync(join(tmp(), "ids.momoflow"), created(json));
    const out = await runCli(["run", "ids.momoflow", "--json"], tmp());
    const result = JSON.parse(out.stdout) as ResultJson;
    const logFile = join(tmp(), "log.txt");
    return {
      code: out.code,
      result,
      log: existsSync(logFile) ? readFileSync(logFile, "utf8") : "",
    };
  }

  it("an id past 2^53 - 1 fails the step, naming the number: no command gets a rounded id", async () => {
    const { code, result, log } = await run(`{"id": ${BIG}}`);
    assert.equal(code, 1);
    const create = result.steps.find((s) => s.id === "create")!;
    // Its rollback, which needs the id, is not run with another one: it says to check by hand.
    assert.equal(create.status, "rollback_failed");
    const error = create.error ?? "";
    assert.match(error, /^rollback failed: its rollback reads its own output .* check by hand/);
    assert.ok(
      error.endsWith(
        `(the step had failed: step "create" declares output: json, but its output has the number ${BIG}, past what a number holds exactly (it would read ${ROUNDED}): have the step print it as a string ("${BIG}"))`,
      ),
      error,
    );
    assert.equal(result.steps.find((s) => s.id === "use")!.status, "not_run");
    assert.ok(!log.includes(ROUNDED), log);
    assert.equal(log, "prior\nundo prior\n");
    // The record holds no rounded id either (but in the words), and stays JSON.
    const valueOf = (text: string): string => text.replaceAll(`it would read ${ROUNDED}`, "");
    const recorded = readFileSync(join(result.runDir, "result.json"), "utf8");
    JSON.parse(recorded);
    assert.ok(!valueOf(recorded).includes(ROUNDED), recorded);
    const journal = readFileSync(join(result.runDir, "journal.jsonl"), "utf8");
    assert.match(journal, /"create"/);
    assert.ok(!valueOf(journal).includes(ROUNDED), journal);
  });

  it("a number out of range (1e400) fails the step rather than reading Infinity", async () => {
    const { code, result } = await run('{"id": 1, "size": 1e400}');
    assert.equal(code, 1);
    assert.match(
      result.steps.find((s) => s.id === "create")!.error ?? "",
      /its output has the number 1e400, past what a number holds exactly \(it would read Infinity\)/,
    );
  });

  it("the id printed as a string reaches the step, the rollback and the record exactly", async () => {
    const { code, result, log } = await run(`{"id": "${BIG}", "n": 9007199254740991}`);
    assert.equal(code, 0);
    assert.equal(log, `prior\nuse ${BIG}\n`);
    const rolled = await runCli(["rollback", "ids.momoflow"], tmp());
    assert.equal(rolled.code, 0, rolled.stderr);
    assert.equal(
      readFileSync(join(tmp(), "log.txt"), "utf8"),
      `prior\nuse ${BIG}\ndelete ${BIG}\nundo prior\n`,
    );
    assert.deepEqual(result.steps.find((s) => s.id === "create")!.output, {
      id: BIG,
      n: 9007199254740991,
    });
  });

  it("numbers that read back as written pass, digits in strings are text", async () => {
    const json = `{"id": 9007199254740991, "f": 0.1, "e": 1.5e3, "z": 0.0, "s": "${BIG} 1e400", "l": [1, 2.50]}`;
    const { code, result } = await run(json);
    assert.equal(code, 0, JSON.stringify(result));
    assert.deepEqual(result.steps.find((s) => s.id === "create")!.output, JSON.parse(json));
  });

  const params = `workflow p {
  param l: list = []
  param m: map = {}
  param a: any = ""
  param n: number = 0
  step show {
    run: "echo \${l} \${m} \${a} \${n} > out.txt"
    rollback: none
  }
}
`;

  const refused: [string, string, string][] = [
    ["l", `[${BIG}]`, `give it as a string \\("${BIG}"\\)`],
    ["m", `{"id": ${BIG}}`, `give it as a string \\("${BIG}"\\)`],
    ["a", BIG, `give it as a string \\("${BIG}"\\)`],
    ["a", "[1e400]", 'give it as a string \\("1e400"\\)'],
    ["n", BIG, "declare the param a string to keep its digits"],
  ];
  for (const [name, value, remedy] of refused) {
    it(`--param ${name}=${value} is refused (exit 2), not rounded`, async () => {
      writeFileSync(join(tmp(), "p.momoflow"), params);
      const out = await runCli(["run", "p.momoflow", "--param", `${name}=${value}`], tmp());
      assert.equal(out.code, 2, out.stderr);
      assert.match(
        out.stderr,
        new RegExp(
          `--param ${name}: ".*" has the number [^ ]+, past what a number holds exactly \\(it would read [^)]+\\): ${remedy}`,
        ),
      );
      assert.ok(!existsSync(join(tmp(), "out.txt")), "nothing ran");
    });
  }

  it("a list param with the id as a string keeps its digits", async () => {
    writeFileSync(join(tmp(), "p.momoflow"), params);
    const out = await runCli(["run", "p.momoflow", "--param", `l=["${BIG}", 2]`], tmp());
    assert.equal(out.code, 0, out.stderr);
    assert.match(readFileSync(join(tmp(), "out.txt"), "utf8"), new RegExp(`${BIG}`));
  });
});
