import path from 'node:path';
import { type BundleOptions, bundleWorkflowCode } from '@temporalio/worker';

type WebpackConfig = Parameters<NonNullable<BundleOptions['webpackConfigHook']>>[0];
type BundleLogger = NonNullable<BundleOptions['logger']>;

/** The app's workflows: what the worker runs, the benchmarks measure and the replay tests replay. */
export const WORKFLOWS_PATH = path.resolve(__dirname, '../workflows/index.ts');

/** The workflows' payload converter: the SDK's, with hand-over references under an encoding of their own. */
const PAYLOAD_CONVERTER_PATH = path.resolve(__dirname, '../workflows/payload-converter.ts');

/**
 * The syntax our workflow modules are compiled to. The SDK's bundler has swc compile them for ES2017, which
 * puts helpers (`_object_spread`, `_define_property`, …) in every module: Node 20 runs ES2022 (tsconfig's
 * target) as it is.
 */
const WORKFLOW_SYNTAX = 'es2022';

/** What the bundler says that matters: its warnings and errors (the rest is progress). */
export type BundleReport = (level: 'warn' | 'error', message: string) => void;

/** The workflows at `workflowsPath` bundled (webpack, as the worker would: it takes seconds). */
export async function bundleWorkflows(
  options: { workflowsPath?: string; report?: BundleReport } = {},
): Promise<string> {
  const report = options.report ?? (() => undefined);
  const ignore = () => undefined;
  const logger: BundleLogger = {
    log: ignore,
    trace: ignore,
    debug: ignore,
    info: ignore,
    warn: (message) => report('warn', message),
    error: (message) => report('error', message),
  };
  const workflowsPath = options.workflowsPath ?? WORKFLOWS_PATH;
  const { code } = await bundleWorkflowCode({
    workflowsPath,
    logger,
    // Our module evaluated once when the worker loads the bundle and shared by every workflow it runs, not
    // again for each: its functions, classes, constants and the calendar's caches are the worker's, not each
    // cached workflow's. The SDK freezes its exports; its top level must hold no workflow's state
    // (test/workflows/bundle.test.ts lists what it holds).
    preloadModules: [workflowsPath],
    payloadConverterPath: PAYLOAD_CONVERTER_PATH,
    webpackConfigHook: (config) => inOneScope(compiledFor(WORKFLOW_SYNTAX)(config)),
  });
  return code;
}

/** Sets the target of the SDK's swc rule; fails if the SDK's bundler no longer has one. */
function compiledFor(target: string): (config: WebpackConfig) => WebpackConfig {
  return (config) => {
    const swc = (config.module?.rules ?? []).flatMap((rule) => {
      const use = rule && typeof rule === 'object' ? rule.use : undefined;
      return use &&
        typeof use === 'object' &&
        !Array.isArray(use) &&
        String(use.loader).includes('swc-loader')
        ? [use]
        : [];
    });
    const options = swc[0]?.options;
    if (swc.length !== 1 || !options || typeof options !== 'object' || !('jsc' in options))
      throw new Error('the SDK bundler has no single swc rule to set the workflows’ target on');
    (options.jsc as { target: string }).target = target;
    return config;
  };
}

/**
 * Our modules (ES modules, unlike the SDK's) concatenated into one scope, as webpack does in production:
 * otherwise each is a function with its own exports object and a getter per export. A top-level name that clashes with another module's is
 * renamed, so a function's `name` is not its source name: workflow code names a child's workflow type.
 */
function inOneScope(config: WebpackConfig): WebpackConfig {
  return { ...config, optimization: { ...config.optimization, concatenateModules: true } };
}
