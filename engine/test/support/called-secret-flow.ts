/**
 * `ship` hands the workflow it calls, `release`, the output of its step
 * `login` ({@link CALLED_SECRET_TOKEN}) as the secret `key`, then fails at
 * `boom`: the record keeps the called step's undo with `param.release/key`
 * and no value. `ship` has a secret `key` of its own
 * ({@link CALLER_KEY} in the tests, another value) that this undo must never
 * read. One workflow for every tier that tests it (the CLI, workers, the
 * editor's rollback in a real VS Code and in a user's session).
 */
export function calledSecretFlow(options: CalledSecretFlowOptions = {}): string {
  const log = options.log ?? "ops.log";
  const said = options.undoSays ? "; echo undoing with ${key}" : "";
  const boom =
    options.boom === "exit"
      ? `    run: "exit 3"\n    rollback: none\n`
      : `    run: fail(message: "stop here")\n`;
  return `workflow release {
  param key: secret
  step upload {
    run: "echo upload-\${key} >> ${log}"
    rollback: "echo undo-upload-\${key} >> ${log}${said}"
  }
}

workflow ship {
  param key: secret
  step login {
    run: "echo ${CALLED_SECRET_TOKEN}"
    rollback: none
  }
  step release {
    needs: login
    run: workflow release(key: steps.login.output)
  }
  step boom {
    needs: release
${boom}  }
}
`;
}

/** What {@link calledSecretFlow} may vary. */
export interface CalledSecretFlowOptions {
  /** The file the called step and its undo append to (default `ops.log`). */
  log?: string;
  /** The undo also prints the value it read (`undoing with …`), for tests of what it shows. */
  undoSays?: boolean;
  /** How `boom` fails: a `fail()` command (default) or a shell `exit 3`. */
  boom?: "fail" | "exit";
}

/** The output of `login`: the value the called step's undo must be given. */
export const CALLED_SECRET_TOKEN = "token-5e1b9c";
/** `ship`'s own secret `key` in the tests: the value the called step's undo must never read. */
export const CALLER_KEY = "caller-key-7f3a";
