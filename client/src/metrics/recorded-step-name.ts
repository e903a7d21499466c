/**
 * The declared step a recorded step belongs to: a fan-out instance
 * `convert[3]` and a called workflow's step `release/bump` belong to the
 * step the document declares (`convert`, `release`); any other id is its own.
 *
 * Pure: no `vscode`, no Node, no DOM, so the metrics page imports it too.
 */
export function declaredStepName(recordedId: string): string {
  const end = recordedId.search(/[[/]/);
  return end < 0 ? recordedId : recordedId.slice(0, end);
}
