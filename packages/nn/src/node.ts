/**
 * Node-only helpers (`@isotropic/nn/node`): files on disk. Kept out of the main
 * entry so that browser bundles never import node:fs.
 */
import { randomUUID } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Backend, Tensor } from '@isotropic/tensor';
import { type CheckpointParts, loadCheckpoint, serializeCheckpoint } from './checkpoint.js';
import { deserializeSafetensors, type NamedTensors, serializeSafetensors } from './safetensors/tensors.js';

/**
 * Writes `data` so that `path` holds either the old file or the complete new one,
 * never a torn write: a temporary file in the same directory is written and
 * fsync'ed, renamed over `path` (atomic on POSIX), then the directory is fsync'ed
 * so that the rename itself survives a crash.
 */
export async function writeFileAtomic(path: string, data: ArrayBuffer | ArrayBufferView): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomUUID()}.tmp`);
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  try {
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  try {
    const d = await open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // some platforms (Windows) cannot fsync a directory; the rename is still atomic
  }
}

export async function saveSafetensorsFile(
  path: string,
  tensors: NamedTensors,
  metadata?: Readonly<Record<string, string>>,
): Promise<void> {
  await writeFileAtomic(path, await serializeSafetensors(tensors, metadata));
}

export async function loadSafetensorsFile(
  path: string,
  options: { readonly backend?: Backend } = {},
): Promise<{ tensors: Record<string, Tensor>; metadata: Record<string, string> }> {
  return deserializeSafetensors(await readFile(path), options);
}

export async function saveCheckpointFile(path: string, parts: CheckpointParts): Promise<void> {
  await writeFileAtomic(path, await serializeCheckpoint(parts));
}

export async function loadCheckpointFile(
  path: string,
  parts: Omit<CheckpointParts, 'metadata'> & { readonly backend?: Backend },
): Promise<Record<string, string>> {
  return loadCheckpoint(await readFile(path), parts);
}
