/**
 * The differences between two tree states (see `treeState`), one line
 * each: what appeared, what is gone, what changed (content or mode). Empty
 * when the trees are identical.
 */
export function treeDiff(before: Record<string, string>, after: Record<string, string>): string[] {
  const lines: string[] = [];
  for (const [path, was] of Object.entries(before)) {
    const now = after[path];
    if (now === undefined) lines.push(`gone: ${path} (was ${JSON.stringify(was)})`);
    else if (now !== was)
      lines.push(`changed: ${path}: ${JSON.stringify(was)} → ${JSON.stringify(now)}`);
  }
  for (const [path, now] of Object.entries(after)) {
    if (!(path in before)) lines.push(`appeared: ${path} (${JSON.stringify(now)})`);
  }
  return lines;
}
