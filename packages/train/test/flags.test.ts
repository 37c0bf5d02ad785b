import { describe, expect, it } from 'vitest';
import { type CommandSpec, helpText, parseFlags, parseRange, UsageError } from '../src/cli/flags.js';

const cmd: CommandSpec = {
  name: 'train',
  summary: 'Pretrain an encoder.',
  flags: {
    data: {
      type: 'string',
      help: 'dataset',
      default: 'fashion-mnist',
      metavar: 'fashion-mnist|mnist|<folder>',
    },
    backend: { type: 'string', help: 'compute backend', default: 'auto', choices: ['auto', 'webgpu', 'cpu'] },
    epochs: { type: 'integer', help: 'epochs', default: 1 },
    lambda: { type: 'number', help: 'SIGReg weight', default: 0.05 },
    resume: { type: 'boolean', help: 'continue a run', default: false },
    'local-scale': { type: 'range', help: 'crop area range', default: '0.05,0.3', metavar: 'lo,hi' },
  },
};

describe('command-line flags', () => {
  it('parses typed values and fills defaults', () => {
    expect(parseFlags(cmd, ['--epochs', '3', '--lambda=0.1', '--resume'])).toEqual({
      help: false,
      data: 'fashion-mnist',
      backend: 'auto',
      epochs: 3,
      lambda: 0.1,
      resume: true,
      'local-scale': '0.05,0.3',
    });
    expect(parseFlags(cmd, ['--local-scale', '0.1, 0.5'])['local-scale']).toBe('0.1, 0.5');
    expect(parseRange('0.1, 0.5')).toEqual([0.1, 0.5]);
  });

  it.each([
    [['--epochs', 'two'], /^isotropic train: --epochs expects an integer, got 'two'$/],
    [['--epochs', '1.5'], /--epochs expects an integer, got '1.5'/],
    [['--lambda', ''], /--lambda expects a number/],
    [['--backend', 'cuda'], /^isotropic train: --backend must be one of auto, webgpu, cpu; got 'cuda'$/],
    [['--bogus'], /^isotropic train: Unknown option '--bogus'.*see isotropic train --help/],
    [['stray'], /^isotropic train: Unexpected argument 'stray'/],
    [['--local-scale', '0.3'], /--local-scale expects two numbers 'lo,hi' with 0 < lo <= hi <= 1, got '0.3'/],
    [['--local-scale', '0.5,0.2'], /--local-scale expects two numbers/],
    [['--local-scale', '0,0.2'], /--local-scale expects two numbers/],
    [['--local-scale', '0.2,1.5'], /--local-scale expects two numbers/],
    [['--local-scale', 'a,b'], /--local-scale expects two numbers/],
  ])('%j is a one-line usage error', (argv, message) => {
    expect(() => parseFlags(cmd, argv)).toThrow(UsageError);
    expect(() => parseFlags(cmd, argv)).toThrow(message);
  });

  it('--help documents every flag with its default', () => {
    const text = helpText(cmd);
    for (const name of Object.keys(cmd.flags)) expect(text).toContain(`--${name}`);
    expect(text).toContain('(default: fashion-mnist)');
    expect(text).toContain('<auto|webgpu|cpu>');
  });
});
