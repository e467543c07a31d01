/**
 * The worker API as the UI sees it: types only. `WorkerApi` is derived from the object the worker
 * exposes (worker/api.ts), so a change to a handler is a compile error in the UI, and no worker
 * code can reach the main thread through here (`import type` is erased at build time). This is
 * the one file under shared/ that may look into worker/, and only for types (see
 * docs/architecture.md).
 */
export type { ApiPath, DatabaseInfo, ExposedPath, TabRole, WorkerApi } from '../worker/api';
export type { ChangeEvent, ChangeListener } from './events';
export type { TestHooks } from './test-hooks';
export type { AssistantInput } from '../worker/assistants/assistant-service';
export type { AssistantPatch } from '../worker/db/repositories';
export type { ProviderInput, ProviderView } from '../worker/agent/providers/provider-settings';
export type { ChunkHit, IndexStatus, SearchHit, SearchQuery, SearchResults } from '../worker/search/search-service';
export type { UploadStage } from '../worker/content/upload-parser';
export type { ParseProgress } from '../worker/content/parsers/parse-document';
export type { AppSettings } from '../worker/settings/settings-service';
export type { BackupFile, ExportFile, ImportSummary, WorkspaceFile } from '../worker/data/data-service';
export type { BackupSummary } from '../worker/data/backup/backup';
export type { CreateSessionInput } from '../worker/sessions/session-service';
export type { HistoryWindow } from '../worker/messages/chat-service';
export type { ToolQuestion } from '../worker/agent/tool-questions';
export type { ToolDecision } from './tool-consent';
