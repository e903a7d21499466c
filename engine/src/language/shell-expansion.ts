/**
 * What the inside of a `${...}` reads like when it is the shell's own
 * parameter expansion, not an interpolation: `${SKIP:-}`, `${VAR:=x}`,
 * `${#list}`, `${!ref}`, `${name%.*}`, `${path##*.}`, `${s/a/b}`,
 * `${arr[0]}`, `${1}`, `${@}` — scripts copied into a `run` are full of them.
 */
const SHELL_EXPANSION =
  /^(?:[#!][A-Za-z_@*]|[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+]|##?|%%?|\/|\^|,|:|\[|@[A-Za-z])|[0-9]+$|[@*#?$!-]$)/;

/**
 * The message for a `${...}` whose inside (`inner`, without `${` and `}`) is
 * no interpolation but reads like the shell's own expansion, saying how to
 * write it for the shell; undefined when it does not read so.
 */
export function shellExpansionMessage(inner: string): string | undefined {
  if (!SHELL_EXPANSION.test(inner.trim())) return undefined;
  const written = `\${${inner}}`;
  return (
    `\`${written}\` is the shell's own expansion, not an interpolation: ` +
    `write \`\\${written}\` for the shell to expand it (\`\${env.NAME}\` reads the run's environment, ` +
    "`${name}` a param or var)"
  );
}
