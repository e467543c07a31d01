-- "Always allow": a tool an assistant may run without asking the user first (issue 18). A
-- built-in tool has server_url ''; an MCP tool is named by its server's address and its own name,
-- so a decision for one server never carries over to another server of the same name. The rows go
-- with their assistant; a backup holds none, and a restore brings none in (data/backup/secrets.ts).
CREATE TABLE tool_grants (
    assistant_id TEXT NOT NULL REFERENCES assistants(id) ON DELETE CASCADE,
    server_url TEXT NOT NULL,
    tool TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (assistant_id, server_url, tool)
);
