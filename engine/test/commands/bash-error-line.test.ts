import assert from "node:assert/strict";
import { bashMessage, saysOtherLine } from "../../src/commands/bash-error-line";

/** bash's own last error message, as real bash 5.2 writes them, and what it says against a line. */
describe("bashMessage and saysOtherLine", () => {
  const bash = "/usr/bin/bash";

  it("reads bash's messages: the script's, a function's, a syntax error's", () => {
    const last = (line: number) => ({ line, last: true });
    assert.deepEqual(
      bashMessage("start\n/usr/bin/bash: line 2: x: unbound variable\n", bash),
      last(2),
    );
    assert.deepEqual(bashMessage("environment: line 7: nmae: unbound variable\n", bash), last(7));
    assert.deepEqual(
      bashMessage("/usr/bin/bash: -c: line 4: syntax error near unexpected token `fi'\n", bash),
      last(4),
    );
    // Translated: the word before the number is not read.
    assert.deepEqual(
      bashMessage("/usr/bin/bash: Zeile 3: x: Ungebundene Variable.\n", bash),
      last(3),
    );
  });

  it("takes the last of them, says whether it ends standard error, and reads none of another program's", () => {
    assert.deepEqual(bashMessage(`${bash}: line 2: a: x\n${bash}: line 9: b: x\nbye\n`, bash), {
      line: 9,
      last: false,
    });
    assert.equal(bashMessage("./deploy.sh: line 9: x: unbound variable\n", bash), undefined);
    assert.equal(bashMessage("cat: missing.txt: No such file or directory\n", bash), undefined);
    assert.equal(bashMessage("", bash), undefined);
  });

  it("a last message must name the lines; an earlier one must name none after them", () => {
    assert.equal(saysOtherLine(undefined, 3, 3), false);
    assert.equal(saysOtherLine({ line: 3, last: true }, 2, 3), false);
    assert.equal(saysOtherLine({ line: 1, last: true }, 2, 3), true);
    assert.equal(saysOtherLine({ line: 5, last: true }, 2, 3), true);
    assert.equal(saysOtherLine({ line: 1, last: false }, 2, 3), false);
    assert.equal(saysOtherLine({ line: 5, last: false }, 2, 3), true);
  });
});
