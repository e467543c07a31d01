-- The search index catches up on a session by reading only the messages written since it was
-- last brought up to date. Each write stamps its rows with the session's change counter
-- (message_index_meta.change_seq after the write), so "changed since" is one indexed range scan,
-- exact even for edits and for several writes in one millisecond.
ALTER TABLE messages ADD COLUMN index_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_messages_session_index_seq ON messages(session_id, index_seq);

-- Messages written before this migration count as written at counter 1, and every session that
-- has messages gets a counter of at least 1, so an index starting from 0 reads them all.
UPDATE messages SET index_seq = 1;
INSERT INTO message_index_meta (session_id, change_seq)
  SELECT DISTINCT session_id, 1 FROM messages WHERE true
  ON CONFLICT(session_id) DO UPDATE SET change_seq = MAX(change_seq, 1);
