-- Records of every accepted event, the recordings and channels they describe, the delivery
-- outbox with its attempts, and the requests that were refused.

CREATE TABLE events (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  dedup_key TEXT NOT NULL,
  data TEXT NOT NULL,
  warnings TEXT NOT NULL DEFAULT '[]',
  raw_method TEXT NOT NULL,
  raw_content_type TEXT,
  raw_body TEXT,
  raw_query TEXT
);
CREATE INDEX events_by_type_time ON events (type, received_at);
CREATE INDEX events_by_channel_time ON events (channel_id, received_at);
CREATE INDEX events_by_time ON events (received_at);

-- Dedup decided inside D1: one row per key, replaced only once it has expired.
CREATE TABLE dedup (
  key TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL
);

CREATE TABLE recordings (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  channel_id TEXT NOT NULL,
  url TEXT NOT NULL,
  filesize INTEGER,
  duration REAL,
  thumbnail TEXT,
  received_at INTEGER NOT NULL,
  archive_state TEXT NOT NULL DEFAULT 'none',
  archive_key TEXT,
  archive_size INTEGER,
  archive_etag TEXT,
  archive_error TEXT,
  archived_at INTEGER,
  UNIQUE (channel_id, url)
);
CREATE INDEX recordings_by_time ON recordings (received_at);
CREATE INDEX recordings_by_channel_time ON recordings (channel_id, received_at);

CREATE TABLE channels (
  id TEXT PRIMARY KEY,
  status TEXT NOT NULL,
  status_at INTEGER NOT NULL,
  first_seen_at INTEGER NOT NULL,
  created_at INTEGER,
  closed_at INTEGER,
  last_event_id TEXT,
  last_recording_id TEXT,
  last_recording_at INTEGER
);
CREATE INDEX channels_by_status ON channels (status, status_at);

CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL,
  target TEXT NOT NULL,
  kind TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'pending',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_until INTEGER,
  last_status_code INTEGER,
  last_error TEXT,
  response_excerpt TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  completed_at INTEGER
);
CREATE INDEX deliveries_by_status_due ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_by_event ON deliveries (event_id);
CREATE INDEX deliveries_by_target ON deliveries (target, updated_at);

CREATE TABLE attempts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  ms INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  status_code INTEGER,
  error TEXT,
  response_excerpt TEXT
);
CREATE INDEX attempts_by_delivery ON attempts (delivery_id, attempt);
CREATE INDEX attempts_by_time ON attempts (started_at);

-- Targets that answered 410 Gone: flagged until the operator changes the config.
CREATE TABLE target_flags (
  target TEXT PRIMARY KEY,
  gone_at INTEGER NOT NULL,
  reason TEXT NOT NULL
);

CREATE TABLE quarantine (
  id TEXT PRIMARY KEY,
  received_at INTEGER NOT NULL,
  status INTEGER NOT NULL,
  code TEXT NOT NULL,
  reason TEXT NOT NULL,
  issues TEXT NOT NULL DEFAULT '[]',
  raw_method TEXT NOT NULL,
  raw_content_type TEXT,
  raw_body TEXT,
  raw_query TEXT
);
CREATE INDEX quarantine_by_time ON quarantine (received_at);
