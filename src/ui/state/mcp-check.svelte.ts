import type { Remote } from 'comlink';
import type { WorkerApi } from '../../shared/api';
import type { McpServerConfig } from '../../shared/mcp-settings';
import { describeError } from './connection.svelte';

export interface McpCheckResult {
  ok: boolean;
  text: string;
}

/**
 * "Test connection" for MCP servers being edited: what each test found, by the server's key, and
 * the tests under way, which Cancel stops (the worker also ends each within the server's timeout).
 */
export class McpCheck {
  results = $state<Record<string, McpCheckResult>>({});
  /** The id of the test running for each server key. */
  running = $state<Record<string, string>>({});

  constructor(private readonly api: Remote<WorkerApi>) {}

  /** `config` is the server's settings, or the reason they are not valid yet (shown as the result). */
  async test(key: string, config: McpServerConfig | string): Promise<void> {
    if (typeof config === 'string') {
      this.results[key] = { ok: false, text: config };
      return;
    }
    if (this.running[key]) return;
    const testId = crypto.randomUUID();
    this.running[key] = testId;
    this.results[key] = { ok: true, text: 'Connecting…' };
    try {
      const tools = await this.api.mcp.test(config, testId);
      this.results[key] = {
        ok: true,
        text:
          tools.length === 0
            ? 'Connected: the server offers no tools.'
            : `Connected: ${tools.map((tool) => (tool.readOnly ? tool.name : `${tool.name} (asks first)`)).join(', ')}`,
      };
    } catch (failure) {
      const { code, message } = describeError(failure);
      this.results[key] = { ok: false, text: code === 'Cancelled' ? 'Test cancelled.' : message };
    } finally {
      delete this.running[key];
    }
  }

  /** Stops the test running for the server; its result says it was cancelled. */
  async cancel(key: string): Promise<void> {
    const testId = this.running[key];
    if (testId) await this.api.mcp.cancelTest(testId);
  }
}
