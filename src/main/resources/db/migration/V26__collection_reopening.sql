-- A collection closed too early (a community still had its form to return) is opened again by a
-- supervisor who may manage it, as long as its answers were not deleted. Who opened it again and
-- when is kept here, the last time; closing it again records the new close.
alter table collection
    add column reopened_at timestamptz,
    add column reopened_by varchar(64),
    add constraint collection_reopened_by_whom check ((reopened_at is null) = (reopened_by is null));
