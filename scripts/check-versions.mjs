// After `changeset version`: every published package moved off 0.0.0 and has a changelog;
// private packages kept their version and got none.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2];
const problems = [];
for (const base of ['packages', 'examples']) {
  for (const name of readdirSync(join(root, base))) {
    const dir = join(root, base, name);
    if (!existsSync(join(dir, 'package.json'))) continue;
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const changelog = existsSync(join(dir, 'CHANGELOG.md'));
    if (pkg.private) {
      if (changelog) problems.push(`${pkg.name} is private but got a changelog`);
    } else if (pkg.version === '0.0.0' || !changelog) {
      problems.push(`${pkg.name} was not versioned (version ${pkg.version}, changelog ${changelog})`);
    } else {
      console.log(`${pkg.name} ${pkg.version}`);
    }
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
