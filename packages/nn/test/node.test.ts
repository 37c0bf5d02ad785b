import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tensor } from '@isotropic/tensor';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSafetensorsFile, saveSafetensorsFile, writeFileAtomic } from '../src/node.js';

const dir = mkdtempSync(join(tmpdir(), 'isotropic-nn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('@isotropic/nn/node', () => {
  it('writeFileAtomic replaces a file and leaves no temporary file behind', async () => {
    const path = join(dir, 'a.bin');
    writeFileSync(path, 'old contents');
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['a.bin']);
  });

  it('writeFileAtomic fails cleanly when the directory does not exist', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'b.bin'), new Uint8Array([1]))).rejects.toThrow(
      /ENOENT/,
    );
    expect(readdirSync(dir)).toEqual(['a.bin']);
  });

  it('saves and loads safetensors files', async () => {
    const path = join(dir, 'model.safetensors');
    await saveSafetensorsFile(
      path,
      { w: tensor([[1, 2]]), n: tensor([3], undefined, { dtype: 'int32' }) },
      { epoch: '2' },
    );
    const { tensors, metadata } = await loadSafetensorsFile(path);
    expect(tensors.w!.arraySync()).toEqual([[1, 2]]);
    expect(tensors.n!.arraySync()).toEqual([3]);
    expect(metadata).toEqual({ epoch: '2' });
  });
});
