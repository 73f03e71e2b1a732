import type { ContactCategory } from './schema';

/** What kind of work order a contact of each category becomes (其他服务 is handled as an enquiry). */
export function orderKindFor(category: ContactCategory): { kind: 'repair' | 'complaint' | 'enquiry' | 'suggestion' | 'praise'; areaScope: 'public' | 'unit' | null } {
  switch (category) {
    case 'public_repair':
      return { kind: 'repair', areaScope: 'public' };
    case 'unit_repair':
      return { kind: 'repair', areaScope: 'unit' };
    case 'complaint':
      return { kind: 'complaint', areaScope: null };
    case 'suggestion':
      return { kind: 'suggestion', areaScope: null };
    case 'praise':
      return { kind: 'praise', areaScope: null };
    default:
      return { kind: 'enquiry', areaScope: null };
  }
}
