/**
 * Sub-commands contributed by feature modules (erlang, forecast, schedule, …).
 * A command gets its arguments and returns the exit code.
 */
export type Command = { summary: string; run: (args: string[]) => Promise<number> };
export const moduleCommands: Record<string, Command> = {};
