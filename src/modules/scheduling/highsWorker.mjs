// Worker thread that only runs HiGHS. Plain JavaScript on purpose: it must load the same way
// under node, tsx and vitest without a TypeScript loader inside the worker.
//
// In:  { lp: string, options: Record<string, number|string|boolean>, streamIncumbents: boolean,
//        wasmModule?: WebAssembly.Module (precompiled by the parent),
//        start?: [name, value][] (a feasible point to start from) }
// Out: { type: 'loaded', names, seconds }
//      { type: 'log', seconds, primal, dual, gap, nodes }                 (MIP progress, throttled)
//      { type: 'incumbent', seconds, objective, values: Float64Array }  (new best solution)
//      { type: 'done', modelStatus, objective, bound, gap, nodes, seconds, values }
//      { type: 'warning', message }
//      { type: 'error', message }
import { parentPort, workerData } from 'node:worker_threads';
import loadHighs from 'highs';

const LOG_EVERY_MS = 250;

async function main() {
  const { lp, options, streamIncumbents, wasmModule, start } = workerData;
  const t0 = performance.now();
  const highs = await loadHighs(wasmModule ? { wasmModule } : {});
  const model = highs.createModel({ format: 'lp', data: lp });
  try {
    // Logging must be on for HiGHS to fire its MIP logging callback; the console stays quiet.
    model.options.set({ output_flag: true, log_to_console: false, ...options });
    const { numCols } = model.getDimensions();
    const names = new Array(numCols);
    for (let i = 0; i < numCols; i++) names[i] = model.getColName(i);
    parentPort.postMessage({ type: 'loaded', names, seconds: (performance.now() - t0) / 1000 });
    if (start) {
      // A known feasible point (e.g. the roster heuristic): HiGHS completes the other columns.
      const index = new Map(names.map((n, i) => [n, i]));
      const idx = [];
      const val = [];
      for (const [name, v] of start) {
        const i = index.get(name);
        if (i !== undefined) {
          idx.push(i);
          val.push(v);
        }
      }
      try {
        model.setSolution({ indices: Int32Array.from(idx), values: Float64Array.from(val) });
      } catch (err) {
        parentPort.postMessage({ type: 'warning', message: `start solution rejected: ${err?.message ?? err}` });
      }
    }

    const cb = highs.constants.callbackType;
    let lastLog = 0;
    const callbacks = {
      [cb.mipLogging](event) {
        const now = performance.now();
        if (now - lastLog < LOG_EVERY_MS) return;
        lastLog = now;
        const d = event.data;
        parentPort.postMessage({
          type: 'log',
          seconds: d.running_time ?? 0,
          primal: finite(d.mip_primal_bound),
          dual: finite(d.mip_dual_bound),
          gap: finite(d.mip_gap),
          nodes: d.mip_node_count === undefined ? null : Number(d.mip_node_count),
        });
      },
    };
    if (streamIncumbents) {
      callbacks[cb.mipImprovingSolution] = (event) => {
        const values = new Float64Array(event.data.mip_solution ?? []);
        parentPort.postMessage(
          {
            type: 'incumbent',
            seconds: event.data.running_time ?? 0,
            objective: finite(event.data.objective_function_value),
            values,
          },
          [values.buffer],
        );
      };
    }
    const run = model.run(callbacks);
    const info = (name) => {
      try {
        const v = model.info.get(name);
        return finite(typeof v === 'bigint' ? Number(v) : v);
      } catch {
        return null;
      }
    };
    const primalStatus = info('primal_solution_status');
    const hasSolution = primalStatus === 2;
    const values = hasSolution ? new Float64Array(model.getSolution().colValue) : null;
    parentPort.postMessage(
      {
        type: 'done',
        modelStatus: run.modelStatus,
        objective: hasSolution ? model.getObjectiveValue() : null,
        bound: info('mip_dual_bound'),
        gap: info('mip_gap'),
        nodes: info('mip_node_count'),
        seconds: model.getRunTime(),
        values,
      },
      values ? [values.buffer] : [],
    );
  } finally {
    model.dispose();
  }
}

function finite(v) {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

main().catch((err) => {
  parentPort.postMessage({ type: 'error', message: String(err?.message ?? err) });
});
