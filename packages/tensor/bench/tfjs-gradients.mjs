/**
 * Registers tfjs-core's gradient functions, which tfjs-core's Node bundle (its `main`,
 * dist/tf-core.node.js) leaves out: the `@tensorflow/tfjs` union package bundles them,
 * but only tfjs-core and the two backends are installed here. They ship as extensionless
 * ES modules in a package without "type": "module", so Node needs two small hooks to
 * load them: add ".js" to their relative imports, and read them as ES modules. They
 * register into tfjs's process-wide gradient registry (a global map), which the Node
 * bundle's engine reads, and their ops run on that same global engine.
 */
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

// the real path (pnpm links packages from node_modules/.pnpm), as the ESM loader reports parents
const main = createRequire(import.meta.url).resolve('@tensorflow/tfjs-core');

const hooks = `
const dist = ${JSON.stringify(new URL('.', pathToFileURL(main)).href)};
export async function resolve(specifier, context, next) {
  if (context.parentURL?.startsWith(dist) && specifier.startsWith('.') && !specifier.endsWith('.js'))
    return next(specifier + '.js', context);
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (url.startsWith(dist) && !url.includes('/tf-core.')) return next(url, { ...context, format: 'module' });
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
