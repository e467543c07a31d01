import type { Remote } from 'comlink';
import type { WorkerApi } from '../../shared/api';
import type { McpServerConfig } from '../../shared/mcp-settings';
import { describeError } from './connection.svelte';

export interface McpCheckResult {
  ok: boolean;
  text: string;
}

/** "Test connection" for MCP servers being edited: what each test found, by the server's key. */
export class McpCheck {
  results = $state<Record<string, McpCheckResult>>({});

  constructor(private readonly api: Remote<WorkerApi>) {}

  /** `config` is the server's settings, or the reason they are not valid yet (shown as the result). */
  async test(key: string, config: McpServerConfig | string): Promise<void> {
    if (typeof config === 'string') {
      this.results[key] = { ok: false, text: config };
      return;
    }
    this.results[key] = { ok: true, text: 'Connecting…' };
    try {
      const tools = await this.api.mcp.test(config);
      this.results[key] = {
        ok: true,
        text:
          tools.length === 0
            ? 'Connected: the server offers no tools.'
            : `Connected: ${tools.map((tool) => (tool.readOnly ? tool.name : `${tool.name} (asks first)`)).join(', ')}`,
      };
    } catch (failure) {
      this.results[key] = { ok: false, text: describeError(failure).message };
    }
  }
}
