/**
 * Workforce-planning API (/api/wfm), one file per sub-concept: queues, their calendars and the
 * screens' reference data (queueRoutes.ts), call-history and interval-count imports with progress
 * (importRoutes.ts), and interval statistics, forecasts (with the backtest that chose the method),
 * intraday re-forecast, staffing and the Erlang calculator (forecastRoutes.ts).
 */
import type { FastifyInstance } from 'fastify';
import { wfmForecastRoutes } from './forecastRoutes';
import { wfmImportRoutes } from './importRoutes';
import './messages';
import { wfmQueueRoutes } from './queueRoutes';

/** One plugin, the parts registered in this order (the OpenAPI document lists the routes so). */
export async function wfmRoutes(app: FastifyInstance) {
  await wfmQueueRoutes(app);
  await wfmImportRoutes(app);
  await wfmForecastRoutes(app);
}
