// Measures where this project's Unicode tables (UnicodeTables.Generated.cs, the UCD version in its header) and the
// running node's RegExp (its ICU's Unicode version) disagree on a code point that was already assigned in the
// tables' version: the property changes between the two Unicode versions. Code points unassigned in the tables'
// version are left out (every property of a newly assigned character may differ). Output, one line per property:
// `name<TAB>hex hex ...`, read by test/HybridBatch.Core.Tests/Oracles/UnicodePropertyOracleTests.cs:
//   node scripts/unicode-version-changes.js > test/HybridBatch.Core.Tests/Oracles/Data/unicode-version-changes.tsv
const fs = require('fs');
const path = require('path');
const src = fs.readFileSync(path.join(__dirname, '../src/HybridBatch.Core/Schema/Patterns/UnicodeTables.Generated.cs'), 'utf8');
function block(name) {
  const i = src.indexOf(name);
  const a = src.indexOf('[', src.indexOf('=', i));
  return src.slice(a + 1, src.indexOf('];', a));
}
const numbers = text => text.split(',').map(s => s.trim()).filter(s => s).map(Number);
const scripts = [...block('_scriptAliases').matchAll(/"([^"]+)"/g)].map(m => m[1].split(' '));
const binaries = [...block('_binaryAliases').matchAll(/"([^"]+)"/g)].map(m => m[1].split(' '));
const starts = numbers(block('Starts =>'));
const deltas = numbers(block('Deltas =>'));
function set(i) {
  const member = new Uint8Array(0x110000);
  let previous = -1;
  for (let k = starts[i]; k < starts[i + 1]; k += 2) {
    const first = previous + 1 + deltas[k];
    previous = first + deltas[k + 1];
    member.fill(1, first, previous + 1);
  }
  return member;
}
const unknown = set(scripts.findIndex(a => a[0] === 'Unknown'));
const privateOrSurrogate = /^[\p{Co}\p{Cs}]$/u;
const unassigned = c => unknown[c] === 1 && !privateOrSurrogate.test(String.fromCodePoint(c));
const properties = [];
scripts.forEach((a, i) => { properties.push(['Script=' + a[0], i]); properties.push(['Script_Extensions=' + a[0], scripts.length + i]); });
binaries.forEach((a, j) => properties.push([a[0], 2 * scripts.length + j]));
const header = src.match(/Unicode (\d+\.\d+\.\d+)/)[1];
const out = [`# tables: Unicode ${header}; node ${process.version}: Unicode ${process.versions.unicode} (ICU ${process.versions.icu})`];
for (const [name, index] of properties) {
  const re = new RegExp('^\\p{' + name + '}$', 'u');
  const member = set(index);
  const changed = [];
  for (let c = 0; c < 0x110000; c++) {
    if (!unassigned(c) && (member[c] === 1) !== re.test(String.fromCodePoint(c))) {
      changed.push(c.toString(16).toUpperCase());
    }
  }
  if (changed.length > 0) {
    out.push(name + '\t' + changed.join(' '));
  }
}
process.stdout.write(out.join('\n') + '\n');
