// What Sveltia CMS writes for each file given on the command line, compared
// with the file: prints one JSON line per file, {file, same, expected}.
//
// The CMS reads a file with the `yaml` package's parse and writes it back
// with its stringify and these options (@sveltia/cms 0.221.1,
// src/lib/services/contents/file/format.js and parse.js); `hirepage fmt`
// must write the same bytes. Comments are left out of the comparison: the
// CMS drops them all, while fmt keeps those it can.
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

const options = {
  indent: 2,
  indentSeq: true,
  lineWidth: 0,
  defaultKeyType: 'PLAIN',
  defaultStringType: 'PLAIN',
  singleQuote: true,
};

const uncommented = (yaml) =>
  yaml
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n');

for (const file of process.argv.slice(2)) {
  const original = readFileSync(file, 'utf8');
  let mine = original;
  let expected;
  if (file.endsWith('.md')) {
    const text = original.trim().replace(/\r\n?/g, '\n');
    const match = text.match(/^---\n(?:(?<head>[\s\S]*?))\n---(?:\n(?<body>[\s\S]*))?$/s);
    const head = stringify(parse(match.groups.head), null, options).trim();
    const body = match.groups.body?.replace(/^\n/, '') ?? '';
    expected = `---\n${head}\n---\n${body ? `\n${body}\n` : ''}`;
    const mineMatch = original.match(/^---\n(?<head>[\s\S]*?)\n---\n(?<rest>[\s\S]*)$/);
    mine = `---\n${uncommented(mineMatch.groups.head)}\n---\n${mineMatch.groups.rest}`;
  } else {
    expected = `${stringify(parse(original), null, options).trim()}\n`;
    mine = uncommented(original);
  }
  console.log(JSON.stringify({ file, same: mine === expected, expected, mine }));
}
