import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The staff app takes the server's types, never its code: its bundle holds no server module but the
 * permission table it shows and hides controls by (pure data), and no server-side package.
 * VIGIL_E2E_DIST points it at another build (default: ./dist).
 */
const ASSETS = path.join(path.resolve(process.env.VIGIL_E2E_DIST ?? 'dist'), 'web/staff/assets');
const maps = fs.existsSync(ASSETS) ? fs.readdirSync(ASSETS).filter((f) => f.endsWith('.js.map')) : [];
// The roles, permissions and vocabularies are single lists with no imports, shared on purpose (src/shared/).
const ALLOWED_SERVER_MODULES = ['src/shared/roles.ts', 'src/shared/vocabulary.ts'];
const SERVER_PACKAGES = ['typebox', 'fastify', 'kysely', 'better-sqlite3', 'pg', 'age-encryption', 'pg-boss'];

describe.skipIf(maps.length === 0)('the built staff app', () => {
  const sources = maps.flatMap((file) => (JSON.parse(fs.readFileSync(path.join(ASSETS, file), 'utf8')) as { sources: string[] }).sources);

  it('bundles no server code', () => {
    const server = sources.filter((s) => !s.includes('node_modules/') && !s.includes('web/staff/')).map((s) => s.replace(/^(\.\.\/)+/, ''));
    expect(server.filter((s) => !ALLOWED_SERVER_MODULES.includes(s))).toEqual([]);
    const packages = new Set(sources.flatMap((s) => (s.includes('node_modules/') ? [s.split('node_modules/').pop()!.split('/')[0]!] : [])));
    expect([...packages].filter((p) => SERVER_PACKAGES.includes(p))).toEqual([]);
  });
});
