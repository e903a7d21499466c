import assert from "node:assert/strict";

/** What the secret-argument tests (local and on workers) pass from step to call. */
export const DYNAMIC_KEY = "DYNAMIC-KEY-5d21e8";

/**
 * `release`, whose `key` param is a secret, and `deploy`, which gives it the
 * output of its `login` step (a value known only during the run), then
 * prints that output in `announce` and fails. `announceOn` puts `announce`
 * on a queue of its own (a worker whose job never binds the call).
 */
export function callSecretWorkflows(announceOn?: string): string {
  const placement = announceOn === undefined ? "" : `\n    runs_on: "${announceOn}"`;
  return `workflow release {
  param key: secret
  step upload {
    run: "echo uploading with \${key}"
    rollback: none
  }
}

workflow deploy {
  step login {
    run: "echo ${DYNAMIC_KEY}"
    rollback: none
  }
  step ship {
    needs: login
    run: workflow release(key: steps.login.output)
  }
  step announce {
    needs: ship${placement}
    run: "echo used \${steps.login.output}; echo refused \${steps.login.output} >&2; exit 3"
    rollback: none
  }
}
`;
}

/**
 * Checks what a run of `deploy` printed: the called step and `announce` show
 * the key as `***`, and so does `login`, whose output the run knew before it
 * started to be given to a secret param. @returns the terminal, for the
 * caller's own checks that the key is not there.
 */
export function terminalFromCall(terminal: string): string {
  assert.match(terminal, /ship\/upload \| uploading with \*\*\*/);
  assert.match(terminal, /announce +\| used \*\*\*/);
  assert.match(terminal, /login +\| \*\*\*/);
  return terminal;
}
