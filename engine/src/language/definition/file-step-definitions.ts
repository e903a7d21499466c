import { stepDefinitionDigests } from "./step-definition-digests";
import { LanguageWorkspace } from "../workspace";

/**
 * The digest of each step of each workflow of the `.momoflow` file at `file`
 * (absolute) as written now, by workflow name, read once: what a run record
 * of one of them recorded (`stepDefinitions`), to find the runs of the file
 * from before it was renamed or moved. Undefined for a workflow the file
 * does not declare, or when it cannot be read.
 */
export function fileStepDefinitions(
  file: string,
): (workflow: string) => Readonly<Record<string, string>> | undefined {
  const workspace = new LanguageWorkspace();
  const digests = new Map<string, Readonly<Record<string, string>> | undefined>();
  return (workflow) => {
    if (!digests.has(workflow))
      digests.set(
        workflow,
        stepDefinitionDigests(file, workflow, (path) => workspace.parse(path)),
      );
    return digests.get(workflow);
  };
}
