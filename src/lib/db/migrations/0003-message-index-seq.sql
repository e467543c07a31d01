-- The search index catches up on a session by reading only the messages written since it was
-- last brought up to date. Each write stamps its rows with the session's change counter
-- (message_index_meta.change_seq after the write), so "changed since" is one indexed range scan,
-- exact even for edits and for several writes in one millisecond.
ALTER TABLE messages ADD COLUMN index_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_messages_session_index_seq ON messages(session_id, index_seq);
