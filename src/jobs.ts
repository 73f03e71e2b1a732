import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from './core/context';

/** A background job started with the server; returns its stop function. Modules add theirs here. */
export type BackgroundJob = (ctx: AppContext, log: FastifyBaseLogger) => () => Promise<void>;
export const backgroundJobs: BackgroundJob[] = [];
