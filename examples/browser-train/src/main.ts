import './style.css';
import type { DirectoryHandleLike } from '@isotropic/data';
import type { Backend } from '@isotropic/tensor';
import { type BackendChoice, initBackend } from '@isotropic/webgpu';
import { embeddingChart, trainingCharts } from './charts.js';
import { configFromSearch, DEFAULT_CONFIG, type RunConfig } from './config.js';
import { type FolderSource, loadFolder, loadSample, type TrainingData } from './datasets.js';
import { MODEL_NAME, type StepInfo, TrainingSession } from './session.js';

type PageState = 'idle' | 'loading' | 'training' | 'stopping' | 'stopped' | 'done' | 'error';

/**
 * What the page exposes for scripts and the browser test (`window.__isotropic`);
 * `document.body.dataset.state` mirrors `state`.
 */
interface PageProbe {
  state: PageState;
  /** The line initBackend logged, e.g. "backend: webgpu on google / swiftshader (software adapter: ...)". */
  backend: string | null;
  backendKind: 'webgpu' | 'cpu' | null;
  data: string | null;
  steps: StepInfo[];
  /** Names of the tensors the downloaded encoder holds. */
  paramNames: string[];
  embeddingUpdates: number;
  /** How many steps had finished when Stop was clicked. */
  stoppedAfter: number | null;
  error: string | null;
}

declare global {
  interface Window {
    __isotropic: PageProbe;
    showDirectoryPicker?: (options?: { mode?: 'read' | 'readwrite' }) => Promise<DirectoryHandleLike>;
  }
}

const probe: PageProbe = {
  state: 'idle',
  backend: null,
  backendKind: null,
  data: null,
  steps: [],
  paramNames: [],
  embeddingUpdates: 0,
  stoppedAfter: null,
  error: null,
};
window.__isotropic = probe;

function $<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html has no #${id}`);
  return el as T;
}

const ui = {
  sourceSample: $<HTMLInputElement>('source-sample'),
  sourceFolder: $<HTMLInputElement>('source-folder'),
  pickDirectory: $<HTMLButtonElement>('pick-directory'),
  folderInput: $<HTMLInputElement>('folder-input'),
  dataStatus: $<HTMLParagraphElement>('data-status'),
  settings: $<HTMLFormElement>('settings'),
  start: $<HTMLButtonElement>('start'),
  stop: $<HTMLButtonElement>('stop'),
  download: $<HTMLButtonElement>('download'),
  downloadLink: $<HTMLAnchorElement>('download-link'),
  backend: $<HTMLElement>('backend'),
  model: $<HTMLElement>('model'),
  progress: $<HTMLElement>('progress'),
  charts: {
    loss: $<HTMLElement>('chart-loss'),
    sim: $<HTMLElement>('chart-sim'),
    sigreg: $<HTMLElement>('chart-sigreg'),
    probe: $<HTMLElement>('chart-probe'),
    embedding: $<HTMLElement>('chart-embedding'),
  },
};

// ---- settings form <-> RunConfig -------------------------------------------------------------

const FORM_FIELDS = [
  'backend',
  'steps',
  'batchSize',
  'localViews',
  'embedDim',
  'depth',
  'lambda',
  'lr',
] as const;

function writeForm(config: RunConfig): void {
  for (const name of FORM_FIELDS) {
    const field = ui.settings.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement | null;
    if (field) field.value = String(config[name]);
  }
}

function readForm(base: RunConfig): RunConfig {
  const params = new URLSearchParams();
  for (const [name, value] of new FormData(ui.settings)) params.set(name, String(value));
  const config = configFromSearch(params.toString(), base);
  // the heads must divide the width
  if (config.embedDim % config.numHeads !== 0) config.numHeads = 1;
  return config;
}

// ---- state and rendering -----------------------------------------------------------------------

function setState(state: PageState, message?: string): void {
  probe.state = state;
  document.body.dataset.state = state;
  const running = state === 'loading' || state === 'training' || state === 'stopping';
  ui.start.disabled = running;
  ui.stop.disabled = state !== 'training';
  ui.settings.querySelectorAll('input, select').forEach((el) => {
    (el as HTMLInputElement).disabled = running;
  });
  ui.pickDirectory.disabled = running;
  ui.folderInput.disabled = running;
  if (message !== undefined) ui.progress.textContent = message;
}

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  probe.error = message;
  console.error(error);
  setState('error', `error: ${message}`);
}

let lastDraw = 0;
let drawPending = false;

/** Redraws the curves at most every 250 ms (SVG strings are cheap, but not free at every step). */
function drawCharts(force = false): void {
  const now = performance.now();
  if (!force && now - lastDraw < 250) {
    if (!drawPending) {
      drawPending = true;
      setTimeout(() => {
        drawPending = false;
        drawCharts(true);
      }, 250);
    }
    return;
  }
  lastDraw = now;
  const svgs = trainingCharts(probe.steps);
  ui.charts.loss.innerHTML = svgs.loss;
  ui.charts.sim.innerHTML = svgs.sim;
  ui.charts.sigreg.innerHTML = svgs.sigreg;
  ui.charts.probe.innerHTML = svgs.probe;
}

function describeProgress(s: StepInfo, total: number): string {
  const first = probe.steps[0]!;
  const acc = s.probeAccuracy === undefined ? '' : `, probe acc ${(s.probeAccuracy * 100).toFixed(0)}%`;
  return (
    `step ${s.step + 1} / ${total} (epoch ${s.epoch + 1}): loss ${s.loss.toFixed(4)} ` +
    `(started at ${first.loss.toFixed(4)}), sim ${s.sim.toFixed(4)}, SIGReg ${s.sigreg.toFixed(3)}${acc}, ` +
    `${Math.round(s.ms)} ms/step`
  );
}

// ---- data ----------------------------------------------------------------------------------------

let folderSource: FolderSource | undefined;

function chooseFolder(source: FolderSource, label: string): void {
  folderSource = source;
  ui.sourceFolder.checked = true;
  ui.dataStatus.textContent = `${label} selected; it is read when training starts.`;
}

ui.pickDirectory.addEventListener('click', async () => {
  if (!window.showDirectoryPicker) {
    ui.folderInput.click();
    return;
  }
  try {
    const handle = await window.showDirectoryPicker({ mode: 'read' });
    chooseFolder(handle, `Folder “${handle.name}”`);
  } catch (error) {
    if ((error as Error).name !== 'AbortError') fail(error);
  }
});

ui.folderInput.addEventListener('change', () => {
  const files = ui.folderInput.files;
  if (files && files.length > 0) chooseFolder(files, `${files.length} files`);
});

async function loadData(config: RunConfig): Promise<TrainingData> {
  if (ui.sourceFolder.checked) {
    if (!folderSource) throw new Error('choose a folder of images first (or use the built-in sample)');
    ui.dataStatus.textContent = 'Decoding your images in this tab…';
    let skipped = 0;
    const data = await loadFolder(folderSource, config.globalSize, (path, reason) => {
      skipped++;
      console.warn(`skipped ${path}: ${reason}`);
    });
    const note = skipped
      ? `; ${skipped} unreadable file${skipped === 1 ? '' : 's'} skipped (see the console)`
      : '';
    ui.dataStatus.textContent = `${data.name}${note}.`;
    return data;
  }
  const data = await loadSample();
  ui.dataStatus.textContent = `${data.name}.`;
  return data;
}

// ---- backend --------------------------------------------------------------------------------

let backend: { choice: BackendChoice; instance: Backend } | undefined;
let backendInit: Promise<void> = Promise.resolve();

/** Initialises the chosen backend once (calls queue behind each other). */
function ensureBackend(choice: BackendChoice): Promise<void> {
  backendInit = backendInit.catch(() => {}).then(() => switchBackend(choice));
  return backendInit;
}

async function switchBackend(choice: BackendChoice): Promise<void> {
  if (backend?.choice === choice) return;
  let line = '';
  const logger = {
    info: (m: string) => {
      line = m;
      console.info(`[isotropic] ${m}`);
    },
    warn: (m: string) => console.warn(`[isotropic] ${m}`),
  };
  const instance = await initBackend(choice, { logger });
  // the previous run's tensors are disposed by now: free the old GPU device, if any
  // (the CPU backend is a shared singleton and stays)
  const previous = backend?.instance;
  if (previous && previous !== instance && previous.name === 'webgpu')
    (previous as Backend & { destroy?: () => void }).destroy?.();
  backend = { choice, instance };
  probe.backend = line;
  probe.backendKind = instance.name === 'webgpu' ? 'webgpu' : 'cpu';
  ui.backend.textContent = line.replace(/^backend: /, '');
}

// ---- the run --------------------------------------------------------------------------------

let session: TrainingSession | undefined;
let running: Promise<unknown> | undefined;

async function start(): Promise<void> {
  await running; // a stopped run finishes its step first
  const config = readForm(configFromSearch(location.search, DEFAULT_CONFIG));
  probe.steps = [];
  probe.embeddingUpdates = 0;
  probe.stoppedAfter = null;
  probe.error = null;
  ui.download.disabled = true;
  ui.charts.embedding.innerHTML = '';
  drawCharts(true);
  setState('loading', 'loading the data and starting the backend…');
  if (session) await session.dispose();
  session = undefined;
  const data = await loadData(config);
  probe.data = data.name;
  await ensureBackend(config.backend);
  const s = new TrainingSession(data, config);
  session = s;
  probe.paramNames = s.stateNames;
  ui.model.textContent =
    `ViT, 4 px patches, width ${config.embedDim}, depth ${config.depth}, ${config.numHeads} heads ` +
    `(createModel('${MODEL_NAME}', …)), ${s.encoder.numParameters().toLocaleString('en')} parameters; ` +
    `views ${config.globalViews}×${data.size} px + ${config.localViews}×${config.localSize} px, batch ${Math.min(config.batchSize, data.train.length)}`;
  ui.download.disabled = false;
  setState('training', 'waiting for the first batch…');
  const ended = await s.run({
    onStep: (info) => {
      probe.steps.push(info);
      ui.progress.textContent = describeProgress(info, config.steps);
      drawCharts();
    },
    onEmbedding: (points, labels, step) => {
      probe.embeddingUpdates++;
      ui.charts.embedding.innerHTML = embeddingChart(points, labels, data.classNames, step);
    },
  });
  drawCharts(true);
  const last = probe.steps.at(-1);
  setState(
    ended,
    last
      ? `${ended === 'done' ? 'finished' : 'stopped'}: ${describeProgress(last, config.steps)}`
      : 'stopped before the first step',
  );
}

ui.start.addEventListener('click', () => {
  running = start().catch(fail);
});

ui.stop.addEventListener('click', () => {
  if (!session || probe.state !== 'training') return;
  probe.stoppedAfter = probe.steps.length;
  setState('stopping', 'stopping after this step…');
  session.stop();
});

ui.download.addEventListener('click', async () => {
  if (!session) return;
  const s = session;
  ui.download.disabled = true;
  try {
    const bytes = await s.exportEncoder();
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
    const link = ui.downloadLink;
    if (link.href.startsWith('blob:')) URL.revokeObjectURL(link.href);
    link.href = url;
    link.download = `lejepa-${MODEL_NAME}-step${s.trainer.step}.safetensors`;
    link.textContent = `${link.download} (${(bytes.byteLength / 1024).toFixed(0)} KiB)`;
    link.hidden = false;
    link.click();
  } catch (error) {
    fail(error);
  } finally {
    ui.download.disabled = false;
  }
});

const initial = configFromSearch(location.search, DEFAULT_CONFIG);
writeForm(initial);
drawCharts(true);
setState('idle', 'idle: choose the data, then Start training');
// Show which backend this browser gets right away (Start re-initialises if the choice changes).
ui.backend.textContent = 'starting…';
ensureBackend(initial.backend).catch((error: unknown) => {
  probe.error = error instanceof Error ? error.message : String(error);
  ui.backend.textContent = `unavailable: ${probe.error}`;
});
