-- Each session's message count and a stamp of its order, kept by triggers in the writing
-- transaction, so a page (messages.getPage) costs the same at any depth (issue 17):
--   message_count: exact, so a page needs no COUNT(1) over the session's index entries;
--   order_stamp: a new random value at every insert or delete of the session's messages
--     (and any change of a message's session or time). The repository caches where every N-th
--     message sits (page-anchors.ts) and trusts that cache only while the stamp is the one it was
--     built at. Random, not a counter: a transaction rolled back, a restore or a raw write can
--     bring a counter back to a value it had with other rows; a random stamp never repeats. 53
--     bits (random() >> 11), so that it reads as a plain number in JS, a salvage or an export.
-- An upsert that updates a message (the streaming update) changes neither, and fires none of
-- these triggers. Derived data: a restore builds it again from the messages (backup-as-data.ts).
CREATE TABLE message_counts (
    session_id TEXT PRIMARY KEY,
    message_count INTEGER NOT NULL,
    order_stamp INTEGER NOT NULL,
    FOREIGN KEY (session_id) REFERENCES sessions(id) ON DELETE CASCADE
);

INSERT INTO message_counts (session_id, message_count, order_stamp)
    SELECT session_id, COUNT(1), (random() >> 11) FROM messages GROUP BY session_id;

CREATE TRIGGER message_counts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO message_counts (session_id, message_count, order_stamp) VALUES (new.session_id, 1, (random() >> 11))
    ON CONFLICT (session_id) DO UPDATE SET message_count = message_count + 1, order_stamp = (random() >> 11);
END;
-- An update only: when a session is deleted, its row may already be gone with it (the cascade).
CREATE TRIGGER message_counts_delete AFTER DELETE ON messages BEGIN
    UPDATE message_counts SET message_count = message_count - 1, order_stamp = (random() >> 11)
    WHERE session_id = old.session_id;
END;
CREATE TRIGGER message_counts_move AFTER UPDATE OF session_id, created_at ON messages BEGIN
    UPDATE message_counts SET message_count = message_count - 1, order_stamp = (random() >> 11)
    WHERE session_id = old.session_id;
    INSERT INTO message_counts (session_id, message_count, order_stamp) VALUES (new.session_id, 1, (random() >> 11))
    ON CONFLICT (session_id) DO UPDATE SET message_count = message_count + 1, order_stamp = (random() >> 11);
END;
