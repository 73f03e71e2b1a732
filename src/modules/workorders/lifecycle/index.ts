/** Work-order lifecycle engine: transition tables as data, pure engine, labels. */
export * from './types';
export * from './engine';
export * from './labels';
export * as guards from './guards';
export { LIFECYCLE_TABLES, complaintTable, enquiryTable, hazardTable, praiseTable, renovationTable, repairTable, suggestionTable } from './tables';
export { renderLifecycleMarkdown } from './docs';
