import assert from "node:assert/strict";
import { bashErrorLine } from "../../src/commands/bash-error-line";

/** The line bash's own last error message names, as real bash 5.2 writes them. */
describe("bashErrorLine", () => {
  const bash = "/usr/bin/bash";

  it("reads bash's messages: the script's, a function's, a syntax error's", () => {
    assert.equal(bashErrorLine("start\n/usr/bin/bash: line 2: nmae: unbound variable\n", bash), 2);
    assert.equal(bashErrorLine("environment: line 7: nmae: unbound variable\n", bash), 7);
    assert.equal(
      bashErrorLine("/usr/bin/bash: -c: line 4: syntax error near unexpected token `fi'\n", bash),
      4,
    );
    // Translated: the word before the number is not read.
    assert.equal(bashErrorLine("/usr/bin/bash: Zeile 3: nmae: Ungebundene Variable.\n", bash), 3);
  });

  it("reads the last line only, and none of another program's", () => {
    assert.equal(bashErrorLine(`${bash}: line 9: b: unbound variable\n\n`, bash), 9);
    // An earlier message was of an error the script went on past.
    assert.equal(bashErrorLine(`${bash}: line 2: cd: /x: No such file\nother\n`, bash), undefined);
    assert.equal(bashErrorLine("./deploy.sh: line 9: x: unbound variable\n", bash), undefined);
    assert.equal(bashErrorLine("cat: missing.txt: No such file or directory\n", bash), undefined);
    assert.equal(bashErrorLine("", bash), undefined);
  });
});
