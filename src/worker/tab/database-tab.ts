import { AppError } from '../../shared/errors';
import { lifeLockName } from '../../shared/life-lock';
import { requireId, requireObject } from '../../shared/validate';
import type { ChangeFeed } from '../change-feed';
import { buildServices, type DatabaseInfo, type Services } from '../compose';
import type { UploadParser } from '../content/upload-parser';
import { MemoryKeptCopyStore } from '../data/kept-copy/kept-copy';
import { OpfsKeptCopyStore } from '../data/kept-copy/opfs-kept-copy';
import { MIGRATIONS } from '../db/migrations';
import { schemaVersion, type Migration } from '../db/migrate';
import { toAppError } from '../db/sqlite/map-error';
import { hasOpfs, loadSqlite, openDatabase, unopenedDatabase, type OpenedDatabase } from './open-database';
import { OwnerLink } from './owner-link';
import { failStartForTest, testHooksEnabled, withTestMigrations, type TestHooks } from './test-hooks';
import { claimLock, holdLock, holdsDatabase, OWNER_LOCK, proveOwnership } from './web-lock';

/** This tab's part: it owns the database, forwards its calls to the tab that does, or runs alone in memory. */
export type TabRole = 'owner' | 'follower' | 'memory' | 'starting';

/** When this worker was granted the database and when it had it open (epoch ms), for the hand-over's timing. */
export interface Ownership {
  grantedAt: number;
  openedAt: number;
  poolAttempts: number;
  openMs: number;
}

/** Every tab's worker, this one included, is on this channel; see owner-link.ts. */
const CHANNEL = 'libragent:database';

const stillOpening = () => new AppError('Busy', 'The database is still opening. Try again in a moment.');

/**
 * The integrity check a start does not wait for runs when the UI has drawn its first screen and
 * asks for it (`integrity`), or after this long if nobody asks (and before any write, whatever).
 */
const INTEGRITY_CHECK_AT_THE_LATEST_MS = 3000;

/**
 * This tab's hold on the database. Without OPFS (or Web Locks, or BroadcastChannel) the tab runs
 * alone in memory; otherwise the first tab owns the database and every other forwards its calls to
 * it at once (owner-link.ts) and waits in line for the lock, taking over (reopening the database)
 * when the owner's tab goes.
 */
export class DatabaseTab {
  private readonly tabId = crypto.randomUUID();
  private currentRole: TabRole = 'starting';
  private readonly timings: Ownership = { grantedAt: 0, openedAt: 0, poolAttempts: 0, openMs: 0 };
  private hooks: TestHooks = {};
  private opening: Promise<DatabaseInfo> | undefined;
  private ownerOpening: Promise<DatabaseInfo> | undefined;
  private open: Services | undefined;
  private opened: OpenedDatabase | undefined;
  /** What the deferred integrity check found wrong with the open database: every call is refused with it. */
  private damage: AppError | undefined;
  private link: OwnerLink | undefined;
  private claim: Promise<boolean> | undefined;
  private lifeLock: Promise<void> | undefined;

  constructor(
    /** This tab's views listen here; in the owner the services write here and it is also broadcast. */
    private readonly changes: ChangeFeed,
    private readonly parser: UploadParser,
    /** Runs a call by path against this worker's own services (the call table). */
    private readonly runLocally: (path: string, args: unknown[]) => unknown,
  ) {}

  get role(): TabRole {
    return this.currentRole;
  }

  get ownership(): Ownership {
    return { ...this.timings };
  }

  /** The services, once this worker has the database open; Busy until then. */
  services(): Services {
    if (this.damage) throw this.damage;
    if (!this.open) throw stillOpening();
    return this.open;
  }

  /** The services if the database is open in this worker, else undefined (nothing waits). */
  get openServices(): Services | undefined {
    return this.open;
  }

  /** Whether another tab owns the database, so this tab's calls are sent to it. */
  get forwarding(): boolean {
    return this.link !== undefined && !this.link.isOwner;
  }

  /** Starts this tab, once: later calls get the same result. Test hooks count only in e2e builds. */
  start(hooks?: TestHooks): Promise<DatabaseInfo> {
    if (hooks !== undefined) {
      try {
        requireObject(hooks, 'Test hooks');
      } catch (error) {
        return Promise.reject(error);
      }
    }
    this.opening ??= this.begin(testHooksEnabled ? (hooks ?? {}) : {}).catch((error: unknown) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  /** Resolves once this worker holds its life lock (`lifeLockName(name)`), held until it dies. */
  alive(name: string): Promise<void> {
    try {
      requireId(name, 'Life lock name');
    } catch (error) {
      return Promise.reject(error);
    }
    this.lifeLock ??= holdLock(lifeLockName(name));
    return this.lifeLock;
  }

  /** A call of this tab's UI: run here if this tab owns the database, else sent to the owner. */
  async route(path: string, args: unknown[]): Promise<unknown> {
    if (!this.link) {
      if (!this.opening) throw stillOpening();
      return this.runLocally(path, args);
    }
    if (this.link.isOwner) {
      await this.takeOver();
      return this.runLocally(path, args);
    }
    return this.link.call(path, args);
  }

  /**
   * Resolves once the database this worker opened has passed its integrity check, which the start
   * did not wait for (deferred-integrity-check.ts); rejects with Corrupt when it is damaged, and
   * from then on every call is refused with the same error and the file is kept as it is.
   */
  async integrity(): Promise<void> {
    this.services();
    await this.opened?.integrity.runInIdle();
  }

  /** This tab's services for work that must run here: opened first if this tab has just become the owner. */
  async owned(): Promise<Services> {
    if (this.link) await this.takeOver();
    return this.services();
  }

  private async begin(hooks: TestHooks): Promise<DatabaseInfo> {
    this.hooks = hooks;
    const alone =
      hooks.pretendNoOpfs || !hasOpfs() || typeof BroadcastChannel === 'undefined' || typeof navigator.locks === 'undefined';
    if (alone) {
      const info = await this.openOwned(hooks);
      this.currentRole = info.persistence === 'memory' ? 'memory' : 'owner';
      return info;
    }
    const shared = this.joinTabs();
    this.claim ??= hooks.followerOnly
      ? Promise.resolve(false)
      : claimLock(OWNER_LOCK, () => void this.takeOver().catch(() => undefined));
    if (await this.claim) return this.takeOver();
    if (!shared.isOwner) this.currentRole = 'follower';
    // Ready to take over: compiled now, while nothing waits on it.
    loadSqlite().catch((error: unknown) => console.warn('Could not load SQLite ahead of a take-over:', error));
    return (await shared.call('info', [])) as DatabaseInfo;
  }

  private joinTabs(): OwnerLink {
    if (this.link) return this.link;
    const joined = new OwnerLink(new BroadcastChannel(CHANNEL), this.tabId, {
      execute: async (path, args) => {
        await this.takeOver();
        return this.runLocally(path, args);
      },
      onChange: (event) => this.changes.emit(event),
      // Writes of the old owner's last moment may not have been announced: every view reads again.
      onOwnerChanged: () => this.changes.emit({ kind: 'all' }),
      isRealOwner: holdsDatabase,
      proveOwnership,
    });
    this.changes.subscribe((event) => joined.broadcastChange(event));
    this.link = joined;
    return joined;
  }

  /** This tab owns the database now: it says so at once (calls wait for the open), then opens it. */
  private takeOver(): Promise<DatabaseInfo> {
    const shared = this.joinTabs();
    const wasFollower = this.currentRole === 'follower';
    if (!shared.isOwner) {
      this.currentRole = 'owner';
      this.timings.grantedAt = Date.now();
      shared.becomeOwner();
    }
    this.ownerOpening ??= this.openOwned(this.hooks).then(
      (info) => {
        this.timings.openedAt = Date.now();
        // The old owner's last change events may have been lost with its tab: this tab's views
        // (the other tabs heard of the new owner already) read everything again.
        if (wasFollower) this.changes.emit({ kind: 'all' });
        return info;
      },
      (error: unknown) => {
        this.ownerOpening = undefined; // The next call tries again: the old owner's handles may be free by then.
        throw error;
      },
    );
    return this.ownerOpening;
  }

  /**
   * Opens the database in this worker: only once this tab owns it (or when it runs in memory). This
   * is the owner's start path, where the services are made.
   */
  private async openOwned(hooks: TestHooks): Promise<DatabaseInfo> {
    // A start that failed keeps its file for the startup screen's choices: it is not opened again
    // under them (a call from another tab would try), only after a reload.
    const unopened = unopenedDatabase();
    if (unopened) throw unopened.failure;
    const began = Date.now();
    const migrations = withTestMigrations(MIGRATIONS, hooks);
    const opened = await openDatabase({ migrations, pretendNoOpfs: hooks.pretendNoOpfs, damageDatabase: hooks.damageDatabase });
    try {
      return this.serve(opened, migrations, hooks, began);
    } catch (error) {
      // The database opened but the app could not start on it: the file is kept for the startup screen.
      const failure = toAppError(error);
      this.open?.indexing.stop();
      this.open?.search.close();
      this.open = undefined;
      opened.keepForRecovery(failure);
      throw failure;
    }
  }

  /** Builds the services over the open database and starts its deferred integrity check. */
  private serve(opened: OpenedDatabase, migrations: Migration[], hooks: TestHooks, began: number): DatabaseInfo {
    failStartForTest(hooks, opened.sql);
    this.timings.poolAttempts = opened.poolAttempts;
    this.timings.openMs = Date.now() - began;
    const info: DatabaseInfo = {
      persistence: opened.persistence,
      schemaVersion: schemaVersion(opened.sql),
      sqliteVersion: opened.sqliteVersion,
      migrated: opened.migration.applied,
      startupMs: 0,
    };
    const composition = {
      opened,
      info,
      migrations,
      hooks,
      changes: this.changes,
      parser: this.parser,
      rebuilt: (services: Services) => {
        this.open = services;
      },
      kept: opened.persistence === 'opfs' ? new OpfsKeptCopyStore() : new MemoryKeptCopyStore(),
    };
    this.open = buildServices(composition, this.open);
    this.open.repos.sessions.list({ limit: 1 });
    this.opened = opened;
    this.watchIntegrity(opened);
    info.startupMs = Math.round(performance.now());
    return info;
  }

  /** Runs the deferred integrity check at the latest after a while; damage it finds ends the use of the database. */
  private watchIntegrity(opened: OpenedDatabase): void {
    const timer = setTimeout(() => void opened.integrity.runInIdle().catch(() => undefined), INTEGRITY_CHECK_AT_THE_LATEST_MS);
    opened.integrity.done.then(
      () => clearTimeout(timer),
      (error: unknown) => {
        clearTimeout(timer);
        this.damage = toAppError(error);
        this.open?.indexing.stop();
        this.open?.search.close();
        this.open = undefined;
        opened.keepForRecovery(this.damage);
      },
    );
  }
}
