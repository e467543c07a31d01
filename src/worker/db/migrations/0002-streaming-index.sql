-- Every start looks for answers left marked as streaming by a closed tab (to mark them
-- interrupted). A partial index keeps that lookup instant however long the history grows: it
-- only holds the few rows that are streaming right now.
CREATE INDEX idx_messages_streaming ON messages(is_streaming) WHERE is_streaming = 1;
