-- Fewer pages written by each message write (issue 17: the streaming update is an upsert of one
-- message, many times a second while an answer streams).
--
-- idx_messages_session_id (session_id) is a prefix of idx_messages_session_created
-- (session_id, created_at), which serves every lookup by session as well (checked with EXPLAIN
-- QUERY PLAN: counts, deletes and "any message?" move to the wider index, as covering as before;
-- pages keep theirs). One index fewer to update at every insert and delete.
DROP INDEX idx_messages_session_id;

-- An edit of a message already waiting in the search queue left that row as it was, but
-- rewrote it all the same (the upsert's DO UPDATE): while an answer streams, that is one page
-- more in every commit. Now the row is written only when it is new or its session differs.
DROP TRIGGER search_queue_message_update;
CREATE TRIGGER search_queue_message_update AFTER UPDATE OF role, content, thinking ON messages BEGIN
    INSERT INTO search_queue (doc, session_id) VALUES (-new.rowid, new.session_id)
    ON CONFLICT (doc) DO UPDATE SET session_id = excluded.session_id
    WHERE search_queue.session_id IS NOT excluded.session_id;
END;
