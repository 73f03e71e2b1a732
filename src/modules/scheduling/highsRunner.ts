/**
 * Runs one CPLEX-LP model through HiGHS in a worker thread (node:worker_threads), so a long solve
 * never blocks the server's event loop, and a cancel is a plain `worker.terminate()`.
 *
 * Progress comes from two sides: HiGHS' own MIP logging callback (incumbent, bound, gap, nodes),
 * relayed by the worker, and a parent-side tick every ~500 ms carrying the elapsed time and the
 * latest figures, so that a client sees life even while HiGHS is in presolve or a long LP.
 */
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type SolveStatus =
  /** Proved optimal within the relative-gap target. */
  | 'optimal'
  /** Stopped by the time limit; the best solution found so far is returned. */
  | 'time_limit'
  /** Cancelled by the caller; the last incumbent (if any) is returned. */
  | 'cancelled'
  /** A valid solution from a heuristic, without a proven bound (no solver run, or the solver did not beat it). */
  | 'feasible'
  | 'infeasible'
  | 'unbounded'
  | 'error';

export type SolvePhase = 'building' | 'loading' | 'solving' | 'tick' | 'incumbent' | 'done' | 'cancelled';

export interface SolveProgress {
  phase: SolvePhase;
  elapsedMs: number;
  /** Best known objective (incumbent), if any. */
  objective: number | null;
  /** Best proven bound, if any. */
  bestBound: number | null;
  /** Relative gap |objective − bound| / |objective| as HiGHS reports it. */
  gap: number | null;
  nodes: number | null;
  message?: string;
}

export interface HighsRunOptions {
  timeLimitSeconds: number;
  /** Stop once the relative MIP gap is at most this (0.01 = 1 %). */
  mipRelGap: number;
  /** Extra HiGHS options (snake_case names), e.g. `{ random_seed: 1 }`. */
  extra?: Record<string, number | string | boolean>;
  /** Stream every improving solution to the parent, so a cancel still returns the best one. */
  streamIncumbents?: boolean;
  /** A feasible starting point by variable name (others are completed by HiGHS). */
  start?: Map<string, number>;
}

export interface HighsRunHooks {
  onProgress?: (p: SolveProgress) => void;
  signal?: AbortSignal;
  /** Parent-side tick period; default 500 ms. */
  tickMs?: number;
}

export interface HighsRunResult {
  status: SolveStatus;
  /** HiGHS model-status code (see highs.constants.modelStatus), null if the worker never finished. */
  modelStatus: number | null;
  objective: number | null;
  bestBound: number | null;
  gap: number | null;
  nodes: number | null;
  /** HiGHS run time in seconds (solve only); `wallMs` includes worker start and LP parsing. */
  solverSeconds: number | null;
  wallMs: number;
  /** Column values by LP variable name; null when no solution is available. */
  values: Map<string, number> | null;
  /** True when `values` is the last streamed incumbent rather than HiGHS' final answer. */
  fromIncumbent: boolean;
  message?: string;
}

const WORKER_URL = new URL('./highsWorker.mjs', import.meta.url);

/** HiGHS' wasm compiled once per process and handed to every worker (saves ~50–100 ms a solve). */
let compiled: Promise<WebAssembly.Module | null> | null = null;
function compiledHighs(): Promise<WebAssembly.Module | null> {
  compiled ??= readFile(createRequire(import.meta.url).resolve('highs/runtime'))
    .then((bytes) => WebAssembly.compile(bytes))
    .catch(() => null); // the worker then loads the wasm itself
  return compiled;
}

/** Extra wall time allowed beyond HiGHS' own time limit (wasm load, LP parse) before we kill it. */
const WATCHDOG_GRACE_MS = 15_000;

function mapStatus(code: number): SolveStatus {
  switch (code) {
    case 7:
    case 11:
    case 12:
      return 'optimal';
    case 8:
      return 'infeasible';
    case 9:
    case 10:
      return 'unbounded';
    case 13:
    case 14:
    case 16:
    case 17:
      return 'time_limit';
    default:
      return 'error';
  }
}

/** Drop floating noise (39504499.999999985 → 39504500) without hiding real fractions. */
function tidy(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1e3) / 1e3;
}

export async function runHighs(lp: string, options: HighsRunOptions, hooks: HighsRunHooks = {}): Promise<HighsRunResult> {
  const t0 = performance.now();
  const wasmModule = hooks.signal?.aborted ? null : await compiledHighs();
  const elapsed = () => Math.round(performance.now() - t0);
  const latest: { objective: number | null; bestBound: number | null; gap: number | null; nodes: number | null } = {
    objective: null,
    bestBound: null,
    gap: null,
    nodes: null,
  };
  const emit = (phase: SolvePhase, message?: string) => {
    hooks.onProgress?.({ phase, elapsedMs: elapsed(), ...latest, ...(message ? { message } : {}) });
  };

  return new Promise<HighsRunResult>((resolve) => {
    let names: string[] | null = null;
    let incumbent: Float64Array | null = null;
    let settled = false;

    const worker = new Worker(WORKER_URL, {
      workerData: {
        lp,
        options: {
          time_limit: options.timeLimitSeconds,
          mip_rel_gap: options.mipRelGap,
          ...(options.extra ?? {}),
        },
        streamIncumbents: options.streamIncumbents ?? false,
        wasmModule,
        start: options.start ? [...options.start] : undefined,
      },
    });

    const toMap = (values: Float64Array | null): Map<string, number> | null => {
      if (!values || !names) return null;
      const m = new Map<string, number>();
      for (let i = 0; i < names.length; i++) m.set(names[i], values[i]);
      return m;
    };

    const finish = (r: Omit<HighsRunResult, 'wallMs'>) => {
      if (settled) return;
      settled = true;
      clearInterval(ticker);
      clearTimeout(watchdog);
      hooks.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve({ ...r, wallMs: elapsed() });
    };

    const stopEarly = (status: SolveStatus, message: string) => {
      finish({
        status,
        modelStatus: null,
        ...latest,
        solverSeconds: null,
        values: toMap(incumbent),
        fromIncumbent: incumbent !== null,
        message,
      });
      emit(status === 'cancelled' ? 'cancelled' : 'done', message);
    };

    const onAbort = () => stopEarly('cancelled', 'cancelled by caller');
    const ticker = setInterval(() => emit('tick'), hooks.tickMs ?? 500);
    const watchdog = setTimeout(
      () => stopEarly('time_limit', 'watchdog: solver exceeded its time limit'),
      options.timeLimitSeconds * 1000 + WATCHDOG_GRACE_MS,
    );

    if (hooks.signal?.aborted) {
      onAbort();
      return;
    }
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    emit('loading');

    worker.on('message', (msg: any) => {
      if (settled) return;
      switch (msg.type) {
        case 'loaded':
          names = msg.names;
          emit('solving');
          break;
        case 'log':
          if (msg.primal !== null) latest.objective = msg.primal;
          if (msg.dual !== null) latest.bestBound = msg.dual;
          if (msg.gap !== null) latest.gap = msg.gap;
          if (msg.nodes !== null) latest.nodes = msg.nodes;
          break;
        case 'incumbent':
          incumbent = msg.values;
          if (msg.objective !== null) latest.objective = msg.objective;
          emit('incumbent');
          break;
        case 'done': {
          const status = mapStatus(msg.modelStatus);
          const values = msg.values as Float64Array | null;
          const objective: number | null = tidy(msg.objective);
          // Pure LPs carry no MIP bound: an optimal LP's bound is its objective.
          let bestBound: number | null = tidy(msg.bound);
          let gap: number | null = msg.gap;
          if (status === 'optimal' && objective !== null && (bestBound === null || Math.abs(bestBound) > 1e29)) {
            bestBound = objective;
            gap = 0;
          }
          if (gap !== null && gap > 1e29) gap = null;
          latest.objective = objective;
          latest.bestBound = bestBound;
          latest.gap = gap;
          latest.nodes = msg.nodes;
          const usedIncumbent = !values && incumbent !== null;
          finish({
            status,
            modelStatus: msg.modelStatus,
            objective,
            bestBound,
            gap,
            nodes: msg.nodes,
            solverSeconds: msg.seconds,
            values: toMap(values ?? incumbent),
            fromIncumbent: usedIncumbent,
          });
          emit('done');
          break;
        }
        case 'warning':
          emit('tick', msg.message);
          break;
        case 'error':
          stopEarly('error', msg.message);
          break;
      }
    });
    worker.on('error', (err) => stopEarly('error', String(err?.message ?? err)));
    worker.on('exit', (code) => {
      if (!settled) stopEarly('error', `solver worker exited (code ${code})`);
    });
  });
}

/**
 * A running solve the server can expose: `progress` events (turn into SSE), `cancel()`,
 * and the `result` promise (never rejects for solver trouble; statuses say what happened).
 */
export class SolveJob<T> extends EventEmitter<{ progress: [SolveProgress] }> {
  readonly result: Promise<T>;
  private readonly controller = new AbortController();

  constructor(run: (hooks: HighsRunHooks) => Promise<T>) {
    super();
    this.result = Promise.resolve().then(() =>
      run({ signal: this.controller.signal, onProgress: (p) => this.emit('progress', p) }),
    );
  }

  cancel(): void {
    this.controller.abort();
  }
}
