-- What one user changed in a span of time (an import's summary: the people its uploader
-- registered while its commit ran) is read by user and time, not by resident.
create index resident_history_changed_by_idx on resident_history (changed_by, changed_at);
