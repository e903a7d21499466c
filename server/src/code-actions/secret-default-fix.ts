/**
 * "Read `token` from the environment: `env.TOKEN`" for MF016: a secret
 * param's default written in the file is replaced with the reference to the
 * environment variable its message suggests, so the value leaves the file.
 */
import type { Range, SourceFile } from "@momoflow/language";
import { sameRange } from "./edit-sites";
import type { QuickFix, QuickFixInput } from "./quick-fixes";

export function secretDefaultFixes({ diagnostic, result }: QuickFixInput): QuickFix[] {
  const reference = diagnostic.data?.environmentDefault;
  if (diagnostic.code !== "MF016" || !reference) return [];
  const name = secretNameOf(result.document.file, diagnostic.range);
  if (!name) return [];
  return [
    {
      title: `Read \`${name}\` from the environment: \`${reference}\``,
      edits: [{ range: diagnostic.range, newText: reference }],
      isPreferred: true,
    },
  ];
}

/** The name of the workflow or command param whose default is written over `range`. */
function secretNameOf(file: SourceFile, range: Range): string | undefined {
  const params = [
    ...(file.workflows ?? []).flatMap((workflow) => workflow?.params ?? []),
    ...(file.commands ?? []).flatMap((command) => command?.params ?? []),
  ];
  const param = params.find((p) => p?.default?.range && sameRange(p.default.range, range));
  return param?.name?.text || undefined;
}
