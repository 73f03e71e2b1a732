/** Registers this module's routes, commands, jobs and demo seeders (see src/modules/register.ts). */
export {};
