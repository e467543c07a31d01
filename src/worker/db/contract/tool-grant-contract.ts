import { beforeEach, expect, it } from 'vitest';
import type { Repositories } from '../repositories';
import { expectCode, testClock, type RepositoryFactory } from './fixtures';

/** "Always allow" decisions, per assistant and tool (AssistantRepository's tool grants). */
export function toolGrantContract(factory: RepositoryFactory): void {
  let repos: Repositories;

  beforeEach(async () => {
    repos = await factory(testClock());
  });

  const helper = () => repos.assistants.create({ id: 'helper', name: 'Helper', createdAt: 1 });

  it('grants, lists and revokes per assistant and tool, a built-in tool apart from an MCP tool of that name', () => {
    helper();
    repos.assistants.grantTool('helper', { tool: 'delete_content', serverUrl: null }, 10);
    repos.assistants.grantTool('helper', { tool: 'delete_content', serverUrl: 'https://mcp.example/mcp' }, 20);
    repos.assistants.grantTool('helper', { tool: 'delete_content', serverUrl: null }, 30); // again: no change
    expect(repos.assistants.toolGrants('helper')).toEqual([
      { assistantId: 'helper', tool: 'delete_content', serverUrl: null, createdAt: 10 },
      { assistantId: 'helper', tool: 'delete_content', serverUrl: 'https://mcp.example/mcp', createdAt: 20 },
    ]);
    expect(repos.assistants.toolGrants('default')).toEqual([]);
    expect(repos.assistants.revokeTool('helper', { tool: 'delete_content', serverUrl: null })).toBe(true);
    expect(repos.assistants.revokeTool('helper', { tool: 'delete_content', serverUrl: null })).toBe(false);
    expect(repos.assistants.toolGrants('helper').map((grant) => grant.serverUrl)).toEqual(['https://mcp.example/mcp']);
  });

  it('drops the grants with their assistant, and refuses unknown assistants and bad tools', () => {
    helper();
    repos.assistants.grantTool('helper', { tool: 'delete_content', serverUrl: null }, 10);
    repos.assistants.delete('helper');
    helper();
    expect(repos.assistants.toolGrants('helper')).toEqual([]);
    expectCode(() => repos.assistants.grantTool('ghost', { tool: 'delete_content', serverUrl: null }, 1), 'NotFound');
    expectCode(() => repos.assistants.toolGrants('ghost'), 'NotFound');
    expectCode(() => repos.assistants.grantTool('helper', { tool: '', serverUrl: null }, 1), 'InvalidInput');
    expectCode(() => repos.assistants.grantTool('helper', { tool: 'x', serverUrl: 5 } as never, 1), 'InvalidInput');
    expectCode(() => repos.assistants.revokeTool('helper', null as never), 'InvalidInput');
  });
}
