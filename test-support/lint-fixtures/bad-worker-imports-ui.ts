// Linted as src/worker/lint-fixture.ts: the worker has no DOM and never depends on the UI.
export { default as App } from '../ui/App.svelte';
