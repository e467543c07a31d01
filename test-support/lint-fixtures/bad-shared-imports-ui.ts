// Linted as src/shared/lint-fixture.ts: shared code is used by both threads, so it cannot need the UI.
export { default as App } from '../ui/App.svelte';
