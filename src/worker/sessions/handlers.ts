import type { Session } from '../../shared/entities';
import type { Services } from '../compose';
import type { CreateSessionInput } from './session-service';

/** The sessions a user chats in, each with its messages, content store and workspace folder. */
export const sessionHandlers = (services: () => Services) => ({
  /** Every session, most recent activity first; `nameContains` filters by name, case-insensitively. */
  list: (nameContains?: string): Session[] => services().sessions.list(nameContains),

  /** One session; NotFound if there is none with this id. */
  get: (sessionId: string): Session => services().sessions.get(sessionId),

  /**
   * A new session with the default assistant (or `input.assistantId`) and its workspace folder.
   * Given an `input.id` that exists already, it returns that session (a repeated call lands once).
   */
  create: (input?: CreateSessionInput): Promise<Session> => services().sessions.create(input),

  /** Gives the session a new name. */
  rename: (sessionId: string, name: string): Session => services().sessions.rename(sessionId, name),

  /**
   * Stops the session's answer, if one is being written, then removes the session with its
   * messages, content store and index metadata (one transaction), then its workspace folder.
   */
  delete: async (sessionId: string): Promise<void> => {
    services().agent.stop(sessionId);
    await services().sessions.delete(sessionId, () => services().search.forget(sessionId));
  },
});
