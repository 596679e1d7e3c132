/**
 * Which way dependencies may point (run by `npm run check`). The platform is the kernel every
 * module builds on and knows no module; a module reaches another only through that module's
 * index.ts, or its *.tables.ts for foreign keys; the web's modules share only ui/ and app/; the
 * web and the contract never reach the server.
 */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'platform-knows-no-module',
      severity: 'error',
      from: { path: '^server/src/(platform|db)/', pathNot: '(\\.test\\.ts$|^server/src/db/(schema|seed-demo)\\.ts$)' },
      to: { path: '^server/src/modules/' },
    },
    {
      name: 'modules-meet-through-index',
      severity: 'error',
      from: { path: '^server/src/modules/([^/]+)/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^server/src/modules/[^/]+/',
        pathNot: ['^server/src/modules/$1/', '^server/src/modules/[^/]+/(index|[^/]+\\.tables)\\.ts$'],
      },
    },
    {
      name: 'web-modules-independent',
      severity: 'error',
      from: { path: '^web/src/modules/([^/]+)/' },
      to: { path: '^web/src/modules/', pathNot: '^web/src/modules/$1/' },
    },
    {
      name: 'web-and-contract-never-import-the-server',
      severity: 'error',
      from: { path: '^(web|contract)/' },
      to: { path: '^server/' },
    },
    {
      name: 'contract-imports-no-app-code',
      severity: 'error',
      from: { path: '^contract/' },
      to: { path: '^(web|server|e2e|bench)/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.base.json' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    exclude: { path: '(node_modules|dist)/' },
  },
};
