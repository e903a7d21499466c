/**
 * The positions a value can take in a shell action, and hostile values, for
 * the injection tests. `${v}` in a template marks where the value goes; the
 * rest is the script's own text (as a `.momoflow` string holds it after its
 * escapes).
 */

/** A position where the value must arrive byte-exact in the file `out`. */
export interface AllowedPosition {
  name: string;
  template: string;
  /** What `out` holds afterwards. */
  expect: (value: string) => string;
  /** Only bash has it. */
  bashOnly?: boolean;
}

/** A position no quoting can protect: every non-numeric value is refused there. */
export interface RefusedPosition {
  name: string;
  template: string;
}

export const ALLOWED: AllowedPosition[] = [
  { name: "a plain word", template: "printf '%s' ${v} > out", expect: (v) => v },
  { name: "inside a word", template: "printf '%s' a${v}b > out", expect: (v) => `a${v}b` },
  { name: "in double quotes", template: `printf '%s' "<\${v}>" > out`, expect: (v) => `<${v}>` },
  { name: "in single quotes", template: "printf '%s' '<${v}>' > out", expect: (v) => `<${v}>` },
  {
    name: "in single quotes inside double quotes",
    template: `printf '%s' "'\${v}'" > out`,
    expect: (v) => `'${v}'`,
  },
  {
    name: "in double quotes inside single quotes",
    template: `printf '%s' '"\${v}"' > out`,
    expect: (v) => `"${v}"`,
  },
  {
    name: "after an escaped dollar",
    template: "printf '%s' \\$${v} > out",
    expect: (v) => `$${v}`,
  },
  {
    name: "after an escaped dollar in double quotes",
    template: `printf '%s' "\\$\${v}" > out`,
    expect: (v) => `$${v}`,
  },
  { name: "an assignment", template: `a=\${v}; printf '%s' "$a" > out`, expect: (v) => v },
  {
    name: "an assignment in double quotes",
    template: `a="\${v}"; printf '%s' "$a" > out`,
    expect: (v) => v,
  },
  {
    name: "in $( )",
    template: `x=$(printf '%s.' \${v}); printf '%s' "\${x%.}" > out`,
    expect: (v) => v,
  },
  {
    name: "in $( ) in double quotes",
    template: `x="$(printf '%s.' "\${v}")"; printf '%s' "\${x%.}" > out`,
    expect: (v) => v,
  },
  {
    name: "in $( ) holding a case",
    template: `x=$(case a in a) printf '%s.' \${v};; esac); printf '%s' "\${x%.}" > out`,
    expect: (v) => v,
  },
  {
    name: "in a case subject and its branch",
    template: "case ${v} in *) printf '%s' ${v} > out;; esac",
    expect: (v) => v,
  },
  {
    name: "in a for list",
    template: `: > out; for w in \${v}; do printf '%s' "$w" >> out; done`,
    expect: (v) => v,
  },
  {
    name: "in a [ ] test",
    template: `[ "x\${v}" = x\${v} ] && printf '%s' \${v} > out`,
    expect: (v) => v,
  },
  { name: "in a pipeline", template: "printf '%s' ${v} | cat > out", expect: (v) => v },
  {
    name: "in a comment",
    template: "printf '%s' ok > out # ${v}",
    expect: () => "ok",
  },
  {
    name: "in a here-document",
    template: "cat > out <<EOF\n${v}\nEOF",
    expect: (v) => `${v}\n`,
  },
  {
    name: "in a here-document with text around",
    template: "cat > out <<EOF\n[${v}]\nEOF",
    expect: (v) => `[${v}]\n`,
  },
  {
    name: "in a quoted here-document",
    template: "cat > out <<'EOF'\n${v}\nEOF",
    expect: (v) => `${v}\n`,
  },
  {
    // <<- strips leading tabs from every body line, the value's own lines included.
    name: "in a <<- here-document",
    template: "cat > out <<-EOF\n\t${v}\n\tEOF",
    expect: (v) =>
      v
        .split("\n")
        .map((line) => line.replace(/^\t+/, ""))
        .join("\n") + "\n",
  },
  {
    name: "in a here-document inside $( )",
    template: `x=$(cat <<EOF\n\${v}.\nEOF\n); printf '%s' "\${x%.}" > out`,
    expect: (v) => v,
  },
  {
    name: "in nested $( ) with double quotes",
    template: `x=$(printf '%s' "$(printf '%s.' "\${v}")"); printf '%s' "\${x%.}" > out`,
    expect: (v) => v,
  },
  {
    name: "in double quotes in $( ) after a case whose branch ends in a comment",
    template: `x="$(case a in a) true # c\nesac)<\${v}>"; printf '%s' "$x" > out`,
    expect: (v) => `<${v}>`,
  },
  {
    name: "in double quotes after a word glued to # by a no-break space",
    template: `printf '%s' x\u00a0# "<\${v}>" > out`,
    expect: (v) => `x\u00a0#<${v}>`,
  },
  {
    name: "in a here-document whose delimiter holds a no-break space",
    template: `cat > out <<EOF\u00a0x\nEOF\n\${v}\nEOF\u00a0x`,
    expect: (v) => `EOF\n${v}\n`,
  },
  {
    name: "in a bash here-string",
    template: "cat > out <<< ${v}",
    expect: (v) => `${v}\n`,
    bashOnly: true,
  },
];

export const REFUSED: RefusedPosition[] = [
  { name: "right after $", template: "printf '%s' $${v}" },
  { name: "right after $ in double quotes", template: `printf '%s' "price: $\${v}"` },
  { name: "right after $ in a here-document", template: "cat <<EOF\n$${v}\nEOF" },
  { name: "in $(( ))", template: "echo $(( 1 + ${v} ))" },
  { name: "in $(( )) in double quotes", template: `echo "$(( 1 + \${v} ))"` },
  { name: "in $(( )) in a here-document", template: "cat <<EOF\n$(( 1 + ${v} ))\nEOF" },
  { name: "in (( ))", template: "(( n = ${v} ))" },
  { name: "in $[ ]", template: "echo $[ ${v} ]" },
  { name: "in let", template: "let n=${v}" },
  { name: "in an array subscript", template: "a[${v}]=1" },
  { name: "in [[ ]]", template: "[[ ${v} -eq 1 ]]" },
  { name: "in [[ ]] on the line after a comment", template: "echo a # c\n[[ ${v} -eq 1 ]]" },
  { name: "in a subscript of bash's a=( )", template: "a=([${v}]=1)" },
  { name: "in a subscript of bash's a+=( )", template: "a+=(x [${v}]=1)" },
  { name: "in backquotes", template: "echo `printf %s ${v}`" },
  { name: "in backquotes in double quotes", template: 'echo "`printf %s ${v}`"' },
  { name: "in the shell's ${ }", template: "echo ${HOME:-${v}}" },
  { name: "in the shell's ${ } in double quotes", template: `echo "\${HOME:-\${v}}"` },
  { name: "in a substring offset", template: "echo ${HOME:${v}}" },
  { name: "in $' '", template: "echo $'${v}'" },
  { name: "as a here-document's delimiter", template: "cat <<${v}\nx\n" },
  { name: "glued to a here-document's delimiter", template: "cat <<EOF${v}\nx\nEOF" },
  { name: "after a backslash", template: "echo \\${v}" },
  { name: "after a $' ' with a backslash", template: "echo $'a\\'b' ${v}" },
  { name: "after a quote in a double-quoted ${ }", template: `echo "\${HOME:-'}" \${v}` },
  { name: "after a subscript with blanks", template: "a[ 1 ]=2; echo ${v}" },
  { name: "after << in (( ))", template: "(( n = 1 << 2 )); echo ${v}" },
  { name: "after $[ ]", template: "echo $[1] ${v}" },
  { name: "in $( ) in a here-document", template: "cat <<EOF\n$(printf %s ${v})\nEOF" },
  {
    name: "after a delimiter line inside a here-document's $( )",
    template: "cat <<EOF\n$(echo\nEOF\n)\nEOF\necho ${v}",
  },
];

/** Each tries to create the file M, or to break out of its quoting. */
export const HOSTILE: string[] = [
  "$(touch M)",
  "`touch M`",
  "; touch M",
  "' ; touch M; '",
  '" ; touch M; "',
  "'\"$(touch M)\"'",
  "\\",
  "a\\",
  "\\'; touch M; #",
  '\\"; touch M; #',
  "\ntouch M\n",
  ")\ntouch M\n(",
  "\r\ntouch M",
  "$((1+1))",
  "${IFS}",
  "$IFS$(touch${IFS}M)",
  "*",
  "~",
  "~root",
  "a b  c\td",
  "",
  "-n",
  "x=1",
  "!",
  "&& touch M",
  "| touch M",
  "> M",
  "}; touch M; {",
  "$'\\x27'; touch M",
  "a[$(touch M)]",
  "EOF\ntouch M",
  "x\nEOF\ntouch M\ncat <<EOF",
  "#",
  "$(",
  "'",
  '"',
  "`",
  "é ✓ \u00a0",
];
