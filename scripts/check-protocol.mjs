// protocol/ describes what crosses a thread boundary and implements nothing: each of its files
// must compile to no JavaScript at all. swc strips types exactly as the build does, so any value
// (a constant, a function, a value import that survives) shows up as emitted code.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from '@swc/core';

const folder = 'src/protocol';
const offenders = [];
for (const name of readdirSync(folder).filter((file) => file.endsWith('.ts'))) {
  const path = join(folder, name);
  const { code } = transformSync(readFileSync(path, 'utf8'), {
    filename: path,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
  });
  const emitted = code.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '').replace(/export\s*\{\s*\};?/g, '');
  if (emitted.trim() !== '') offenders.push(`${path} emits code:\n${emitted.trim()}`);
}
if (offenders.length > 0) {
  console.error(`protocol/ must be types only:\n${offenders.join('\n')}`);
  process.exit(1);
}
console.log(`protocol/: ${folder} is types only`);
