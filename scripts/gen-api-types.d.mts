// Types of scripts/gen-api-types.mjs for the TypeScript that imports it (test/openapi-types.test.ts).
export const ROOT: string;
export const TYPES_FILE: string;
export interface OpenApiDocument {
  paths: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown> } & Record<string, unknown>;
  [key: string]: unknown;
}
export function openApiDocument(): Promise<OpenApiDocument>;
export function renderApiTypes(doc: OpenApiDocument): Promise<string>;
export function generateApiTypes(): Promise<string>;
