import { type Backend, cpuBackend, randn, scope, square, sum, type Tensor, tensor } from '@isotropic/tensor';
import { describe, expect, it } from 'vitest';
import { type Backbone, ConvNeXt, VisionTransformer } from '../src/index.js';
import { maxAbsDiff } from './helpers/reference.js';
import { webgpu, webgpuUnavailable } from './helpers/webgpu.js';

const tiny: Record<string, (backend?: Backend) => Backbone> = {
  'ViT (registers, LayerScale, resampled position embeddings)': (backend) =>
    new VisionTransformer({
      imgSize: 16,
      patchSize: 4,
      embedDim: 16,
      depth: 2,
      numHeads: 2,
      regTokens: 1,
      initValues: 0.5,
      dynamicImgSize: true,
      key: [4, 2],
      backend,
    }),
  'ConvNeXt V2 (conv MLP, GRN)': (backend) =>
    new ConvNeXt({
      depths: [1, 1, 1, 1],
      dims: [8, 8, 16, 16],
      patchSize: 1,
      convMlp: true,
      useGrn: true,
      lsInitValue: null,
      key: [4, 3],
      backend,
    }),
  'ConvNeXt V1 (Linear MLP, LayerScale)': (backend) =>
    new ConvNeXt({ depths: [1, 1, 1, 1], dims: [8, 8, 16, 16], lsInitValue: 0.5, key: [4, 4], backend }),
};

const side = (name: string) => (name.startsWith('ViT') ? 24 : name.includes('V2') ? 16 : 32);

describe.skipIf(!webgpu)(`the same weights on WebGPU and on the CPU ${webgpuUnavailable ?? ''}`, () => {
  for (const [name, make] of Object.entries(tiny)) {
    // lavapipe runs the shaders on the (shared) CPU: allow for a busy machine
    it(`${name}: embedding and gradients agree`, { timeout: 240_000 }, async () => {
      const cpuModel = make();
      const gpuModel = make(webgpu);
      // the CPU model's state dict loads straight into the WebGPU model (copied to its backend)
      scope(() => gpuModel.loadStateDict(cpuModel.stateDict()));
      for (const [param, p] of gpuModel.namedParameters()) expect(p.value.backend, param).toBe(webgpu);
      const x = randn([2, 3, side(name), side(name)], { seed: 5 });
      const lossOf = (model: Backbone, images: Tensor) => sum(square(model.embed(images)));
      const cpuEmbedding = scope(() => {
        lossOf(cpuModel, x).backward();
        return cpuModel.embed(x).dataSync();
      });
      // a synchronous scope, read back outside it: an async scope left open by a
      // timed-out test would break the scopes of every later test
      const gpuOutput = scope(() => {
        const images = tensor(x.dataSync(), x.shape, { backend: webgpu });
        lossOf(gpuModel, images).backward();
        return gpuModel.embed(images);
      });
      const gpuEmbedding = await gpuOutput.data();
      gpuOutput.dispose();
      expect(maxAbsDiff(gpuEmbedding, cpuEmbedding)).toBeLessThan(1e-4);
      const cpuGrads = new Map(cpuModel.namedParameters());
      for (const [param, p] of gpuModel.namedParameters()) {
        const want = cpuGrads.get(param)!.grad!.dataSync();
        const got = await p.grad!.data();
        const scale = Math.max(1, ...Array.from(want, Math.abs));
        expect(maxAbsDiff(got, want) / scale, param).toBeLessThan(1e-4);
      }
      expect(cpuModel.parameters()[0]!.value.backend).toBe(cpuBackend());
      cpuModel.dispose();
      gpuModel.dispose();
      x.dispose();
    });
  }
});
