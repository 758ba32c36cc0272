/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** The directives both policies share: nothing but our own origin, no eval, no remote script, style, font or image. */
function policy(scriptSrc: readonly string[]): string {
  return [
    "default-src 'self'",
    `script-src ${scriptSrc.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The Content-Security-Policy of the built app: nothing but our own origin, no eval.
 * Monaco needs 'unsafe-inline' styles (it writes <style> elements and style attributes at run time);
 * it does not need 'unsafe-eval'. Written into the built index.html, and sent as a header by `vite preview`.
 */
export const CONTENT_SECURITY_POLICY = policy(["'self'"]);

/** React Refresh's preamble: the one inline script of the dev server (plugin-react writes it into index.html). */
const REFRESH_PREAMBLE = react.preambleCode.replace('__BASE__', '/');

/**
 * The policy of the dev server (`npm start`), sent as a header: the production policy, with the React Refresh
 * preamble allowed by its hash (not 'unsafe-inline'). Vite's client, modules and workers are served from our origin;
 * its HMR websocket connects to the page's own host and port, which 'self' covers (CSP 3: 'self' matches ws: and
 * wss: of the same host). So a pasted value can no more reach another host in development than in production.
 */
export const DEV_CONTENT_SECURITY_POLICY = policy([
  "'self'",
  `'sha256-${createHash('sha256').update(REFRESH_PREAMBLE).digest('base64')}'`,
]);

function contentSecurityPolicy(): Plugin {
  return {
    name: 'kube-explainer-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      ),
  };
}

export default defineConfig({
  plugins: [react(), contentSecurityPolicy()],
  server: { port: 5173, headers: { 'Content-Security-Policy': DEV_CONTENT_SECURITY_POLICY } },
  preview: { port: 4173, headers: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY } },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4000,
    sourcemap: false,
  },
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
