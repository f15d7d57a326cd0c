/**
 * The import rules of src/ (see README, "Folders"). `npm run lint` runs them; a broken rule fails
 * the lint. Type-only imports count: a type cycle is still a cycle.
 * @type {import('dependency-cruiser').IConfiguration}
 */
const WORKER_SIDE = '^src/(worker|features/[^/]+/worker)/';
const MAIN_THREAD = '^src/(main\\.ts|shell/|engine/|features/[^/]+/(ui|store)/)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import circle of any length, type-only imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-imports-only-core',
      severity: 'error',
      comment: 'core/ is the bottom floor: geometry, image types, headers, errors, units.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: '^src/core/' },
    },
    {
      name: 'pipelines-import-core-and-pipelines',
      severity: 'error',
      comment:
        'Pipeline stages are pure: they run in Node tests, the worker and the scripts alike.',
      from: { path: '^src/features/[^/]+/pipeline/' },
      to: { path: '^src/', pathNot: ['^src/core/', '^src/features/[^/]+/pipeline/'] },
    },
    {
      name: 'pipelines-import-no-runtime',
      severity: 'error',
      comment:
        'The model call is a parameter of a stage; only worker/runtime imports ONNX Runtime.',
      from: { path: '^src/features/[^/]+/pipeline/' },
      to: { path: '(^|/)node_modules/(onnxruntime-web|onnxruntime-node|comlink|lit|idb-keyval)/' },
    },
    {
      name: 'protocol-imports-core-pipelines-protocol',
      severity: 'error',
      comment:
        'protocol/ names the types that cross a thread boundary; that it is types only, scripts/check-protocol.mjs checks.',
      from: { path: '^src/protocol/' },
      to: { pathNot: ['^src/core/', '^src/features/[^/]+/pipeline/', '^src/protocol/'] },
    },
    {
      name: 'worker-side-imports-no-main-thread',
      severity: 'error',
      comment: 'Worker code never imports UI, shell, stores or the engine.',
      from: { path: WORKER_SIDE },
      to: { path: MAIN_THREAD },
    },
    {
      name: 'main-thread-imports-no-worker-code',
      severity: 'error',
      comment:
        'The main thread reaches the worker through protocol/ types and the engine, never by import.',
      from: { path: MAIN_THREAD },
      to: { path: WORKER_SIDE },
    },
    {
      name: 'onnx-runtime-only-in-worker-runtime',
      severity: 'error',
      comment: 'One place imports ONNX Runtime and opens sessions: src/worker/runtime/.',
      from: { path: '^src/', pathNot: '^src/worker/runtime/' },
      to: { path: '(^|/)node_modules/onnxruntime-web/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'engine-imports-core-and-protocol',
      severity: 'error',
      comment: 'The engine is one worker client for every worker: it knows no feature.',
      from: { path: '^src/engine/' },
      to: { path: '^src/', pathNot: ['^src/core/', '^src/protocol/', '^src/engine/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: ['^src/', 'node_modules'],
    tsPreCompilationDeps: true,
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
