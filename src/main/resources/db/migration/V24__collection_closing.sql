-- A collection is closed by a supervisor who may manage it: no more forms are downloaded, saved on
-- the page or returned; the summary stays. Once closed, its answers (personal data: 走访情况, 需求)
-- may be deleted, by the supervisor or by the retention period (hub.retention.collection-answers),
-- the form and the returns' counts staying. Who did each and when is kept here.
-- The application role's privileges on these columns come with the table's (afterMigrate.sql grants
-- every ordinary table again after each migration run).
alter table collection
    add column closed_at          timestamptz,
    add column closed_by          varchar(64),
    add column answers_deleted_at timestamptz,
    add column answers_deleted_by varchar(64),
    add constraint collection_closed_by_whom check ((closed_at is null) = (closed_by is null)),
    add constraint collection_answers_deleted_by_whom
        check ((answers_deleted_at is null) = (answers_deleted_by is null)),
    add constraint collection_answers_deleted_when_closed
        check (answers_deleted_at is null or closed_at is not null);

-- The retention chore looks for collections closed long ago.
create index collection_closed_at on collection (closed_at) where closed_at is not null;
