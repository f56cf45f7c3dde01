import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from './run-cli.js';

// The machine's own Node.js (Debian's is 20) cannot load the native addon npm built for Node 24.
const systemNode = spawnSync('/usr/bin/node', ['--version'], { encoding: 'utf8' });
const systemMajor = systemNode.status === 0 ? Number(/^v(\d+)/.exec(systemNode.stdout)?.[1]) : Number.NaN;

describe.skipIf(!(systemMajor < 24))('vigil started by an older Node.js', () => {
  it('says which Node.js it needs and how to run it, before loading anything', () => {
    const run = spawnSync('/usr/bin/node', [CLI, 'verify'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`this is Node.js ${systemNode.stdout.trim().slice(1)}; Vigil needs 24 or later`);
    expect(run.stderr).not.toContain('NODE_MODULE_VERSION');
  });
});
