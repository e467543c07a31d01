import { describe, expect, it } from 'vitest';
import { callPolicy, repeatable, resumeAs, withCallIds } from './call-policy';

describe('callPolicy', () => {
  it('repeats reads and writes that land the same twice, and nothing else', () => {
    expect(callPolicy('messages.history')).toBe('read');
    expect(callPolicy('messages.send')).toBe('idempotent');
    expect(callPolicy('content.store')).toBe('idempotent');
    expect(callPolicy('sessions.delete')).toBe('delete');
    expect(callPolicy('agent.respond')).toBe('agent');
    for (const path of ['assistants.create', 'content.addText', 'providers.save', 'content.upload', 'no.such']) {
      expect(callPolicy(path)).toBe('once');
    }
    expect(repeatable('read') && repeatable('idempotent') && repeatable('delete')).toBe(true);
    expect(repeatable('once') || repeatable('agent')).toBe(false);
  });

  it('asks for an answer again only in the form that never answers twice', () => {
    expect(resumeAs('agent.respond')).toBe('agent.resume');
    expect(resumeAs('agent.retry')).toBeUndefined();
  });
});

describe('withCallIds', () => {
  const newId = () => 'chosen';

  it('gives a new session its id before the first attempt, keeping the rest of the input', () => {
    expect(withCallIds('sessions.create', [], newId)).toEqual([{ id: 'chosen' }]);
    expect(withCallIds('sessions.create', [{ name: 'Trip' }], newId)).toEqual([{ name: 'Trip', id: 'chosen' }]);
    expect(withCallIds('sessions.create', [{ id: 'mine' }], newId)).toEqual([{ id: 'mine' }]);
  });

  it('gives a sent message its id as the fourth argument', () => {
    expect(withCallIds('messages.send', ['s1', 'hi'], newId)).toEqual(['s1', 'hi', undefined, 'chosen']);
    expect(withCallIds('messages.send', ['s1', 'hi', [], 'mine'], newId)).toEqual(['s1', 'hi', [], 'mine']);
  });

  it('leaves every other call as it is', () => {
    const args = ['s1'];
    expect(withCallIds('sessions.get', args, newId)).toBe(args);
  });
});
