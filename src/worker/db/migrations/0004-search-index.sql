-- One search index for the whole corpus, in the database itself (issue 16): an FTS5 table holds
-- the postings on disk, so a start has nothing to load, memory does not grow with the history,
-- and BM25 statistics are those of every message and document at once. The words are the app's
-- own: plain ASCII text goes in as it is, and FTS5's ascii tokenizer splits and lower-cases it as
-- src/worker/search/tokenize.ts would; other text (other scripts, accents, a tool's JSON output)
-- is written as the app's words, space-separated (src/worker/search/index-text.ts).
--   body: the words of a message, or of a document chunk;
--   name: a document's file name (ranked at half weight);
--   tags: what filters use (session, role, kind), in words no text can produce ('§' is never a word
--         character), weighted 0 so they never change a score.
-- detail=full, the default, because bm25() of a contentless table scores nothing with
-- detail=column (measured).
-- contentless: the text stays in messages and chunks only; contentless_delete lets a row go by rowid.
-- Row ids ("doc"): minus a message's rowid; minus 2^40 minus a chunk's rowid (index-rows.ts). The
-- newest rows have the smallest ids, which FTS5 reaches first walking forward.
CREATE VIRTUAL TABLE search_index USING fts5(
    body, name, tags,
    content = '', contentless_delete = 1,
    tokenize = "ascii tokenchars '_'"
);
-- ORDER BY rank is BM25 with these column weights: body 1, file name 0.5, tags 0 (index-rows.ts).
INSERT INTO search_index (search_index, rank) VALUES ('rank', 'bm25(1.0, 0.5, 0.0)');

-- What the index still has to take in: every write of a message or chunk queues its row, in the
-- same transaction as the write (these triggers; an upsert, not OR REPLACE, which the outer
-- statement's own conflict clause would override), so nothing written can be missed, even by a tab
-- killed before the index looked. The search service drains it (src/worker/search/index-writer.ts).
CREATE TABLE search_queue (
    doc INTEGER PRIMARY KEY,                       -- as search_index's rowid
    session_id TEXT                                -- null when it is no longer known (a cascade)
);
-- "Is this session's part of the index complete?" is asked after each step of the indexer.
CREATE INDEX idx_search_queue_session ON search_queue(session_id);

CREATE TRIGGER search_queue_message_insert AFTER INSERT ON messages BEGIN
    INSERT INTO search_queue (doc, session_id) VALUES (-new.rowid, new.session_id)
    ON CONFLICT (doc) DO UPDATE SET session_id = excluded.session_id;
END;
CREATE TRIGGER search_queue_message_update AFTER UPDATE OF role, content, thinking ON messages BEGIN
    INSERT INTO search_queue (doc, session_id) VALUES (-new.rowid, new.session_id)
    ON CONFLICT (doc) DO UPDATE SET session_id = excluded.session_id;
END;
CREATE TRIGGER search_queue_message_delete AFTER DELETE ON messages BEGIN
    INSERT INTO search_queue (doc, session_id) VALUES (-old.rowid, old.session_id)
    ON CONFLICT (doc) DO UPDATE SET session_id = excluded.session_id;
END;
CREATE TRIGGER search_queue_chunk_insert AFTER INSERT ON chunks BEGIN
    INSERT INTO search_queue (doc, session_id)
    VALUES (-1099511627776 - new.rowid, (SELECT session_id FROM contents WHERE id = new.content_id))
    ON CONFLICT (doc) DO UPDATE SET session_id = excluded.session_id;
END;
CREATE TRIGGER search_queue_chunk_delete AFTER DELETE ON chunks BEGIN
    INSERT INTO search_queue (doc, session_id)
    VALUES (-1099511627776 - old.rowid, (SELECT session_id FROM contents WHERE id = old.content_id))
    ON CONFLICT (doc) DO UPDATE SET session_id = excluded.session_id;
END;

-- The index's vocabulary with each word's document frequency, so a start can load the minisearch
-- index of words (prefix and typo expansion) in small steps instead of scanning every posting.
-- Exact after each indexing pass; in between, new words are added as they are indexed.
CREATE TABLE search_terms (
    term TEXT PRIMARY KEY,
    df INTEGER NOT NULL
) WITHOUT ROWID;

-- Messages now reach the index through search_queue: the per-session change stamp and its index
-- go (the column stays, unused: dropping it would rewrite every message row).
DROP INDEX idx_messages_session_index_seq;

-- Sessions whose index was a file of their workspace folder (up to 0003): the search service
-- removes those files once the new index holds everything (legacy-index-files.ts).
CREATE TABLE search_legacy_files (session_id TEXT PRIMARY KEY);
INSERT INTO search_legacy_files (session_id) SELECT session_id FROM message_index_meta WHERE index_path IS NOT NULL;

-- Everything already written is queued once, so the upgrade builds the new index in the
-- background, newest first; search answers from what it holds meanwhile.
INSERT INTO search_queue (doc, session_id) SELECT -rowid, session_id FROM messages WHERE true;
INSERT INTO search_queue (doc, session_id)
    SELECT -1099511627776 - c.rowid, t.session_id FROM chunks c JOIN contents t ON t.id = c.content_id WHERE true;
UPDATE message_index_meta SET indexed_seq = 0;
