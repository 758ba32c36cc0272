// Types of eslint.config.js for the test that checks the layer rule (tests/unit/layers.test.ts).
import type { ESLint, Linter } from 'eslint';
export const layers: ESLint.Plugin;
declare const config: Linter.Config[];
export default config;
