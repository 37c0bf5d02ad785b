import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';

/** AMD's family numbers (a VM often reports only "AMD EPYC"). */
const AMD_FAMILIES = { 23: 'Zen / Zen 2', 25: 'Zen 3 / Zen 4', 26: 'Zen 5' };

/** CPU family / model from /proc/cpuinfo (Linux), to tell e.g. Zen 4 from Zen 5 behind a generic name. */
function cpuFamily() {
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const field = (name) => info.match(new RegExp(`^${name}\\s*:\\s*(.+)$`, 'm'))?.[1]?.trim();
    const flags = (field('flags') ?? '').split(' ');
    const simd = ['avx512f', 'avx2', 'fma'].filter((f) => flags.includes(f)).join(', ');
    const family = Number(field('cpu family'));
    const arch = field('vendor_id') === 'AuthenticAMD' ? AMD_FAMILIES[family] : undefined;
    const vm = flags.includes('hypervisor') ? ', virtual machine' : '';
    return `${arch ? `${arch}, ` : ''}family ${family} model ${field('model')}${simd ? `; ${simd}` : ''}${vm}`;
  } catch {
    return undefined;
  }
}

/** Data / unified caches as core 0 sees them (Linux sysfs), e.g. "L1d 48K, L2 1024K, L3 32768K". */
function caches() {
  try {
    const dir = '/sys/devices/system/cpu/cpu0/cache';
    const out = [];
    for (const index of readdirSync(dir).filter((d) => d.startsWith('index'))) {
      const read = (f) => readFileSync(`${dir}/${index}/${f}`, 'utf8').trim();
      if (read('type') === 'Instruction') continue;
      out.push(`L${read('level')}${read('type') === 'Data' ? 'd' : ''} ${read('size')}`);
    }
    return out.join(', ');
  } catch {
    return '';
  }
}

/** One line naming the machine the numbers come from. */
export function describeMachine() {
  const cpu = cpus()[0]?.model?.trim() ?? 'unknown CPU';
  const family = cpuFamily();
  const cache = caches();
  const mem = (totalmem() / 2 ** 30).toFixed(0);
  return `${cpu}${family ? ` (${family})` : ''}, ${availableParallelism()} cores${cache ? ` (caches ${cache})` : ''}, ${mem} GiB; Node ${process.versions.node}, V8 ${process.versions.v8}`;
}

export function loadAverage() {
  return loadavg()
    .map((x) => x.toFixed(2))
    .join(' / ');
}
