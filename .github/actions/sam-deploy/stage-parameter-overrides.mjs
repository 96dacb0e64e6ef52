// Prints a stage's `parameter_overrides` from a samconfig.toml: usage `node stage-parameter-overrides.mjs
// <samconfig.toml> <stage>`. SAM CLI reads samconfig.toml as its options' defaults, so a command-line
// `--parameter-overrides` replaces the file's instead of adding to it (samcli/cli/cli_config_file.py:
// `ctx.default_map`), and a parameter left out keeps its previous value on an existing stack but takes
// the template's default on a new one. The deploy therefore gives SAM the stage's own overrides followed
// by the ones only the workflow knows. As SAM does, [<stage>.deploy.parameters] wins over
// [<stage>.global.parameters]. Reads the subset of TOML the file uses: the bare key `parameter_overrides`
// under a section's header, its value one string on its line. Anything else that names the key (a
// quoted or dotted key, an inline table, an array, a multi-line string) is refused, naming the line,
// rather than silently skipped: SAM would read it, and the deploy would then replace it.
import { readFileSync } from 'node:fs';

const [file, stage] = process.argv.slice(2);
if (!file || !stage) {
  console.error('usage: node stage-parameter-overrides.mjs <samconfig.toml> <stage>');
  process.exit(2);
}

const values = new Map();
const sections = new Set();
let section = '';
for (const [index, raw] of readFileSync(file, 'utf8').split('\n').entries()) {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) continue;
  const entry = /^parameter_overrides\s*=\s*(.*)$/.exec(line);
  if (!entry && line.includes('parameter_overrides')) {
    console.error(
      `${file}:${index + 1}: [${section}] give parameter_overrides as a bare key in its section: ` +
        `[<stage>.deploy.parameters] then parameter_overrides = "Name=Value Name=Value"`,
    );
    process.exit(1);
  }
  // A table's header, with TOML's optional spaces, quotes around a part, and a trailing comment.
  const header = /^\[([^[\]]+)\]\s*(#.*)?$/.exec(line);
  if (header) {
    section = header[1]
      .split('.')
      .map((part) => part.trim().replace(/^"(.*)"$|^'(.*)'$/, '$1$2'))
      .join('.');
    sections.add(section);
    continue;
  }
  if (!entry) continue;
  // A basic string ("…", JSON's escapes) or a literal one ('…'), then at most a comment.
  const value = /^("(?:[^"\\]|\\.)*"|'[^']*')\s*(#.*)?$/.exec(entry[1]);
  if (!value) {
    console.error(`${file}:${index + 1}: [${section}] parameter_overrides must be one string on its line ("Name=Value Name=Value")`);
    process.exit(1);
  }
  const text = value[1];
  values.set(section, text.startsWith("'") ? text.slice(1, -1) : JSON.parse(text));
}

if (![...sections].some((name) => name.startsWith(`${stage}.`))) {
  console.error(`${file} has no section for the stage ${stage} ([${stage}.deploy.parameters])`);
  process.exit(1);
}
console.log(values.get(`${stage}.deploy.parameters`) ?? values.get(`${stage}.global.parameters`) ?? '');
