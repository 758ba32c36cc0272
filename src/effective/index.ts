/** The effective configuration stage: component instances and what each runs with. */
export * from './instances';
export * from './distributions';
export * from './configuration';
export * from './cache';
