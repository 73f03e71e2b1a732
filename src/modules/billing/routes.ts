/**
 * Billing set-up and bill runs, one file per sub-concept:
 * - feeRoutes.ts: fee items, discounts, settings (late fees, dunning ladder, receipt prefix);
 * - collectionRoutes.ts: collectors and collection plans;
 * - liabilityRoutes.ts: liabilities (move-in / move-out);
 * - billRunRoutes.ts: meter readings (entry and XLSX/CSV import) and bill runs.
 * Accounts, bills and payments are in ledgerRoutes.ts, dunning in dunningRoutes.ts, the cashier in cashierRoutes.ts.
 */
import type { FastifyInstance } from 'fastify';
import { billingRunRoutes } from './billRunRoutes';
import { billingCollectionRoutes } from './collectionRoutes';
import { billingFeeRoutes } from './feeRoutes';
import { billingLiabilityRoutes } from './liabilityRoutes';

/** One plugin, the parts registered in this order (the OpenAPI document lists the routes so). */
export async function billingSetupRoutes(app: FastifyInstance) {
  await billingFeeRoutes(app);
  await billingCollectionRoutes(app);
  await billingLiabilityRoutes(app);
  await billingRunRoutes(app);
}
