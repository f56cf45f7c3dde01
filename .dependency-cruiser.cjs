// Vigil's module rules (docs/architecture.md, "Module map"), checked in CI by `npm run lint:deps`.
// Layers, top to bottom: edges (cli, server) → app → domain modules → infrastructure.
// A module is a folder directly under src/; another module is reached only through its index.ts.
const EDGE = '^src/(cli|server)/';
const APP = '^src/app/';
const DOMAIN = '^src/(vault|intake|inbox|cases|accounts|witness|media|people|publish)/';
const INFRASTRUCTURE = '^src/(db|blobs|crypto|age-format|custody|jobs|config|keys|audit|mail|shared|types)/';

module.exports = {
  forbidden: [
    {
      name: 'index-only',
      comment: 'Another module is imported only through its index.ts, the one contract it offers.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/([^/]+)/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/types/'], dependencyTypesNot: ['dynamic-import'] },
    },
    {
      name: 'lazy-entry-points-only',
      comment:
        'A dynamic import, which keeps a process from loading what it does not use (the public intake role, vault ' +
        "commands without case records), may name another module's entry file: open-*, *-server, app, *-command.",
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: {
        dependencyTypes: ['dynamic-import'],
        path: '^src/([^/]+)/',
        pathNot: ['^src/$1/', '^src/[^/]+/(index|app|open-[a-z-]+|[a-z-]+-server)\\.ts$'],
      },
    },
    {
      name: 'web-uses-contracts-only',
      comment: 'The web apps see the server only through module contracts (types and pure shared code).',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: '^src/[^/]+/index\\.ts$' },
    },
    {
      name: 'infrastructure-points-down',
      comment: 'Infrastructure knows nothing of the domain, the app or the edges.',
      severity: 'error',
      from: { path: INFRASTRUCTURE },
      to: { path: [DOMAIN, APP, EDGE] },
    },
    {
      name: 'domain-points-down',
      comment: 'A domain module knows nothing of the app that assembles it or the edges that call it.',
      severity: 'error',
      from: { path: DOMAIN },
      to: { path: [APP, EDGE] },
    },
    {
      name: 'app-points-down',
      comment: 'The app assembles modules; the CLI and the server call it, never the other way.',
      severity: 'error',
      from: { path: APP },
      to: { path: EDGE },
    },
    {
      name: 'no-cycles-between-modules',
      comment: 'Two modules that need each other are one module, or a contract is missing.',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { circular: true, path: '^src/', pathNot: '^src/$1/' },
    },
    {
      name: 'every-module-is-placed',
      comment: 'A new folder under src/ must be given its layer here.',
      severity: 'error',
      from: { path: '^src/', pathNot: [EDGE, APP, DOMAIN, INFRASTRUCTURE] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/|\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
  },
};
