// Types of scripts/builds.mjs for the TypeScript that imports it (the CLI, the e2e setup, tests).
export const ROOT: string;
export const WEB_INPUTS: string[];
export const SERVER_INPUTS: string[];
export function contentHash(root: string, inputs: string[]): string;
export function webDist(root?: string): string;
export function webBuildState(root?: string): { fresh: boolean; hash: string; built: string | null; hasSources: boolean };
export function precompress(dir: string): number;
export function buildWeb(root?: string, opts?: { quiet?: boolean }): boolean;
export function ensureWebBuild(root?: string, opts?: { quiet?: boolean }): 'fresh' | 'built' | 'failed' | 'no-sources';
export interface ServerBuildState {
  hash: string;
  dir: string;
  entry: string;
  fresh: boolean;
}
export function serverDistRoot(root?: string): string;
export function serverBuildState(root?: string): ServerBuildState;
export function buildServer(root?: string): Promise<ServerBuildState>;
export function compiledCli(root?: string): Promise<string | null>;
