// The hexagon's dependency rule, checked on every CI run:
// domain <- application <- adapters <- bootstrap. Nothing points outward.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain imports nothing but itself: no other layer, no package, no Node built-in that does I/O.',
      severity: 'error',
      from: { path: '(^|/)src/domain/' },
      to: { pathNot: '(^|/)src/domain/' },
    },
    {
      name: 'application-depends-on-domain-only',
      comment: 'Use cases see the domain and nothing outward, and no infrastructure package.',
      severity: 'error',
      from: { path: '(^|/)src/application/' },
      to: { pathNot: ['(^|/)src/(domain|application)/'] },
    },
    {
      name: 'adapters-do-not-reach-bootstrap',
      comment: 'Adapters plug into ports; only the composition root knows them all.',
      severity: 'error',
      from: { path: '(^|/)src/adapters/' },
      to: { path: '(^|/)src/bootstrap/' },
    },
    {
      name: 'adapters-do-not-import-each-other-sideways',
      comment:
        "An adapter may use shared support (observability, resilience, settings, the dependencies' shared contracts, the documents it shows and the events it sends) but not another technology adapter. Settings read every adapter's variables.",
      severity: 'error',
      from: { path: '(^|/)src/adapters/([^/]+)/', pathNot: '(^|/)src/adapters/settings/' },
      to: {
        path: '(^|/)src/adapters/([^/]+)/',
        pathNot: ['(^|/)src/adapters/$2/', '(^|/)src/adapters/(observability|resilience|representation|events|dependencies|settings)/'],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-does-not-import-tests',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
  },
};
