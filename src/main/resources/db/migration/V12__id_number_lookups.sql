-- The access log records look-ups of an ID number that found a resident outside the caller's area
-- (action LOOKUP): registering or importing a number tells whether someone holds it, so those answers
-- are personal data read, seen by the holder's area's auditors and counted against a daily budget.
-- The list of actions is written out whole: a constraint PostgreSQL re-renders (as after V7) no
-- longer has the text an in-place edit would look for.
alter table access_log drop constraint access_log_action_check;
alter table access_log add constraint access_log_action_check check (action in (
    'VIEW', 'LIST', 'REVEAL', 'EXPORT', 'PREVIEW', 'HISTORY', 'DISCLOSURES', 'MERGE', 'LOOKUP'));
