import { AUGMENT_RECIPES, defaultRunOptions as d } from '../node/run-options.js';
import type { CommandSpec } from './flags.js';

const backend = {
  type: 'string',
  help: 'compute backend; auto picks WebGPU when an adapter exists',
  default: d.backend,
  choices: ['auto', 'webgpu', 'cpu'],
} as const;
const data = {
  type: 'string',
  help: 'built-in dataset or a folder of images (class sub-folders = labels)',
  default: d.data,
  metavar: 'fashion-mnist|mnist|<folder>',
} as const;
const quiet = { type: 'boolean', help: 'print only the final summary', default: false } as const;

export const TRAIN: CommandSpec = {
  name: 'train',
  summary:
    'LeJEPA pretraining: multi-crop views, the (1-lambda)*sim + lambda*SIGReg loss, AdamW with warmup + cosine,\n' +
    'an online linear probe, atomic checkpoints (--resume continues a killed run), metrics.jsonl and report.html\n' +
    'in --out, then a frozen linear probe and kNN against raw-pixel and random-init baselines.',
  flags: {
    data,
    model: {
      type: 'string',
      help: 'backbone from the registry (see `isotropic models`)',
      default: d.model,
      metavar: 'name',
    },
    backend,
    epochs: { type: 'integer', help: 'passes over the training set', default: d.epochs },
    'batch-size': {
      type: 'integer',
      help: 'images per step (each gives global + local views)',
      default: d.batchSize,
    },
    'max-steps': { type: 'integer', help: 'stop after this many steps (0: all epochs)', default: d.maxSteps },
    lr: { type: 'number', help: 'peak learning rate (AdamW)', default: d.lr },
    'weight-decay': {
      type: 'number',
      help: 'AdamW weight decay (not on norms and biases)',
      default: d.weightDecay,
    },
    'warmup-steps': {
      type: 'integer',
      help: 'linear warmup steps before the cosine decay',
      default: d.warmupSteps,
    },
    lambda: {
      type: 'number',
      help: 'SIGReg weight: loss = (1-lambda)*sim + lambda*sigreg',
      default: d.lambda,
    },
    slices: { type: 'integer', help: 'random 1-D projections SIGReg tests per step', default: d.numSlices },
    centers: {
      type: 'string',
      help: 'prediction targets: mean of the global views (paper) or of all views (minimal example)',
      default: d.centers,
      choices: ['global', 'all'],
    },
    'global-views': { type: 'integer', help: 'global crops per image', default: d.globalViews },
    'local-views': { type: 'integer', help: 'local crops per image', default: d.localViews },
    'global-scale': {
      type: 'range',
      help: 'area fraction range of the global crops',
      default: d.globalScale.join(','),
      metavar: 'lo,hi',
    },
    'local-scale': {
      type: 'range',
      help: 'area fraction range of the local crops',
      default: d.localScale.join(','),
      metavar: 'lo,hi',
    },
    augment: {
      type: 'string',
      help: "transforms after each crop: the paper's (jitter, grayscale, blur, solarize, flip) or light (mild jitter, flip)",
      default: d.augment,
      choices: AUGMENT_RECIPES,
    },
    'global-size': {
      type: 'integer',
      help: 'global crop size in pixels (0: the image size)',
      default: d.globalSize,
    },
    'local-size': {
      type: 'integer',
      help: 'local crop size in pixels (0: half the image size)',
      default: d.localSize,
    },
    'proj-dim': {
      type: 'integer',
      help: 'projector output size (where the loss is computed)',
      default: d.projDim,
    },
    'proj-hidden': { type: 'integer', help: 'projector hidden width', default: d.projHidden },
    seed: {
      type: 'integer',
      help: 'seeds init, data order, augmentation and SIGReg directions',
      default: d.seed,
    },
    out: {
      type: 'string',
      help: 'run folder: checkpoint, metrics.jsonl, report.html',
      default: d.out,
      metavar: 'dir',
    },
    'checkpoint-every': {
      type: 'integer',
      help: 'write the checkpoint every N steps (and at the end)',
      default: d.checkpointEvery,
    },
    resume: {
      type: 'boolean',
      help: 'continue from --out/checkpoint.safetensors if it exists',
      default: false,
    },
    workers: { type: 'integer', help: 'augmentation worker threads (0: in-process)', default: d.workers },
    'train-limit': {
      type: 'integer',
      help: 'use only N training images (evenly spaced; 0: all)',
      default: d.trainLimit,
    },
    'test-limit': {
      type: 'integer',
      help: 'use only N held-out images for evaluation (0: all)',
      default: d.testLimit,
    },
    'eval-limit': {
      type: 'integer',
      help: 'training images the final linear probe and kNN fit on (0: all)',
      default: d.evalLimit,
    },
    'image-size': {
      type: 'integer',
      help: 'stored image size when --data is a folder',
      default: d.imageSize,
    },
    'no-baselines': { type: 'boolean', help: 'skip the raw-pixel and random-init baselines', default: false },
    'no-eval': { type: 'boolean', help: 'skip the final linear probe and kNN', default: false },
    quiet,
  },
  examples: [
    'isotropic train                                     # Fashion-MNIST, cnn_tiny, CPU or WebGPU',
    'isotropic train --data ./my-xrays --model convnext_atto --image-size 96 --epochs 20',
    'isotropic train --out runs/a --resume               # continue a killed run',
  ],
};

export const EVAL: CommandSpec = {
  name: 'eval',
  summary:
    "Frozen linear probe (logistic regression) and kNN (k=20) of a checkpoint's encoder on a held-out split.",
  flags: {
    checkpoint: { type: 'string', help: 'a checkpoint written by `isotropic train`', metavar: 'file' },
    data,
    backend,
    'train-limit': { type: 'integer', help: 'use only N training images (0: all)', default: 0 },
    'test-limit': { type: 'integer', help: 'use only N held-out images (0: all)', default: 0 },
    quiet,
  },
};

export const EMBED: CommandSpec = {
  name: 'embed',
  summary: "Embeds a dataset with a checkpoint's encoder and writes embeddings and labels as safetensors.",
  flags: {
    checkpoint: { type: 'string', help: 'a checkpoint written by `isotropic train`', metavar: 'file' },
    data,
    split: { type: 'string', help: 'which part of the data', default: 'test', choices: ['train', 'test'] },
    output: {
      type: 'string',
      help: 'where to write the safetensors file',
      default: 'embeddings.safetensors',
      metavar: 'file',
    },
    backend,
    limit: { type: 'integer', help: 'embed only N images (0: all)', default: 0 },
    quiet,
  },
};

export const MODELS: CommandSpec = {
  name: 'models',
  summary: 'Lists the backbones in the registry (built-in and registered), with their timm equivalents.',
  flags: {
    filter: { type: 'string', help: "glob on names, e.g. 'vit_*'", metavar: 'pattern' },
  },
};

export const COMMANDS = { train: TRAIN, eval: EVAL, embed: EMBED, models: MODELS } as const;
