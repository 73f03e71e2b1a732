/** SLA module: business calendars with PRC holidays, SLA policies and clocks. Pure, no I/O. */
export * from './time';
export * from './holidays';
export * from './calendar';
export * from './policy';
export * from './clock';
export * from './messages';
