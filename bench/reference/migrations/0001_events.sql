-- The single table the insert reference writes to.
CREATE TABLE events (
  id TEXT PRIMARY KEY,
  channel_id TEXT NOT NULL,
  url TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
