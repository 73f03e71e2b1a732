/**
 * Feature modules register their routes, CLI commands, background jobs and demo seeders here
 * (side-effect imports), so the core stays ignorant of which modules exist.
 */
export {};
