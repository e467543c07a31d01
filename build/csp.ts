import type { Plugin } from 'vite';

/**
 * The page's Content-Security-Policy. Scripts, styles, workers and everything else come only from
 * this origin: no inline script or style, no eval (the page compiles no WebAssembly; the database
 * worker does, under its own policy, see README "Deploying"). `connect-src` also allows https: and
 * local http: servers, because the model providers are whatever the user configures (OpenAI,
 * Ollama on localhost, ...) and a policy in a meta tag cannot change at run time.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * Writes the policy into the built index.html as a meta tag, so it holds on any static host. Only
 * in builds: the dev server injects inline styles for hot reloading, which the policy forbids.
 */
export function contentSecurityPolicy(): Plugin {
  return {
    name: 'libragent:csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}
