import type { Kind, KindTable } from '../types';
import { complaintTable } from './complaint';
import { hazardTable } from './hazard';
import { renovationTable } from './renovation';
import { repairTable } from './repair';
import { enquiryTable, praiseTable, suggestionTable } from './simple';

export { complaintTable, enquiryTable, hazardTable, praiseTable, renovationTable, repairTable, suggestionTable };

/** Every kind's transition table. */
export const LIFECYCLE_TABLES: Readonly<Record<Kind, KindTable>> = {
  repair: repairTable,
  complaint: complaintTable,
  enquiry: enquiryTable,
  suggestion: suggestionTable,
  praise: praiseTable,
  hazard: hazardTable,
  renovation: renovationTable,
};
