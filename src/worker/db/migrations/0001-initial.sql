-- The first schema: the seed's tables with all their columns, checks and indexes, plus what a real
-- app needs (assistants, sessions, settings). Foreign keys to sessions make a deleted session
-- impossible to leave behind: its messages, index metadata and content store go with it.
-- A shipped migration is never edited: change the schema in a new numbered file.

CREATE TABLE assistants (
    id TEXT PRIMARY KEY CHECK(id <> ''),
    name TEXT NOT NULL CHECK(name <> ''),
    description TEXT NOT NULL DEFAULT '',
    system_prompt TEXT NOT NULL DEFAULT '',
    allowed_tools TEXT NOT NULL DEFAULT '[]',      -- JSON array of built-in tool names
    model_settings TEXT NOT NULL DEFAULT '{}',     -- JSON object: provider, model, temperature, ...
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY CHECK(id <> ''),
    name TEXT NOT NULL,
    assistant_id TEXT NOT NULL REFERENCES assistants(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL                    -- last activity
);
CREATE INDEX idx_sessions_updated ON sessions(updated_at);
CREATE INDEX idx_sessions_assistant ON sessions(assistant_id);

CREATE TABLE messages (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL CHECK(session_id <> ''),
    role TEXT NOT NULL,                            -- 'user', 'assistant', 'system', 'tool'
    content TEXT NOT NULL,
    tool_calls TEXT,                               -- JSON serialized tool calls
    tool_call_id TEXT,                             -- reference to a tool call
    is_streaming INTEGER,                          -- boolean flag
    thinking TEXT,                                 -- reasoning/thinking content
    thinking_signature TEXT,                       -- signature for thinking
    assistant_id TEXT,                             -- assistant that generated the message
    attachments TEXT,                              -- JSON serialized attachments
    tool_use TEXT,                                 -- JSON serialized tool usage
    created_at INTEGER NOT NULL,                   -- Unix time in milliseconds
    updated_at INTEGER NOT NULL,                   -- Unix time in milliseconds
    source TEXT,                                   -- message source identifier
    error TEXT,                                    -- error message if any
    FOREIGN KEY (session_id) REFERENCES sessions(id) ON DELETE CASCADE
);
CREATE INDEX idx_messages_session_created ON messages(session_id, created_at);
CREATE INDEX idx_messages_session_id ON messages(session_id);

CREATE TABLE message_index_meta (
    session_id TEXT PRIMARY KEY,
    index_path TEXT,                               -- where the persisted search index lives
    last_indexed_at INTEGER DEFAULT 0,             -- last index build, Unix ms
    doc_count INTEGER DEFAULT 0,                   -- documents in the index
    index_version INTEGER DEFAULT 1,               -- index format version
    last_rebuild_duration_ms INTEGER,              -- time taken by the last rebuild
    -- Bumped by every insert, upsert and delete of the session's messages. The index is dirty
    -- while change_seq > indexed_seq: a counter, unlike the seed's max(created_at) comparison,
    -- also sees edits and deletions, and cannot be fooled by two writes in one millisecond.
    change_seq INTEGER NOT NULL DEFAULT 0,
    indexed_seq INTEGER NOT NULL DEFAULT 0,
    FOREIGN KEY (session_id) REFERENCES sessions(id) ON DELETE CASCADE
);

CREATE TABLE stores (
    session_id TEXT PRIMARY KEY,                   -- 1:1 with a session
    name TEXT,
    description TEXT,
    created_at TEXT NOT NULL,                      -- ISO 8601
    updated_at TEXT NOT NULL,
    FOREIGN KEY (session_id) REFERENCES sessions(id) ON DELETE CASCADE
);

CREATE TABLE contents (
    id TEXT PRIMARY KEY,
    session_id TEXT NOT NULL,
    filename TEXT NOT NULL,
    mime_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    line_count INTEGER NOT NULL,
    preview TEXT NOT NULL,
    uploaded_at TEXT NOT NULL,
    chunk_count INTEGER NOT NULL,
    last_accessed_at TEXT NOT NULL,
    content TEXT NOT NULL,                         -- full file content
    FOREIGN KEY (session_id) REFERENCES stores(session_id) ON DELETE CASCADE
);
CREATE INDEX idx_contents_session_id ON contents(session_id);

CREATE TABLE chunks (
    id TEXT PRIMARY KEY,
    content_id TEXT NOT NULL,
    chunk_index INTEGER NOT NULL,
    text TEXT NOT NULL,
    start_line INTEGER NOT NULL,                   -- 1-based, inclusive
    end_line INTEGER NOT NULL,
    page INTEGER,                                  -- PDF page, where known
    sheet TEXT,                                    -- spreadsheet sheet, where known
    FOREIGN KEY (content_id) REFERENCES contents(id) ON DELETE CASCADE
);
CREATE INDEX idx_chunks_content_id ON chunks(content_id);

CREATE TABLE settings (
    key TEXT PRIMARY KEY CHECK(key <> ''),
    value TEXT NOT NULL,                           -- JSON
    updated_at INTEGER NOT NULL
);

-- The default assistant exists from the first start, so "New session" works with no setup.
INSERT INTO assistants (id, name, description, system_prompt, allowed_tools, is_default, created_at, updated_at)
VALUES (
    'default',
    'LibrAgent',
    'The built-in assistant. It answers from your documents and history, even offline.',
    'You are LibrAgent, a helpful assistant. Use the session''s documents when they are relevant and cite them.',
    '["add_content","list_content","read_content","keyword_search","delete_content"]',
    1,
    CAST(unixepoch('subsec') * 1000 AS INTEGER),
    CAST(unixepoch('subsec') * 1000 AS INTEGER)
);
