import { seedWords } from './hash.js';
import { Rng } from './rng.js';

/**
 * The counter-based scheme that makes loading reproducible: every random
 * decision is drawn from a generator keyed by what it is *for*, never by what
 * ran before it. Keys (all hashed together with the seed):
 *
 *   shuffle order of epoch e        -> (STREAM_SHUFFLE, e)
 *   augmentation of view v of
 *   dataset item i in epoch e       -> (STREAM_VIEW, e, i, v)
 *
 * So a worker that augments item i needs only (seed, epoch, i, v), and the
 * batches are identical whichever thread, worker or order computed them.
 */
const STREAM_SHUFFLE = 0x5348_5546; // "SHUF"
const STREAM_VIEW = 0x5649_4557; // "VIEW"
const STREAM_SPLIT = 0x5350_4c54; // "SPLT"

export function shuffleRng(seed: number, epoch: number): Rng {
  return Rng.fromCounters([...seedWords(seed), STREAM_SHUFFLE, epoch]);
}

export function viewRng(seed: number, epoch: number, index: number, view: number): Rng {
  return Rng.fromCounters([...seedWords(seed), STREAM_VIEW, epoch, index, view]);
}

export function splitRng(seed: number): Rng {
  return Rng.fromCounters([...seedWords(seed), STREAM_SPLIT]);
}
