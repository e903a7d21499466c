import { WorkflowDefinition } from "../runtime/definition";
import { Dispatcher } from "./dispatcher";
import { parseRedisAddress } from "./redis-address";
import { checkRedisReachable } from "./redis-reachable";
import { RemoteStep, type RemoteRun } from "./remote-step";
import { checkedSources } from "./source-bundle";
import { StepReads } from "./step-reads";
import { CallSecrets } from "./call-secrets";
import { paramsForJobs, secretParamNames } from "./secret-params";

/** What `momoflow run --on` needs to send a workflow's steps to workers. */
export interface RemoteRunRequest {
  /** The Redis URL (`--on`). */
  on: string;
  /** The `.momoflow` file. */
  file: string;
  /** The workflow's name in the file. */
  workflow: string;
  /** The params as given on the command line. */
  params: Record<string, string>;
  runId: string;
  /** Where a warning goes (Redis not reachable): once per run. */
  warn?: (line: string) => void;
}

/** A definition whose steps run on workers, and how to let go of the queues after. */
export interface PreparedRemoteRun {
  definition: WorkflowDefinition;
  /** Where the record says the queue is (no password). */
  shownAddress: string;
  /**
   * Resolves once Redis answers; to be awaited before the run starts.
   * @throws Error saying why it did not (see `redis-reachable`).
   */
  reachable(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The workflow with each step sent to the workers of its queue: the
 * scheduler (this process) keeps the order, the conditions, retries,
 * timeouts and the run record; the workers run the actions.
 */
export function prepareRemoteRun(
  local: WorkflowDefinition,
  request: RemoteRunRequest,
): PreparedRemoteRun {
  const address = parseRedisAddress(request.on);
  // Kept out of command lines (a task's terminal shows them): the password may come from the environment.
  if (address.password === undefined && process.env.MOMOFLOW_REDIS_PASSWORD)
    address.password = process.env.MOMOFLOW_REDIS_PASSWORD;
  let warned = false;
  let checked = false;
  const dispatcher = new Dispatcher(address, (error) => {
    // Before the run starts, the check below says why Redis does not answer, and the run does not wait.
    if (warned || !checked) return;
    warned = true;
    request.warn?.(
      `Redis at ${address.shown} is not reachable (${error.message}): the run waits for it to come back`,
    );
  });
  const { bundle, check } = checkedSources(request.file);
  const run: RemoteRun = {
    dispatcher,
    shownAddress: address.shown,
    runId: request.runId,
    workflow: request.workflow,
    source: bundle,
    // Never a secret's value: a job is in Redis in the clear. Each worker reads its own.
    params: paramsForJobs(request.params, secretParamNames(check, request.workflow)),
    reads: StepReads.of(check, request.workflow, local.steps),
    callSecrets: CallSecrets.of(local.steps),
  };
  const definition = new WorkflowDefinition({
    id: local.id,
    name: local.name,
    description: local.description,
    ...(local.versionDeclared ? { version: local.version } : {}),
    steps: local.steps.map((step) => new RemoteStep(step, run)),
    variables: local.variables,
    concurrency: local.concurrency,
    rollbackOnFailure: local.rollbackOnFailure,
    ...(local.timeoutMs !== undefined ? { timeoutMs: local.timeoutMs } : {}),
    ...(local.source ? { source: local.source } : {}),
    secrets: local.secrets,
  });
  return {
    definition,
    shownAddress: address.shown,
    reachable: async () => {
      await checkRedisReachable(address);
      checked = true;
    },
    close: () => dispatcher.close(),
  };
}
