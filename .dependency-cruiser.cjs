/**
 * The layer rules of shared/DESIGN.md (rules 6 and 13), checked in `npm test` by
 * test/architecture/layers.test.ts. Imports only point down:
 *
 *   cli/ bin/ infra/            entry points
 *   functions/handlers, local/, container.ts, token-service.ts, record-issuer.ts   wiring
 *   functions/http, pages/      API Gateway event <-> use cases; HTML
 *   functions/admin             use cases of the CLI and the management API
 *   functions/store             DynamoDB adapters of oauth/ports.ts (may import oauth/)
 *   functions/oauth             the protocol: no AWS SDK, middy or Lambda types
 *   functions/config.ts, log.ts, clock.ts, routes.ts, errors.ts   leaves
 *
 * TypeScript 7 has no JavaScript compiler API, so the sources are parsed by swc.
 */
const WIRING = '^functions/(handlers|local)/|^functions/(container|token-service|record-issuer)[.]ts$';
const ENTRIES = '^(cli|bin|infra|test|bench)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A cycle means two modules are one concept, or a type belongs lower down.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'oauth-free-of-aws',
      comment: 'The protocol imports no AWS SDK, middy or Lambda types (DESIGN rule 13).',
      severity: 'error',
      from: { path: '^functions/oauth/' },
      to: { path: '^node_modules/(@aws-sdk|@smithy|@middy|@types/aws-lambda|aws-lambda)/' },
    },
    {
      name: 'only-store-imports-aws-sdk',
      comment: 'store/ is the only code importing the AWS SDK (infra/ and local tooling aside).',
      severity: 'error',
      from: { path: '^functions/', pathNot: '^functions/store/' },
      to: { path: '^node_modules/(@aws-sdk|@smithy)/' },
    },
    {
      name: 'oauth-points-down',
      severity: 'error',
      from: { path: '^functions/oauth/' },
      to: { path: [WIRING, ENTRIES, '^functions/(http|pages|admin|store)/'] },
    },
    {
      name: 'store-points-down',
      severity: 'error',
      from: { path: '^functions/store/' },
      to: { path: [WIRING, ENTRIES, '^functions/(http|pages|admin)/'] },
    },
    {
      name: 'admin-points-down',
      comment: 'Use cases know neither HTTP, pages, DynamoDB nor the container: they take AdminDeps (ports).',
      severity: 'error',
      from: { path: '^functions/admin/' },
      to: { path: [WIRING, ENTRIES, '^functions/(http|pages|store)/'] },
    },
    {
      name: 'http-and-pages-point-down',
      severity: 'error',
      from: { path: '^functions/(http|pages)/' },
      to: { path: [WIRING, ENTRIES, '^functions/store/'] },
    },
    {
      name: 'functions-below-entries',
      severity: 'error',
      from: { path: '^functions/' },
      to: { path: ENTRIES },
    },
    {
      name: 'leaves-import-nothing-of-ours',
      severity: 'error',
      from: { path: '^functions/(config|log|clock|routes|errors)[.]ts$' },
      to: { path: '^functions/', pathNot: '^functions/(config|log|clock|routes|errors)[.]ts$' },
    },
  ],
  options: {
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  },
};
