/**
 * WebGPU in Node through Dawn: the optional `webgpu` npm package. Imported
 * dynamically, and only when `navigator.gpu` is missing in a Node process, so
 * browser bundles never see it and browser users never install it.
 */

interface DawnModule {
  create(options: string[]): GPU;
}

// Dawn crashes (InstanceBase::ProcessEvents) if the instance that made an
// adapter is garbage-collected while the adapter or its devices live. Every
// instance created here is therefore kept for the life of the process.
const instances: GPU[] = [];

export function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string';
}

/**
 * A `GPU` object from the `webgpu` package, or the reason there is none
 * (not Node, or the package is not installed).
 */
export async function nodeGPU(dawnOptions: string[] = []): Promise<{ gpu: GPU } | { reason: string }> {
  if (!isNode()) return { reason: 'not running in Node' };
  // A variable specifier keeps bundlers from trying to resolve the Node-only package.
  const specifier = 'webgpu';
  let mod: DawnModule;
  try {
    mod = (await import(/* @vite-ignore */ specifier)) as DawnModule;
  } catch (error) {
    return {
      reason: `the optional 'webgpu' package (Dawn for Node) is not installed or failed to load: ${(error as Error).message}`,
    };
  }
  const gpu = mod.create(dawnOptions);
  instances.push(gpu);
  return { gpu };
}
